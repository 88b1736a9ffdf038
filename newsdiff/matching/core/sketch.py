"""A stored paragraph as far as bounding its pairs needs, without its words: its terms', names'
and quantities' keys (a 32-bit hash of each) and its dates.

Matching a new article at 100k stored paragraphs finds ~1,000 neighbours in ~940 articles
published months away. Each pair must be bounded (``scoring.score_ceiling``) before its
article is loaded, and nearly all fall short of ``link``: they share a few words and their
dates disagree. Bounding them on the paragraphs' whole analyses meant decoding each one's
~60 terms as strings (~18 µs a paragraph, most of the bound's cost). A sketch decodes in a
few µs, and ``sketch_ceiling`` bounds a pair with it from above:

- the dates part is the score's own (``date_match`` on the same periods);
- a shared key counts the loaded paragraph's term with its article's count only (the stored
  article's is at least 1, so its weight is at least the score's), and two terms with one key
  count both (a collision raises the bound, never lowers it);
- names of different bearers (``scoring.dropped_names``) are not taken out.

So a pair whose sketch bound falls short of ``link`` would fall short on its whole analysis; the
rest (about one in a thousand) are bounded on their whole analyses. ``tests/matching/test_sketch``
holds the bound at or above the score.

The sketches a match reads are held in arrays (``Sketches``), and a loaded paragraph's pairs
with them are bounded together (``sketch_ceilings``): the keys each shares, found by one sorted
search, and their weights summed per pair; their dates' parts in arrays too, where a stored
paragraph's dates hold one period or none (``_date_bounds``: ``date_parts``' values). Building
~1,000 sketches' key sets as Python objects, and intersecting them pair by pair, took most of
the bound's time, then comparing their dates pair by pair. Plain Python and numpy: no Django
imports.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from newsdiff.matching.core.context import days_between
from newsdiff.matching.core.features import ArticleFeatures, Features
from newsdiff.matching.core.pairarrays import WHEN
from newsdiff.matching.core.pairmodel import PairModel
from newsdiff.matching.core.params import (
    CONFLICT_SLACK_DAYS,
    DATE_PRECISION,
    FINE_DAYS,
    Weights,
)
from newsdiff.matching.core.scoring import Dated, ceiling, date_parts
from newsdiff.matching.core.timex import Period
from newsdiff.text.rarity import rarity

# What a key is of, in the bits above its 32: one sorted array holds all three kinds.
TERM, ENTITY, NUMBER = 0, 1, 2
KINDS = (TERM, ENTITY, NUMBER)


def key(term: str) -> int:
    """A term's key: its CRC-32 (the same in every process, unlike ``hash``)."""
    return zlib.crc32(term.encode())


@dataclass(frozen=True)
class Dates:
    """A stored paragraph's ``Features.when`` and ``context``, as ``date_match`` reads them."""

    when: str
    context: tuple[Period, ...]


class DateTable(NamedTuple):
    """Stored paragraphs' dates (``Sketches.dates``) in arrays: how many periods each has, the
    first one's first and last day (ordinals) and length, and where the dates come from
    (``WHENS``)."""

    periods: np.ndarray
    start: np.ndarray
    end: np.ndarray
    days: np.ndarray
    when: np.ndarray


WHENS = tuple(sorted(WHEN, key=WHEN.__getitem__))  # ``Features.when``, by its code in a table


@dataclass(frozen=True)
class Sketch:
    terms: frozenset[int]  # keys of ``Features.terms``
    entities: frozenset[int]
    numbers: frozenset[int]
    when: str
    context: tuple[Period, ...]


def sketch(features: Features) -> Sketch:
    return Sketch(
        frozenset(map(key, features.terms)),
        frozenset(map(key, features.entities)),
        frozenset(map(key, features.numbers)),
        features.when,
        features.context,
    )


