"""The reading pages' highlight: a passage's text with the differences the engine finds
between it and its aligned partners marked, each mark saying on hover what differs and
against which passage (``newsdiff.framing.engine``).

A passage aligned with several others gets every pair's differences on its side; where two
overlap the text is cut at every boundary, so each piece of text is one ``<mark>`` whose title
lists what it carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdiff.articles.models import Paragraph
from newsdiff.framing import engine
from newsdiff.text.diff import Highlight
from newsdiff.text.passages import Difference
from newsdiff.text.patterns import TOKEN


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    note: str  # what differs, and from which passage


@dataclass
class Marked:
    """A passage's text with its marks (the engine's differences on its side)."""

    text: str
    marks: list[Mark] = field(default_factory=list)
    has_callouts = False  # what only this passage has is marked in the text itself

    def add(self, d: Difference, span: tuple[int, int] | None, partner: str) -> None:
        if span is not None and span[0] < span[1]:
            name = engine.KIND_NAMES.get(d.kind, (d.kind, ""))[0]
            note = f"{name.capitalize()}: {d.explanation} (against {partner})"
            self.marks.append(Mark(span[0], span[1], d.kind, note))

    def pieces(self) -> list[tuple[int, int, list[Mark]]]:
        """The text cut at every mark's start and end: (start, end, the marks covering it)."""
        ends = {0, len(self.text)} | {m.start for m in self.marks} | {m.end for m in self.marks}
        return [
            (s, e, [m for m in self.marks if m.start <= s and e <= m.end])
            for s, e in pairwise(sorted(ends))
        ]

    def html(self) -> SafeString:
        """The escaped text with ``<mark class="only k-KIND" title="...">`` around each marked
        piece. Built here rather than by a template loop: an event page has hundreds."""
        parts: list[str] = []
        for s, e, marks in self.pieces():
            text = escape(self.text[s:e])
            if not marks:
                parts.append(text)
                continue
            kinds = " ".join(dict.fromkeys(f"k-{m.kind}" for m in marks))
            title = escape("\n".join(dict.fromkeys(m.note for m in marks)))
            parts.append(f'<mark class="only {kinds}" tabindex="0" title="{title}">{text}</mark>')
        return mark_safe("".join(parts))


def legend(all_kinds: bool) -> list[tuple[str, str, str]]:
    """(kind, name, meaning) of the kinds a page marks, in the legend's order."""
    shown = engine.kinds_shown(all_kinds)
    return [(k, *engine.KIND_NAMES[k]) for k in engine.KIND_NAMES if k in shown]


def mark_pairs(
    pairs: Sequence[tuple[Marked, str, Marked, str]],
    found: Sequence[Sequence[Difference]],
    kinds: frozenset[str],
) -> None:
    """Mark each pair's differences on both sides: (passage a, label of a, passage b, label of
    b) with the engine's differences of that pair (a the first side)."""
    for (a, label_a, b, label_b), differences in zip(pairs, found, strict=True):
        for d in differences:
            if d.kind in kinds:
                a.add(d, d.span_a, label_b)
                b.add(d, d.span_b, label_a)


def marked_pair(a: Paragraph, b: Paragraph, all_kinds: bool = False) -> tuple[Marked, Marked]:
    """Both passages of one pair (with their articles and outlets loaded), each marked with
    the differences from the other."""
    marked_a, marked_b = Marked(a.text), Marked(b.text)
    label_a = f"{a.article.outlet.name}, ¶{a.position + 1}"
    label_b = f"{b.article.outlet.name}, ¶{b.position + 1}"
    found = engine.pair_differences([(a, b)])
    mark_pairs([(marked_a, label_a, marked_b, label_b)], found, engine.kinds_shown(all_kinds))
    return marked_a, marked_b


def marked_words(highlight: Marked | Highlight) -> tuple[int, int]:
    """(words marked, words) of a passage as the page shows it: a word is marked when any of
    its characters is. The strict view's default, substantive marks count for a Highlight."""
    if isinstance(highlight, Marked):
        spans = [(m.start, m.end) for m in highlight.marks]
        text = highlight.text
    else:
        spans, text, at = [], "", 0
        for s in highlight.segments:
            if s.only:
                spans.append((at, at + len(s.text)))
            text += s.text
            at += len(s.text)
    words = [m.span() for m in TOKEN.finditer(text)]
    marked = sum(1 for a, b in words if any(s < b and a < e for s, e in spans))
    return marked, len(words)
