"""Outlet × frame (and outlet × tone) counts of the researchers' passage tags.

Counts are of live tags, by every annotator: a passage two researchers both tagged "political"
counts twice, as in a content analysis where each coding is a data point. The per-event table
and the cross-event chart read the same function.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from newsdiff.articles.models import Outlet
from newsdiff.framing.models import Annotation, Codebook, Tag, Tone
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


def outlet_frames(codebook: Codebook, **filters: object) -> Table:
    """Outlets × the codebook's tags; 2 queries."""
    rows = (
        _tags(codebook, **filters)  # type: ignore[arg-type]
        .values_list("paragraph__article__outlet__name", "tag_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = Counter({(outlet, tag): n for outlet, tag, n in rows})
    tags = list(Tag.objects.filter(codebook=codebook).order_by("order", "name"))
    outlets = sorted({outlet for outlet, _ in counts})
    cells = [[counts[(o, t.pk)] for t in tags] for o in outlets]
    return Table(outlets, [t.name for t in tags], cells)


def outlet_tones(codebook: Codebook, **filters: object) -> Table:
    """Outlets × tone (negative, neutral, positive, none); 1 query."""
    rows = (
        _tags(codebook, **filters)  # type: ignore[arg-type]
        .values_list("paragraph__article__outlet__name", "tone")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = Counter({(outlet, tone): n for outlet, tone, n in rows})
    tones = [*Tone.values, ""]
    outlets = sorted({outlet for outlet, _ in counts})
    cells = [[counts[(o, tone)] for tone in tones] for o in outlets]
    return Table(outlets, [*Tone.labels, "no tone"], cells)