@dataclass(frozen=True, eq=False)
class Sketches:
    """Stored paragraphs' sketches in arrays: every key of every sketch in one array, its kind
    in the bits above its 32 (``TERM``, ``ENTITY``, ``NUMBER``), and each sketch's dates by
    index (most paragraphs of an article, and many articles of a week, share theirs)."""

    rows: dict[int, int] = field(default_factory=dict)  # paragraph -> its row
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # Row i's keys are keys[starts[i]:starts[i + 1]].
    starts: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    dated: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # row -> its dates
    dates: tuple[Dates, ...] = ()

    @classmethod
    def build(
        cls,
        paragraphs: Sequence[int],
        keys: np.ndarray,
        counts: np.ndarray,
        dated: Sequence[int],
        dates: Sequence[Dates],
    ) -> Sketches:
        """From the keys of each paragraph's terms, names and quantities, one after the other
        (``counts``: how many of each kind, a row per paragraph), and its dates by index."""
        counts = np.asarray(counts, np.int64).reshape(-1, len(KINDS))
        kinds = np.repeat(np.tile(np.array(KINDS, np.int64), len(counts)), counts.ravel())
        starts = np.concatenate([[0], np.cumsum(counts.sum(axis=1))]).astype(np.int64)
        rows = {p: i for i, p in enumerate(paragraphs)}
        tagged = np.asarray(keys, np.int64) | (kinds << 32)
        return cls(rows, tagged, starts, np.asarray(dated, np.int64), tuple(dates))

    @classmethod
    def of(cls, sketches: dict[int, Sketch]) -> Sketches:
        """Of sketches held as objects (by paragraph)."""
        parts = [(s.terms, s.entities, s.numbers) for s in sketches.values()]
        keys = [k for kinds in parts for of_kind in kinds for k in sorted(of_kind)]
        counts = [[len(of_kind) for of_kind in kinds] for kinds in parts]
        dates = [Dates(s.when, s.context) for s in sketches.values()]
        return cls.build(
            list(sketches), np.array(keys, np.int64), np.array(counts), range(len(dates)), dates
        )

    def __len__(self) -> int:
        return len(self.starts) - 1

    @functools.cached_property
    def date_table(self) -> DateTable:
        """Each of ``dates`` in arrays, as ``_date_bounds`` reads them."""
        first = [d.context[0] if d.context else None for d in self.dates]
        return DateTable(
            np.array([len(d.context) for d in self.dates], np.int64),
            np.array([p.start.toordinal() if p else 0 for p in first], np.int64),
            np.array([p.end.toordinal() if p else 0 for p in first], np.int64),
            np.array([p.days if p else 0 for p in first], np.int64),
            np.array([WHEN[d.when] for d in self.dates], np.int64),
        )

    def __add__(self, other: Sketches) -> Sketches:
        """These and ``other``'s (of other paragraphs)."""
        rows = {**self.rows, **{p: i + len(self) for p, i in other.rows.items()}}
        return Sketches(
            rows,
            np.concatenate([self.keys, other.keys]),
            np.concatenate([self.starts, other.starts[1:] + self.starts[-1]]),
            np.concatenate([self.dated, other.dated + len(self.dates)]),
            self.dates + other.dates,
        )

    def get(self, paragraph: int) -> Sketch | None:
        """The paragraph's sketch as an object, if held."""
        row = self.rows.get(paragraph)
        if row is None:
            return None
        tagged = self.keys[self.starts[row] : self.starts[row + 1]].tolist()
        of = lambda kind: frozenset(k & 0xFFFFFFFF for k in tagged if k >> 32 == kind)  # noqa: E731
        dates = self.dates[self.dated[row]]
        return Sketch(of(TERM), of(ENTITY), of(NUMBER), dates.when, dates.context)


@dataclass(frozen=True)
class Keyed:
    """A loaded paragraph's side of the bound: its keys (tagged with their kind, as in
    ``Sketches``), sorted, and each one's weight: ``rarity/df`` of its terms in their article
    (``scoring.shared_weight`` with the other side's count at 1), 1 for a quantity."""

    features: Features
    keys: np.ndarray
    weights: np.ndarray


