"""``manage.py export_differences``: every pair of passages of two different articles in one
event, with the engine's differences, as the held-out checks read it."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from tests.support.factories import make_article, make_event


@pytest.mark.nlp
@pytest.mark.django_db
def test_export_lists_every_event_pair_with_its_differences(tmp_path):
    wire = make_article(
        ["At least 40 people were killed when the bridge collapsed, officials said."],
        title="Bridge collapse",
    )
    local = make_article(
        ["At least 45 people were killed when the bridge collapsed, officials said."]
    )
    # two passages of one article: paired with the other article's, never with each other
    late = make_article(
        [
            "Officials said that 45 people were killed when the bridge collapsed.",
            "The bridge collapsed on Monday.",
        ]
    )
    passages = [wire.paragraphs.get(), local.paragraphs.get(), *late.paragraphs.all()]
    event = make_event(passages)
    out = tmp_path / "differences.json"
    call_command("export_differences", "--output", str(out), "--no-encoder")
    data = json.loads(out.read_text(encoding="utf-8"))

    assert {a["id"] for a in data["articles"]} == {wire.pk, local.pk, late.pk}
    assert {"id", "source_file", "outlet", "published", "title"} <= set(data["articles"][0])
    assert {p["id"] for p in data["paragraphs"]} == {p.pk for p in passages}
    assert data["events"] == [
        {"id": event.pk, "label": event.label, "members": sorted(p.pk for p in passages)}
    ]
    pairs = {(p["a"], p["b"]) for p in data["pairs"]}
    same_article = (passages[2].pk, passages[3].pk)
    assert len(pairs) == 5 and same_article not in pairs
    assert all(p["event"] == event.pk and p["score"] == 0.7 for p in data["pairs"])

    first = next(p for p in data["pairs"] if (p["a"], p["b"]) == (passages[0].pk, passages[1].pk))
    text = {p["id"]: p["text"] for p in data["paragraphs"]}
    figures = [d for d in first["differences"] if d["kind"] == "figure"]
    assert len(figures) == 1
    (sa, ea), (sb, eb) = figures[0]["span_a"], figures[0]["span_b"]
    assert text[first["a"]][sa:ea] == "At least 40"
    assert text[first["b"]][sb:eb] == "At least 45"
    assert figures[0]["explanation"] and 0 < figures[0]["score"] <= 1
