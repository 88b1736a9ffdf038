"""How much of the seed events' passages the event page marks, and what the marks cost.

    .venv/bin/python bench/highlight.py [--runs 20]

Ingests the seed corpus (the real model and matcher) into a scratch SQLite database
(DATABASE_URL, default a temp file), then for each event: the share of the passages' words
the default highlight marks (the engine's differences of the kinds shown by default), the
share with every kind, and the share the older word diff's substantive marks would mark; and
checks that every difference of a kind shown by default, on every aligned pair, is marked.
Then the event page's server time: the first request with no differences found yet (parsing
the articles), the first one in a worker whose differences were found ahead (read from the
database), the median of later ones (in memory), and the strict word view (the older diff)
for comparison.
Target: at most 10% of the words marked by default.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _setup import ROOT, django_on_scratch_db

TARGET = 0.10


Counts = tuple[int, int]  # (words marked, words)


def _count(highlights) -> Counts:  # type: ignore[no-untyped-def]
    from newsdiff.web.marks import marked_words

    counts = [marked_words(h) for h in highlights]
    return sum(m for m, _ in counts), sum(n for _, n in counts)


def shares() -> list[tuple[str, int, Counts, Counts, Counts, int]]:
    """Per event: label, passages, (marked, words) by default, with every kind and with the
    older diff's substantive marks, and the differences of the default kinds left unmarked."""
    from newsdiff.matching.models import Event
    from newsdiff.text.diff import highlight_groups
    from newsdiff.web import queries

    rows = []
    for event in Event.objects.order_by("pk"):
        members = queries.event_passages(event)
        default = queries.event_passages_paired(members)
        every = queries.event_passages_paired(members, all_kinds=True)
        old = highlight_groups([(m.article_id, m.paragraph.text) for m in members])
        counts = [_count(p.highlight for p in default), _count(p.highlight for p in every)]
        rows.append((event.label, len(members), *counts, _count(old), unmarked(default)))
    return rows


def unmarked(passages) -> int:  # type: ignore[no-untyped-def]
    """Differences of a default kind, on an aligned pair, that the page leaves unmarked."""
    from newsdiff.framing import engine

    by_id = {p.paragraph.pk: p for p in passages}
    pairs = sorted(
        {
            tuple(sorted((p.paragraph.pk, q.partner.paragraph.pk)))
            for p in passages
            for q in p.alignments
        }
    )
    found = engine.pair_differences([(by_id[a].paragraph, by_id[b].paragraph) for a, b in pairs])
    missing = 0
    for (a, b), differences in zip(pairs, found, strict=True):
        for d in differences:
            for pid, span in ((a, d.span_a), (b, d.span_b)):
                marks = by_id[pid].highlight.marks
                covered = (
                    any(m.start <= span[0] and span[1] <= m.end for m in marks) if span else True
                )
                missing += d.kind in engine.SHOWN_BY_DEFAULT and not covered
    return missing


def timings(runs: int) -> list[tuple[str, float, float, float, float]]:
    from django.test import Client

    from newsdiff.framing import engine
    from newsdiff.framing.models import StoredDifferences
    from newsdiff.matching.models import Event

    client = Client()
    rows = []
    for event in Event.objects.order_by("pk"):
        url = event.get_absolute_url()
        # Nothing found yet: the page parses the articles and finds every pair's differences.
        engine.STORE.clear()
        StoredDifferences.objects.all().delete()
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        cold = (time.perf_counter() - start) * 1000
        # Found ahead (the task after a match) by another worker: read from the database.
        engine.STORE.clear()
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        ahead = (time.perf_counter() - start) * 1000
        warm, strict = [], []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            warm.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            client.get(url + "?words=all")
            strict.append((time.perf_counter() - start) * 1000)
        rows.append((event.label, cold, ahead, statistics.median(warm), statistics.median(strict)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    django_on_scratch_db("highlight")
    from django.core.management import call_command

    call_command("ingest", "--manifest", str(ROOT / "seeds" / "manifest.json"), verbosity=0)
    print(f"{'event':40} passages  default  all kinds  older diff  unmarked")
    rows = shares()
    for label, n, default, every, old, missing in rows:
        cells = " ".join(f"{m / max(1, w):10.1%}" for m, w in (default, every, old))
        print(f"{label[:40]:40} {n:8} {cells} {missing:9}")
    total = [tuple(map(sum, zip(*(row[k] for row in rows), strict=True))) for k in (2, 3, 4)]
    cells = " ".join(f"{m / max(1, w):10.1%}" for m, w in total)
    words = total[0][1]
    print(f"{'all events (' + str(words) + ' words)':40} {sum(r[1] for r in rows):8} {cells}")
    print(f"target: at most {TARGET:.0%} by default")
    print(
        f"\n{'event page, ms':40} {'none found':>11} {'found ahead':>12} {'cached median':>14}"
        f" {'strict median':>14}"
    )
    for label, cold, ahead, warm, strict in timings(args.runs):
        print(f"{label[:40]:40} {cold:11.0f} {ahead:12.1f} {warm:14.1f} {strict:14.1f}")


if __name__ == "__main__":
    main()