def keyed(paragraph: int, article: ArticleFeatures) -> Keyed:
    features = article.paragraphs[paragraph]
    out: dict[int, float] = {}

    def add(terms: Iterable[str], kind: int) -> None:
        for term in terms:
            k, weight = key(term) | kind << 32, rarity(term) / article.df[term]
            # Two terms of one key: their sum, rounded up so that no rounding takes it below.
            out[k] = math.nextafter(out[k] + weight, math.inf) if k in out else weight

    add(features.terms, TERM)
    add(features.entities, ENTITY)
    out.update(dict.fromkeys((key(n) | NUMBER << 32 for n in features.numbers), 1.0))
    keys = sorted(out)
    return Keyed(features, np.array(keys, np.int64), np.array([out[k] for k in keys]))


def _shared(a: Keyed, sketches: Sketches, rows: np.ndarray) -> np.ndarray:
    """For each of these rows, the summed weights of ``a``'s terms and names its sketch
    shares, and of the quantities (> 0 if any), one column per kind."""
    lengths = sketches.starts[rows + 1] - sketches.starts[rows]
    pair = np.repeat(np.arange(len(rows)), lengths)
    first = np.repeat(sketches.starts[rows] - (np.cumsum(lengths) - lengths), lengths)
    found = sketches.keys[first + np.arange(len(pair))]
    sums: np.ndarray = np.zeros(len(rows) * len(KINDS))
    if len(a.keys) and len(found):
        at = np.minimum(np.searchsorted(a.keys, found), len(a.keys) - 1)
        hit = a.keys[at] == found
        weight = np.where(hit, a.weights[at], 0.0)
        sums = np.bincount(pair * len(KINDS) + (found >> 32), weight, len(rows) * len(KINDS))
    # Summed in order, not exactly (``math.fsum``): raised by more than n terms' rounding.
    up = np.nextafter(sums * (1 + 1e-12), np.inf)
    return np.where(sums > 0, up, 0.0).reshape(len(rows), len(KINDS))


@dataclass(frozen=True)
class Head:
    """What bounding a pair needs of a stored paragraph's article: when it was published, and
    whether it only recalls the past (``ArticleFeatures.recalls``)."""

    published: dt.date | None
    recalls: bool


def sketch_ceilings(
    a: Keyed,
    own: ArticleFeatures,
    sketches: Sketches,
    paragraphs: Sequence[int],
    heads: Sequence[Head],
    cosines: Sequence[float],
    weights: Weights,
    model: PairModel | None = None,
    long: bool = False,
) -> list[float]:
    """At least ``score_ceiling`` of each pair of ``a`` (of article ``own``) with one of these
    stored ``paragraphs`` (held in ``sketches``), of an article ``heads`` tells of, at its
    cosine: no paragraph of theirs decoded."""
    rows = np.array([sketches.rows[p] for p in paragraphs], np.int64)
    # A part that sharing more could lower: no bound from keys.
    if min(weights.terms, weights.entities, weights.numbers) < 0:
        owns = [math.inf] * len(rows)
    else:
        owns = _own_bounds(a, sketches, rows, np.asarray(cosines, np.float64), weights).tolist()
    bounds = []
    for head, cosine, bound in zip(heads, cosines, owns, strict=True):
        gap = days_between(own.published, head.published)
        if weights.far(gap):  # the first stage's, and no lift: its own parts (``ceiling``)
            bounds.append(bound)
            continue
        recalls = own.recalls or head.recalls
        own_bound = functools.partial(float, bound)
        bounds.append(ceiling(gap, recalls, cosine, weights, model, long, own_bound))
    return bounds


