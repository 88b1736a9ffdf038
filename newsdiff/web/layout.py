"""The event page's grid: one column per outlet, one row per sub-event.

A reader compares across columns, so a row holds the passages that report the same thing: the
alignments are joined strongest first into rows, never putting two passages of one report in
the same row (a report says a thing once; a second passage of it starts another row). A column
holds every report of its outlet, so RT's December and January reports sit in one RT column,
each passage labelled with its report. A cell with no passage is a visible gap: the outlet's
reports do not say this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdiff.articles.models import Article, Outlet
from newsdiff.web.queries import Passage


@dataclass
class Column:
    outlet: Outlet
    reports: list[Article] = field(default_factory=list)


@dataclass
class Cell:
    column: Column
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Row:
    cells: list[Cell]

    @property
    def id(self) -> str:
        """Stable while the event is: the first passage's paragraph id."""
        first = min(p.member.paragraph_id for c in self.cells for p in c.passages)
        return f"row-{first}"


@dataclass
class Layout:
    columns: list[Column]
    rows: list[Row]

    @property
    def scrolls(self) -> bool:
        """More than three columns scroll sideways rather than wrap onto a second line."""
        return len(self.columns) > 3


def layout(passages: list[Passage]) -> Layout:
    """Columns and rows of an event's passages (in event order, with their pairs)."""
    columns: dict[int, Column] = {}
    for passage in passages:
        column = columns.setdefault(passage.article.outlet_id, Column(passage.article.outlet))
        if passage.article not in column.reports:
            column.reports.append(passage.article)

    order = {id(p): i for i, p in enumerate(passages)}
    row_of: dict[int, list[Passage]] = {id(p): [p] for p in passages}
    pairs = sorted(
        (
            (pair.score, order[id(p)], order[id(pair.partner)], p, pair.partner)
            for p in passages
            for pair in p.alignments
            if order[id(p)] < order[id(pair.partner)]
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for _, _, _, a, b in pairs:
        row_a, row_b = row_of[id(a)], row_of[id(b)]
        if row_a is row_b:
            continue
        if {p.member.article_id for p in row_a} & {p.member.article_id for p in row_b}:
            continue  # one report says a thing once: its other passage is another row
        row_a.extend(row_b)
        for p in row_b:
            row_of[id(p)] = row_a

    groups = {id(r): r for r in row_of.values()}.values()
    rows = []
    for group in sorted(groups, key=lambda g: min(order[id(p)] for p in g)):
        cells = {outlet_id: Cell(column) for outlet_id, column in columns.items()}
        for passage in sorted(group, key=lambda p: order[id(p)]):
            cells[passage.article.outlet_id].passages.append(passage)
        rows.append(Row(list(cells.values())))
    return Layout(list(columns.values()), rows)
