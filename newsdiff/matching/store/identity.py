"""Stable identities: what a regrouping keeps, so that links survive new uploads.

Matching a new article regroups the part of the graph it touches. Without care every event and
alignment there would be deleted and written anew, and every bookmark, every link in a draft,
every researcher's tag on them would die. So:

- a regrouped event keeps the id of the old event holding most of its paragraphs (each old id is
  given at most once, largest overlaps first): an event keeps its id when it grows or shrinks;
- an old event whose id no other event keeps (merged into another, or split away) leaves an
  ``EventRedirect`` to the event now holding most of its old paragraphs; redirects that pointed
  at it follow on, so a chain of merges is one hop;
- alignments are upserted on their paragraph pair, so a pair that stays aligned keeps its row and
  id; a pair no longer aligned becomes a ``RetiredAlignment`` under the same id. A pair's address,
  ``/pairs/<a>-<b>/``, never depends on a row id at all.

All of this runs inside the matcher's write transaction (``service._write``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from django.db.models import Q
from django.utils import timezone

from newsdiff.lib.rows import insert_rows, update_rows
from newsdiff.matching.core.results import AlignmentResult
from newsdiff.matching.models import (
    Alignment,
    Event,
    EventParagraph,
    EventRedirect,
    RetiredAlignment,
)


def match_events(
    old: Mapping[int, set[int]], new: Sequence[set[int]]
) -> tuple[list[int | None], dict[int, int | None]]:
    """Old event ids for new clusters of paragraphs.

    Returns ``kept``, the old id each new cluster keeps (None: a new event), and ``moved``, for
    each old id nobody keeps, the index of the new cluster holding most of its old paragraphs
    (None when none holds any). Deterministic: ties go to the smaller id, then the earlier cluster.
    """
    holders: dict[int, list[int]] = defaultdict(list)
    for pk, members in old.items():
        for paragraph in members:
            holders[paragraph].append(pk)
    overlap: Counter[tuple[int, int]] = Counter()  # (old id, cluster index) -> shared paragraphs
    for index, members in enumerate(new):
        for paragraph in members:
            for pk in holders.get(paragraph, ()):
                overlap[(pk, index)] += 1
    kept: list[int | None] = [None] * len(new)
    for pk, index in sorted(overlap, key=lambda k: (-overlap[k], k)):
        if kept[index] is None and pk not in kept:
            kept[index] = pk
    best: dict[int, int] = {}
    for pk, index in sorted(overlap, key=lambda k: (-overlap[k], k)):
        best.setdefault(pk, index)
    moved = {pk: best.get(pk) for pk in old if pk not in kept}
    return kept, moved


def retire_events(moved: Mapping[int, Event | None], labels: Mapping[int, str]) -> None:
    """Delete the events nobody keeps, leaving a redirect to where their paragraphs went."""
    for pk, target in moved.items():
        # Earlier redirects to this event follow it (one hop, never a chain of 301s).
        EventRedirect.objects.filter(target_id=pk).update(target=target)
        EventRedirect.objects.update_or_create(
            old_id=pk, defaults={"old_label": labels[pk][:300], "target": target}
        )
    Event.objects.filter(pk__in=list(moved)).delete()


def old_members(events: Sequence[Event]) -> dict[int, set[int]]:
    """Each event's paragraphs, in one query."""
    members: dict[int, set[int]] = {e.pk: set() for e in events}
    rows = EventParagraph.objects.filter(event__in=[e.pk for e in events])
    for event_id, paragraph_id in rows.values_list("event_id", "paragraph_id"):
        members[event_id].add(paragraph_id)
    return members


NEW_ALIGNMENT = ("paragraph_a", "paragraph_b", "event", "score", "evidence", "created")


def store_alignments(results: Sequence[AlignmentResult], events: Sequence[Event], scope: Q) -> int:
    """Upsert ``results`` (unique pairs) over the stored alignments in ``scope``; retire the rest.

    A pair still aligned keeps its row (and id); only rows whose event, score or evidence
    changed are written. Returns how many alignments were written.
    """
    existing = {(a.paragraph_a_id, a.paragraph_b_id): a for a in Alignment.objects.filter(scope)}
    changed, created = [], []
    for r in results:
        event = events[r.event]
        obj = existing.pop((r.paragraph_a, r.paragraph_b), None)
        if obj is None:
            created.append((r.paragraph_a, r.paragraph_b, event.pk, r.score, r.evidence))
        elif (obj.event_id, obj.score, obj.evidence) != (event.pk, r.score, r.evidence):
            obj.event, obj.score, obj.evidence = event, r.score, dict(r.evidence)
            changed.append(obj)
    update_rows(
        Alignment,
        ("event", "score", "evidence"),
        ((a.pk, a.event_id, a.score, a.evidence) for a in changed),
    )
    now = timezone.now()  # one ``created`` for the whole match, as it is one write
    insert_rows(Alignment, NEW_ALIGNMENT, [(*row, now) for row in created])
    gone = list(existing.values())
    RetiredAlignment.objects.bulk_create(
        [
            RetiredAlignment(
                id=a.pk,
                paragraph_a_id=a.paragraph_a_id,
                paragraph_b_id=a.paragraph_b_id,
                score=a.score,
                evidence=a.evidence,
            )
            for a in gone
        ],
        ignore_conflicts=True,
    )
    Alignment.objects.filter(pk__in=[a.pk for a in gone]).delete()
    return len(results)