def _own_bounds(
    a: Keyed, sketches: Sketches, rows: np.ndarray, cosines: np.ndarray, weights: Weights
) -> np.ndarray:
    """At least ``score_pair``'s total with no article part, plus a thread, of ``a`` with each
    of these rows, all at once: the shared keys' weights (``_shared``) and the dates' parts
    (``date_parts``, in arrays where the row's dates hold one period or none)."""
    terms, entities, numbers = _shared(a, sketches, rows).T
    sat = lambda x: 1.0 - np.exp(-x / weights.saturation)  # noqa: E731  ``_sat``
    total = (
        weights.cosine * cosines
        + weights.terms * sat(terms)
        + weights.entities * sat(entities)
        + np.where(numbers > 0, weights.numbers, 0.0)
        + _date_bounds(a.features, sketches, sketches.dated[rows], weights)
        + weights.thread
    )
    # Summed in another order than ``math.fsum``: raised by more than that could take.
    return np.nextafter(total + 1e-12, np.inf)


def _date_bounds(fa: Dated, sketches: Sketches, dated: np.ndarray, weights: Weights) -> np.ndarray:
    """``date_parts`` (the two parts summed) of ``fa`` with each of these dates (by index in
    ``sketches.dates``): in arrays where they hold one period or none, each distinct one of
    the others once."""
    table = sketches.date_table
    count, start, end, days, when = (column[dated] for column in table)  # count: of periods
    certainty = np.array([weights.certainty(w) for w in WHENS])[when]
    slack = np.array([CONFLICT_SLACK_DAYS[w] for w in WHENS])[when]
    out = np.zeros(len(dated))
    for d in set(dated[count > 1].tolist()):  # several periods: as ``date_parts`` has it
        out[dated == d] = sum(date_parts(fa, sketches.dates[d], weights)[0])
    single = count == 1
    if not fa.context or not single.any():
        return out  # no period on this side: neither a date nor a conflict (``date_match``)
    fine = [p for p in fa.context if p.days <= FINE_DAYS]
    # ``date_match`` compares the precise periods when both sides have one, else all of them.
    found = [_compared(ps, start, end, days) for ps in (fine or fa.context, fa.context)]
    both_fine = (days <= FINE_DAYS) & bool(fine)
    overlap, span, gap = (np.where(both_fine, x, y) for x, y in zip(*found, strict=True))
    precision = np.select(
        [span <= most for most, _ in DATE_PRECISION], [value for _, value in DATE_PRECISION]
    )
    certainty = np.minimum(certainty, weights.certainty(fa.when))
    implicit = (when == WHEN["implicit"]) | (fa.when == "implicit")
    slack = np.maximum(slack, CONFLICT_SLACK_DAYS[fa.when])
    date = np.where(overlap & ~implicit, weights.date * precision * certainty, 0.0)
    conflict = np.where(~overlap & (gap > slack), -weights.conflict * certainty, 0.0)
    return np.where(single, date + conflict, out)


def _compared(
    periods: Sequence[Period], start: np.ndarray, end: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of ``periods`` against one period a row (by ordinal ``start``, ``end``, ``days``):
    whether any overlaps it, the least of the longer of each overlapping two's days, and the
    days between their nearest ends (``timex.days_apart``)."""
    overlap = np.zeros(len(start), bool)
    span = np.full(len(start), np.inf)
    gap = np.full(len(start), np.inf)
    for p in periods:
        ps, pe = p.start.toordinal(), p.end.toordinal()
        hits = (ps <= end) & (start <= pe)
        overlap |= hits
        span = np.where(hits, np.minimum(span, np.maximum(p.days, days)), span)
        gap = np.minimum(gap, np.maximum(np.maximum(start - pe, ps - end), 0))
    return overlap, span, gap


def sketch_ceiling(
    a: Keyed,
    own: ArticleFeatures,
    b: Sketch,
    other: Head,
    cosine: float,
    weights: Weights,
    model: PairModel | None = None,
    long: bool = False,
) -> float:
    """``sketch_ceilings`` of one pair: ``a`` of article ``own``, the stored ``b`` of an
    article that ``other`` tells of."""
    held = Sketches.of({0: b})
    return sketch_ceilings(a, own, held, [0], [other], [cosine], weights, model, long)[0]
