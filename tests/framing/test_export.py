"""Export (CSV, JSON) and the read-only token API: round trip, pseudonyms, pagination, filters."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.test import Client

from newsdiff.framing import export, services
from newsdiff.framing.models import Annotation
from tests.factories import make_annotation, make_user
from tests.pages import istanbul_corpus

pytestmark = pytest.mark.django_db


def tagged() -> tuple:
    """The Istanbul corpus with two researchers' tags: 3 frames, 1 difference, 1 deleted."""
    corpus = istanbul_corpus()
    rt, old, belta = corpus.paragraphs
    ana, ben = make_user("researcher", username="ana"), make_user("researcher", username="ben")
    make_annotation(
        rt,
        "political",
        annotator=ana,
        tone="negative",
        span=services.locate(rt.text, "Boris Johnson"),
    )
    make_annotation(belta, "security-and-defense", annotator=ana, note="blame")
    make_annotation(old, "political", annotator=ben, tone="neutral")
    make_annotation(
        rt,
        "word-choice",
        other=belta,
        annotator=ben,
        span=services.locate(rt.text, "peace deal"),
        other_span=services.locate(belta.text, "settlement agreement"),
    )
    services.delete(make_annotation(old, "morality", annotator=ben), ben)
    return corpus, ana, ben


def test_export_round_trip_field_by_field(client: Client) -> None:
    corpus, ana, _ = tagged()
    client.force_login(ana)
    response = client.get("/framing/export/", {"format": "json"})
    assert response["Content-Disposition"] == 'attachment; filename="newsdiff-tags.json"'
    records = {r["id"]: r for r in json.loads(response.content)}
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/framing/export/", {"format": "csv"}).content.decode())
        )
    )
    assert {int(r["id"]) for r in rows} == set(records)
    live = Annotation.objects.live().select_related(
        "paragraph__article__outlet", "other_paragraph__article", "tag", "annotator"
    )
    assert (
        set(records) == {t.pk for t in live} and len(rows) == 4
    )  # the deleted tag is not exported
    for tag in live:
        rec, row = records[tag.pk], next(r for r in rows if int(r["id"]) == tag.pk)
        article = tag.paragraph.article
        assert rec["tag"] == tag.tag.slug and rec["codebook"] == tag.codebook.slug
        assert rec["annotator"] == tag.annotator.username and rec["note"] == tag.note
        assert rec["text"] == tag.paragraph.text and rec["span_text"] == (tag.span_text() or None)
        assert (rec["title"], rec["outlet"], rec["url"]) == (
            article.title,
            article.outlet.name,
            article.url,
        )
        assert rec["published"] == article.published.isoformat()
        assert rec["event_ids"] == [corpus.event.pk] and rec["event_labels"] == [corpus.event.label]
        assert rec["created"] == tag.created.isoformat() and rec["tone"] == (tag.tone or None)
        if tag.is_pair:
            assert rec["kind"] == "pair" and rec["other_text"] == tag.other_paragraph.text
            assert {rec["span_text"], rec["other_span_text"]} == {
                "peace deal",
                "settlement agreement",
            }
        # The CSV says the same, as text.
        for name, value in rec.items():
            expected = (
                " | ".join(map(str, value))
                if isinstance(value, list)
                else ("" if value is None else str(value))
            )
            assert row[name] == expected, name


def test_annotators_are_pseudonymised_when_the_setting_says_so(client: Client, settings) -> None:
    _, ana, _ = tagged()
    settings.NEWSDIFF_PSEUDONYMISE_ANNOTATORS = True
    client.force_login(ana)
    names = {r["annotator"] for r in json.loads(client.get("/framing/export/").content)}
    assert len(names) == 2 and all(re.fullmatch(r"annotator-[0-9a-f]{8}", n) for n in names)
    assert "ana" not in client.get("/framing/export/", {"format": "csv"}).content.decode()
    assert (
        export.annotator_name("ana") == export.annotator_name("ana") != export.annotator_name("ben")
    )


def api_key(client: Client, user) -> str:
    client.force_login(user)
    html = client.post("/framing/token/").content.decode()
    key = re.search(r'<code id="api-key">([^<]+)</code>', html)
    assert key, html
    assert key.group(1) not in client.get("/framing/token/").content.decode()  # shown once
    client.logout()
    return key.group(1)


def test_api_pages_through_every_tag_with_a_token() -> None:
    _, ana, _ = tagged()
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Token {api_key(client, ana)}"}
    seen, url = [], "/api/annotations/?page_size=3"
    while url:
        body = client.get(url, **auth).json()
        assert body["count"] == 4
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert sorted(seen) == list(
        Annotation.objects.live().order_by("id").values_list("id", flat=True)
    )
    first = client.get("/api/annotations/", {"page_size": 3, "page": 2}, **auth).json()
    assert first["previous"] == "http://testserver/api/annotations/?page_size=3&page=1"
    assert client.get("/api/annotations/", HTTP_AUTHORIZATION="Token wrong").status_code == 401
    assert client.get("/api/annotations/", HTTP_AUTHORIZATION="Bearer x").status_code == 401
    bad = client.get("/api/annotations/", {"start": "soon"}, **auth)
    assert bad.status_code == 400 and "start" in bad.json()["error"]


def test_api_filters(client: Client) -> None:
    corpus, ana, _ = tagged()
    auth = {"HTTP_AUTHORIZATION": f"Token {api_key(client, ana)}"}

    def ids(**params: object) -> set[int]:
        return {r["id"] for r in client.get("/api/annotations/", params, **auth).json()["results"]}

    everything = ids()
    assert len(everything) == 4
    assert ids(event=corpus.event.pk) == everything
    assert ids(codebook="differences") == {
        t.pk for t in Annotation.objects.filter(other_paragraph__isnull=False)
    }
    assert ids(annotator="ana") == set(
        Annotation.objects.filter(annotator=ana).values_list("id", flat=True)
    )
    # Outlet: either side of a pair. BelTA has one frame tag and the pair.
    assert len(ids(outlet="BelTA")) == 2
    # Dates are the tagged article's publication date: RT's 2023 report only.
    assert len(ids(start="2023-12-01", end="2023-12-31")) == 1
    assert client.get("/api/annotations/", {"codebook": "nope"}, **auth).status_code == 400


def test_the_api_is_read_only_and_for_researchers(client: Client) -> None:
    tagged()
    key = api_key(client, make_user("researcher"))
    assert client.post("/api/annotations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 405
    journalist = make_user("journalist")
    from newsdiff.framing import tokens

    journalist_key = tokens.issue(journalist)
    response = client.get("/api/annotations/", HTTP_AUTHORIZATION=f"Token {journalist_key}")
    assert response.status_code == 403
