"""The matcher on the database: the seed gold, incremental = rebuild, the align command."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsdiff.articles.models import Outlet, Paragraph
from newsdiff.articles.sources import collect
from newsdiff.matching.models import Alignment, Event, EventParagraph
from newsdiff.matching.service import align_articles, rebuild
from newsdiff.uploads.ingest import ingest
from tests.support.gold_seeds import EVENTS, PARAGRAPHS, Para, gold_pairs
from tests.support.pages import signing_reports, third_signing_report

pytestmark = pytest.mark.django_db

# The first names of the people the seed articles name.
FIRST_NAMES = {
    "vladimir", "sergey", "sergei", "antony", "joe", "boris", "volodymyr", "dmitry", "david",
}  # fmt: skip


def paragraph_id(p: Para) -> int:
    rows = Paragraph.objects.body().filter(
        article__source_file__startswith=p.file, text__contains=p.snippet
    )
    assert rows.count() == 1, p
    return rows.get().pk


def snapshot() -> tuple[set, set]:
    """Events and alignments, keyed by seed file and position rather than by database ids."""
    where = {
        p.pk: (p.article.source_file[:3], p.position)
        for p in Paragraph.objects.select_related("article")
    }
    events = {
        (e.label, e.period_label, frozenset(where[m.paragraph_id] for m in e.members.all()))
        for e in Event.objects.prefetch_related("members")
    }
    alignments = {
        (
            where[a.paragraph_a_id],
            where[a.paragraph_b_id],
            round(a.score, 4),
            a.event.label if a.event else "",
        )
        for a in Alignment.objects.select_related("event")
    }
    return events, alignments


@pytest.mark.model
def test_seeds_against_the_gold(seeds: Path, encoder) -> None:
    sources, _ = collect([], seeds / "manifest.json")
    ingest(sources, encoder=encoder)
    ids = {(p.file, p.snippet): paragraph_id(p) for p in PARAGRAPHS}
    predicted = {
        frozenset(pair)
        for pair in Alignment.objects.values_list("paragraph_a_id", "paragraph_b_id")
    }
    judged = [
        (frozenset((ids[a.file, a.snippet], ids[b.file, b.snippet])), aligned)
        for a, b, aligned, _ in gold_pairs()
    ]
    hits = [aligned for pair, aligned in judged if pair in predicted]
    precision = sum(hits) / len(hits)
    recall = sum(hits) / sum(aligned for _, aligned in judged)
    assert precision == 1.0 and recall == 1.0, (precision, recall)

    # Each named event is one event holding every outlet's paragraphs that report it, and only
    # paragraphs that (certainly or arguably) report it.
    for name, files in EVENTS.items():
        core = {ids[p.file, p.snippet] for p in PARAGRAPHS if name in p.events}
        allowed = core | {ids[p.file, p.snippet] for p in PARAGRAPHS if name in p.maybe}
        holding = [
            e for e in Event.objects.all() if core <= set(e.paragraphs.values_list("id", flat=True))
        ]
        assert len(holding) == 1, name
        members = set(holding[0].paragraphs.values_list("id", flat=True))
        assert members <= allowed, (name, members - allowed)
        assert {a.source_file[:3] for a in {m.article for m in holding[0].members.all()}} == set(
            files
        )
    labels = {e.period_label for e in Event.objects.all()}
    assert {"March 2022", "December 2021"} <= labels
    # The evidence lists no first name alone ("Vladimir" is Putin in one passage and may be
    # Zelensky in the other) and no outlet as a name in its text.
    outlets = {w.lower() for o in Outlet.objects.values_list("name", flat=True) for w in o.split()}
    shared = {
        name.lower()
        for evidence in Alignment.objects.values_list("evidence", flat=True)
        for name in evidence["shared_entities"]
    }
    assert "boris johnson" in shared
    assert not shared & (FIRST_NAMES | outlets), shared & (FIRST_NAMES | outlets)
    matched = Paragraph.objects.matched()
    assert not EventParagraph.objects.exclude(paragraph__in=matched).exists()


@pytest.mark.model
def test_incremental_matching_gives_the_rebuild(seeds: Path, encoder) -> None:
    sources, _ = collect([], seeds / "manifest.json")
    for source in reversed(sources):  # one at a time, newest article first
        report = ingest([source], encoder=encoder)
        assert len(report.created) == 1
    incremental = snapshot()
    assert len(incremental[0]) >= 2 and incremental[1]
    ids_before = set(Event.objects.values_list("id", flat=True))
    rebuilt = rebuild()
    assert snapshot() == incremental
    assert rebuilt.events == len(incremental[0]) and rebuilt.alignments == len(incremental[1])
    # Unchanged events keep their ids (pages linking to them survive a rebuild).
    assert set(Event.objects.values_list("id", flat=True)) == ids_before
    # Aligning an article again changes nothing.
    align_articles([EventParagraph.objects.first().article_id])
    assert snapshot() == incremental


def test_align_command_and_incremental_update() -> None:
    a, b = signing_reports()
    assert not Event.objects.exists()  # factories do not align
    call_command("align", a.pk, b.pk)
    event = Event.objects.get()
    assert set(event.paragraphs.values_list("article_id", flat=True)) == {a.pk, b.pk}
    assert "Istanbul" in event.label or "Arakhamia" in event.label
    alignment = Alignment.objects.get()
    assert alignment.event == event and alignment.paragraph_a_id < alignment.paragraph_b_id
    assert {"similarity", "shared_terms", "shared_entities", "dates"} <= set(alignment.evidence)
    # A third outlet joins the same event, which keeps its id.
    c = third_signing_report()
    report = align_articles([c.pk])
    assert report.events == 1 and Event.objects.get().pk == event.pk
    assert event.members.count() == 3 and Alignment.objects.count() == 3
    call_command("align", "--rebuild")
    assert Event.objects.get().pk == event.pk and Alignment.objects.count() == 3
    call_command("align", "--rebuild", "--fresh")  # grouped from nothing: the same event
    assert Event.objects.get().pk == event.pk and Alignment.objects.count() == 3
    with pytest.raises(CommandError, match="no article with id 999"):
        call_command("align", 999)
