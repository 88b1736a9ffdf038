"""People's corrections of the alignment: recorded apart from the matcher's output, audited,
shown in the evidence panel, exported; and respected by every regrouping and rebuild."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from newsdiff.framing import services
from newsdiff.framing.models import AuditEntry
from newsdiff.matching.core.constraints import CANNOT, MUST, Constraints
from newsdiff.matching.models import Alignment, Event, LinkDecision, RetiredAlignment
from newsdiff.matching.service import align_articles
from newsdiff.matching.store import decisions
from tests.factories import make_annotation, make_story, make_user, vector
from tests.pages import istanbul_corpus, signing_reports, third_signing_report

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
    assert (entry.action, entry.object_id) == ("link", decision.pk)
    pair = {"paragraph_a": a, "paragraph_b": b}
    assert entry.after == {"kind": "different", "note": "two summits"} | pair
    html = client.get(f"/pairs/{a}-{b}/").content.decode()
    assert "<strong>Not the same event</strong>: rita" in html and "two summits" in html
    # A second decision withdraws the first; both stay.
    client.post(url, {"kind": "revoke", "other": belta.pk})
    assert not LinkDecision.objects.in_force().exists() and LinkDecision.objects.count() == 1
    withdrawn = AuditEntry.objects.filter(model="linkdecision").order_by("-id").first()
    assert (withdrawn.action, withdrawn.object_id, withdrawn.after) == (
        "withdraw",
        decision.pk,
        None,
    )
    response = client.post(url, {"kind": "revoke", "other": belta.pk})
    assert response.status_code == 400 and "no decision" in response.content.decode()
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


def aligned(a, b) -> bool:
    lo, hi = sorted([a.pk, b.pk])
    return Alignment.objects.filter(paragraph_a_id=lo, paragraph_b_id=hi).exists()


def together(a, b) -> bool:
    return Event.objects.filter(members__paragraph=a).filter(members__paragraph=b).exists()


def test_links_and_unlinks_survive_rebuild_and_a_regrouping_upload() -> None:
    one, two = signing_reports()
    align_articles([one.pk, two.pk])
    signed_1, weather = one.paragraphs.order_by("position")
    signed_2, sport = two.paragraphs.order_by("position")
    assert aligned(signed_1, signed_2) and not aligned(weather, sport)
    lead = make_user("researcher", username="lead")
    # The matcher missed a pair: a researcher links it; it is aligned, in one event, at once.
    services.link(lead, weather, sport, "same", "both about the summit's setting")
    assert aligned(weather, sport) and together(weather, sport)
    # The matcher's pair is not the same event: unlinked, it is no alignment and no event.
    services.link(lead, signed_2, signed_1, "different")
    assert not aligned(signed_1, signed_2) and not together(signed_1, signed_2)
    assert RetiredAlignment.objects.filter(paragraph_a=signed_1, paragraph_b=signed_2).exists()
    for regroup in ("rebuild", "upload"):
        if regroup == "rebuild":
            call_command("align", "--rebuild")
        else:  # a third report of the signing regroups the event around it
            three = third_signing_report()
            align_articles([three.pk])
            signed_3 = three.paragraphs.get()
            # The third joins one of the two, never both in one event.
            assert aligned(signed_1, signed_3) or aligned(signed_2, signed_3)
        assert aligned(weather, sport) and together(weather, sport), regroup
        assert not aligned(signed_1, signed_2) and not together(signed_1, signed_2), regroup
    # Withdrawn, the matcher's own view comes back on the next regrouping.
    services.link(lead, signed_1, signed_2, "revoke")
    assert aligned(signed_1, signed_2)
    assert LinkDecision.objects.in_force().count() == 1  # the link of weather and sport


def test_the_evidence_panel_says_a_pair_was_linked_by_a_person(client: Client) -> None:
    one = make_story(["Weather was mild."], [vector(2)])
    two = make_story(["Sport results."], [vector(3)])
    weather, sport = one.paragraphs.get(), two.paragraphs.get()
    researcher = make_user("researcher", username="rita")
    client.force_login(researcher)
    response = client.post(
        f"/framing/passages/{weather.pk}/links/",
        {"kind": "same", "other": sport.pk, "note": "one summit"},
    )
    lo, hi = sorted([weather.pk, sport.pk])
    assert response["Location"] == f"/pairs/{lo}-{hi}/"
    html = client.get(response["Location"]).content.decode()
    assert "<strong>Same event</strong>: rita" in html and "one summit" in html
    assert "Not the same event: unlink them" in html  # it is aligned now
