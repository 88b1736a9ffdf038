"""Outlet × frame (and outlet × tone) counts of the researchers' passage tags.

Two counts: every coder's tags (a passage two researchers both tagged "political" counts
twice, each coding a data point), or one settled label per passage (adjudicated, or agreed).
The per-event table and the cross-event chart read the same functions, and both leave out
what blind coding hides from the viewer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from newsdiff.articles.models import Outlet
from newsdiff.framing.blind import blindfold
from newsdiff.framing.models import Adjudication, Annotation, Codebook, Tag, Tone
from newsdiff.matching.models import Event, EventParagraph


@dataclass(frozen=True)
class Table:
    """Counts with row and column labels in display order; ``cells[row][col]``."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int]]

    @property
    def totals(self) -> list[int]:
        return [sum(row) for row in self.cells]

    def shares(self) -> list[list[float]]:
        """Each row as fractions of its total (what the chart draws), 0 for an empty row."""
        return [
            [c / t if t else 0.0 for c in row]
            for row, t in zip(self.cells, self.totals, strict=True)
        ]

    def as_chart(self) -> dict[str, object]:
        return {"rows": self.rows, "columns": self.columns, "shares": self.shares()}

    def as_rows(self) -> list[tuple[str, list[int], int]]:
        return list(zip(self.rows, self.cells, self.totals, strict=True))


def _tags(
    codebook: Codebook,
    event: Event | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    outlet: Outlet | None = None,
) -> QuerySet[Annotation]:
    tags = Annotation.objects.live().filter(codebook=codebook, other_paragraph__isnull=True)
    if event is not None:
        members = EventParagraph.objects.filter(event=event, paragraph_id=OuterRef("paragraph_id"))
        tags = tags.filter(Exists(members))
    if start is not None:
        tags = tags.filter(paragraph__article__published__gte=start)
    if end is not None:
        tags = tags.filter(paragraph__article__published__lte=end)
    if outlet is not None:
        tags = tags.filter(paragraph__article__outlet=outlet)
    return tags


Label = tuple[str, int, str]  # outlet, tag, tone


def labels(
    codebook: Codebook,
    viewer: AbstractBaseUser | AnonymousUser | None = None,
    settled: bool = False,
    **filters: Any,
) -> list[Label]:
    """Every coder's tag (the default) or one settled label per passage; 2-6 queries.

    ``viewer``: leave out what blind coding hides from that user (None: everything shown).
    ``settled``: the adjudicated label where there is one, else the coders' primary frame
    (their first tag on it) when all of them agree; passages still split are left out.
    """
    fold = blindfold(viewer) if viewer is not None else None
    tags = _tags(codebook, **filters)
    if fold is not None:
        tags = fold.visible(tags)
    rows = tags.values_list(
        "paragraph_id", "paragraph__article__outlet__name", "annotator_id", "tag_id", "tone"
    ).order_by("created", "id")
    if not settled:
        return [(outlet, tag, tone) for _, outlet, _, tag, tone in rows]
    primaries: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
    outlets: dict[int, str] = {}
    for paragraph, outlet, coder, tag, tone in rows:
        primaries[paragraph].setdefault(coder, (tag, tone))
        outlets[paragraph] = outlet
    decided = Adjudication.objects.filter(
        codebook=codebook, other_paragraph__isnull=True, paragraph_id__in=list(primaries)
    ).values_list("paragraph_id", "tag_id", "tone")
    found: list[Label] = []
    for paragraph, tag, tone in decided:
        if fold is None or not fold.hides(-1, (codebook.pk, paragraph, None)):
            found.append((outlets[paragraph], tag, tone))
            primaries.pop(paragraph)
    for paragraph, coders in primaries.items():
        if len({tag for tag, _ in coders.values()}) == 1:
            tag, tone = next(iter(coders.values()))
            tones = {t for _, t in coders.values()}
            found.append((outlets[paragraph], tag, tone if len(tones) == 1 else ""))
    return found


def outlet_frames(codebook: Codebook, found: list[Label]) -> Table:
    """Outlets × the codebook's tags, from ``labels``; 1 query."""
    counts = Counter((outlet, tag) for outlet, tag, _ in found)
    tags = list(Tag.objects.filter(codebook=codebook).order_by("order", "name"))
    outlets = sorted({outlet for outlet, _ in counts})
    cells = [[counts[(o, t.pk)] for t in tags] for o in outlets]
    return Table(outlets, [t.name for t in tags], cells)


def outlet_tones(found: list[Label]) -> Table:
    """Outlets × tone (negative, neutral, positive, none), from ``labels``."""
    counts = Counter((outlet, tone) for outlet, _, tone in found)
    tones = [*Tone.values, ""]
    outlets = sorted({outlet for outlet, _ in counts})
    cells = [[counts[(o, tone)] for tone in tones] for o in outlets]
    return Table(outlets, [*Tone.labels, "no tone"], cells)
