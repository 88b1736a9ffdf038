"""People's corrections of the alignment: recorded apart from the matcher's output, audited,
shown in the evidence panel, exported; and respected by every regrouping and rebuild."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from newsdiff.framing.models import AuditEntry
from newsdiff.matching.core.constraints import CANNOT, MUST, Constraints
from newsdiff.matching.models import LinkDecision
from newsdiff.matching.store import decisions
from tests.factories import make_annotation, make_user
from tests.pages import istanbul_corpus

pytestmark = pytest.mark.django_db


def test_a_decision_is_recorded_audited_shown_and_exported(client: Client) -> None:
    corpus = istanbul_corpus()
    rt, rt_older, belta = corpus.paragraphs
    a, b = sorted([rt.pk, belta.pk])
    researcher = make_user("researcher", username="rita")
    client.force_login(researcher)
    url = f"/framing/passages/{rt.pk}/links/"
    response = client.post(url, {"kind": "different", "other": belta.pk, "note": "two summits"})
    assert response.status_code == 302 and response["Location"] == f"/pairs/{a}-{b}/"
    decision = LinkDecision.objects.in_force().get()
    assert (decision.paragraph_a_id, decision.paragraph_b_id, decision.kind) == (a, b, "different")
    entry = AuditEntry.objects.get(model="linkdecision")
    assert (entry.action, entry.after) == ("link", {"kind": "different", "note": "two summits"})
    html = client.get(f"/pairs/{a}-{b}/").content.decode()
    assert "<strong>Not the same event</strong>: rita" in html and "two summits" in html
    # A second decision withdraws the first; both stay.
    client.post(url, {"kind": "revoke", "other": belta.pk})
    assert not LinkDecision.objects.in_force().exists() and LinkDecision.objects.count() == 1
    html = client.get(f"/pairs/{a}-{b}/").content.decode()
    assert "withdrawn by rita" in html
    make_annotation(rt, "political", annotator=researcher)
    exported = json.loads(client.get("/framing/export/").content)["alignment_decisions"]
    assert [(d["decision"], d["withdrawn_by"]) for d in exported] == [("different", "rita")]
    # Bad input is named; journalists cannot decide.
    response = client.post(url, {"kind": "same", "other": rt.article.paragraphs.first().pk})
    assert response.status_code == 400 and "same article" in response.content.decode()
    assert client.post(url, {"kind": "maybe", "other": belta.pk}).status_code == 400
    client.force_login(make_user("journalist"))
    assert client.post(url, {"kind": "same", "other": rt_older.pk}).status_code == 403
    assert "Not the same event: unlink them" not in client.get(f"/pairs/{a}-{b}/").content.decode()


def test_constraints_add_and_remove_edges_and_keep_must_links_together() -> None:
    rules = Constraints(frozenset({(1, 5)}), frozenset({(2, 3)}))
    assert rules.edges([(3, 2), (1, 2)]) == [(1, 2), (1, 5)]
    assert rules.score(5, 1, 0.2) == MUST and rules.score(3, 2, 0.9) == CANNOT
    assert rules.score(1, 2, 0.4) == 0.4
    assert rules.together([[1, 2], [5, 6]]) == [[1, 2, 5], [5, 6]]
    assert rules.together([[1, 5, 7]]) == [[1, 5, 7]]
    assert decisions.constraints() == Constraints()
