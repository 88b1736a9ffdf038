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
holds the bound at or above the score. Plain Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from newsdiff.matching.core.context import days_between
from newsdiff.matching.core.features import ArticleFeatures, Features
from newsdiff.matching.core.pairmodel import PairModel
from newsdiff.matching.core.params import Weights
from newsdiff.matching.core.scoring import _sat, ceiling, date_parts
from newsdiff.matching.core.timex import Period
from newsdiff.text.rarity import rarity


def key(term: str) -> int:
    """A term's key: its CRC-32 (the same in every process, unlike ``hash``)."""
    return zlib.crc32(term.encode())


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


@dataclass(frozen=True)
class Keyed:
    """A loaded paragraph's side of the bound: each key's weight (``rarity/df`` of its terms in
    their article, ``scoring.shared_weight`` with the other side's count at 1)."""

    features: Features
    terms: dict[int, float]
    entities: dict[int, float]
    numbers: frozenset[int]


def keyed(paragraph: int, article: ArticleFeatures) -> Keyed:
    features = article.paragraphs[paragraph]

    def weights(terms: Iterable[str]) -> dict[int, float]:
        out: dict[int, float] = {}
        for term in terms:
            k, weight = key(term), rarity(term) / article.df[term]
            # Two terms of one key: their sum, rounded up so that no rounding takes it below.
            out[k] = math.nextafter(out[k] + weight, math.inf) if k in out else weight
        return out

    numbers = frozenset(map(key, features.numbers))
    return Keyed(features, weights(features.terms), weights(features.entities), numbers)


def _shared(own: dict[int, float], other: frozenset[int]) -> float:
    common = own.keys() & other
    return math.fsum([own[k] for k in common]) if common else 0.0


def own_bound(a: Keyed, b: Sketch, cosine: float, weights: Weights) -> float:
    """At least ``score_pair``'s total with no article part, plus a thread: what
    ``score_ceiling`` adds up for a pair scored by the first stage."""
    if min(weights.terms, weights.entities, weights.numbers) < 0:
        return math.inf  # a part that sharing more could lower: no bound from keys
    dated, _, _ = date_parts(a.features, b, weights)  # the score's own
    parts = (
        weights.cosine * cosine,
        weights.terms * _sat(_shared(a.terms, b.terms), weights.saturation),
        weights.entities * _sat(_shared(a.entities, b.entities), weights.saturation),
        weights.numbers if a.numbers & b.numbers else 0.0,
        *dated,
    )
    return math.fsum(parts) + weights.thread


@dataclass(frozen=True)
class Head:
    """What bounding a pair needs of a stored paragraph's article: when it was published, and
    whether it only recalls the past (``ArticleFeatures.recalls``)."""

    published: dt.date | None
    recalls: bool


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
    """At least ``score_ceiling`` of the pair: ``a`` of article ``own``, the stored ``b`` of
    an article that ``other`` tells of (no paragraph of it needed)."""
    gap = days_between(own.published, other.published)
    bound = lambda: own_bound(a, b, cosine, weights)  # noqa: E731
    return ceiling(gap, own.recalls or other.recalls, cosine, weights, model, long, bound)
