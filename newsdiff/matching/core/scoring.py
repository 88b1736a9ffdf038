"""The score of a pair of paragraphs from different articles, with its evidence.

score = cosine·w_cosine                      how close the sentence embeddings are
      + w_terms·sat(Σ specificity of shared terms)      "draft", "security guarantees"
      + w_entities·sat(Σ specificity of shared names)   "Istanbul", "Arakhamia", "Boris Johnson"
      + w_numbers·[a quantity in common]                "100,000", "14,000"
      + w_date·[resolved periods overlap]·precision      both mean December 2021
      − w_conflict·[both dated, no period in common]     March 2022 vs December 2021
      + w_thread·[continues a paragraph linked to the other]  "...has rejected the demands"

A term's specificity in a pair is 1/(df_A·df_B), df being the number of body paragraphs of each
article that use it: a word all over both articles is their topic, not this paragraph's event.
``sat(x) = 1 − exp(−x/saturation)``: the first strong shared term counts most, more terms add
less. Dates are the strongest *negative* evidence, because topically identical paragraphs about
different moments ("talks in January" vs "talks in Istanbul") are exactly what embeddings
confuse. The weights are in ``params.Weights``.

``score_pair`` is the one formula; ``score_pairs`` is the same on arrays, for many pairs at
once (``pairarrays``), bit for bit (``tests/matching/test_pairarrays.py`` holds them equal: a
change to one is a change to both). ``scorer.PairScorer`` scores the pairs of a corpus with
them, adding the article part (``context.ArticlePairs``) and the thread bonus, and keeps the
scores; ``links.link_edges`` keeps the candidate pairs that are edges of the match graph. With a
pair model (``Params.pair_model``; the default) this sum is the first stage: its parts at unit
weight are features of the second (``pairmodel``), whose score the matcher links and groups on,
except for pairs of long paragraphs (``PairModel.long_words``), which keep the first stage's
score, and parts of the graph made mostly of them, grouped with its thresholds
(``PairScorer.grouping``); the evidence keeps the first stage's parts.
This module holds the formula alone: one pair's score with its evidence, many pairs' in arrays,
and the bound ``score_ceiling`` (``sketch`` bounds it in turn, without a stored paragraph's
words); the corpus's scorer and the graph's edges live apart, so that each module stays small.
Plain Python: no Django imports.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from newsdiff.matching.core.context import gap_days
from newsdiff.matching.core.corpus import Pair
from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.core.features import ArticleFeatures, Features
from newsdiff.matching.core.pairarrays import WHEN, PairSignals, fsums
from newsdiff.matching.core.pairmodel import PairModel
from newsdiff.matching.core.params import (
    CONFLICT_SLACK_DAYS,
    DATE_PRECISION,
    DEFAULT_WEIGHTS,
    FINE_DAYS,
    MAX_SHARED,
    MIN_SHARED_WEIGHT,
    Weights,
)
from newsdiff.matching.core.timex import Period, days_apart
from newsdiff.text.names import different_bearers
from newsdiff.text.rarity import rarity


@functools.lru_cache(maxsize=1 << 16)
def dropped_names(
    shared: frozenset[str], runs_a: frozenset[str], runs_b: frozenset[str]
) -> frozenset[str]:
    """``different_bearers``, kept: copies of one story meet the same pairs of names again and
    again."""
    return frozenset(different_bearers(shared, runs_a, runs_b))


def _sat(x: float, saturation: float) -> float:
    return 1.0 - math.exp(-x / saturation)


def _specific(
    shared: frozenset[str], a: ArticleFeatures, b: ArticleFeatures
) -> list[tuple[str, float]]:
    weighted = [(t, rarity(t) / (a.df[t] * b.df[t])) for t in shared]
    return sorted(weighted, key=lambda tw: (-tw[1], tw[0]))


class Dated(Protocol):
    """What ``date_match`` reads of a paragraph: its periods and where they come from
    (``Features``, or a stored paragraph's ``sketch.Sketch``)."""

    @property
    def context(self) -> tuple[Period, ...]: ...

    @property
    def when(self) -> str: ...


def date_match(fa: Dated, fb: Dated) -> tuple[float, bool, list[tuple[Period, Period]]]:
    """(match precision 0..1, conflict, the overlapping pairs of periods).

    Precise periods (a day to a quarter) are compared when both paragraphs have one: "in
    2023" said in passing must not excuse "18 January 2024" against "December 2023". Otherwise
    the coarse ones are, and a shared year is weak evidence (``params.DATE_PRECISION``). Periods
    that do not overlap conflict when they lie further apart than the less sure date allows
    (``params.CONFLICT_SLACK_DAYS``).
    """
    if not fa.context or not fb.context:
        return 0.0, False, []
    fine_a = [p for p in fa.context if p.days <= FINE_DAYS]
    fine_b = [q for q in fb.context if q.days <= FINE_DAYS]
    a, b = (fine_a, fine_b) if fine_a and fine_b else (fa.context, fb.context)
    if not a or not b:
        return 0.0, False, []
    common = [(p, q) for p in a for q in b if p.overlaps(q)]
    if not common:
        slack = max(CONFLICT_SLACK_DAYS[fa.when], CONFLICT_SLACK_DAYS[fb.when])
        return 0.0, (days_apart(a, b) or 0) > slack, []
    span = min(max(p.days, q.days) for p, q in common)
    precision = next(value for most, value in DATE_PRECISION if span <= most)
    return precision, False, common


def _narrowest(common: list[tuple[Period, Period]]) -> list[Period]:
    """The two narrowest of the overlapping periods: the dates the evidence names (by label
    last, so two periods of one length and start come in the same order in every process)."""
    periods = {x for pq in common for x in pq}
    return sorted(periods, key=lambda p: (p.days, p.start, p.label))[:2]


def shared_weight(shared: frozenset[str], a: ArticleFeatures, b: ArticleFeatures) -> float:
    # fsum is exact, so the sum does not depend on the order a set iterates in.
    if not shared:
        return 0.0
    dfa, dfb = a.df, b.df
    return math.fsum([rarity(t) / (dfa[t] * dfb[t]) for t in shared])


def _whole(shared: list[tuple[str, float]], full_names: frozenset[str]) -> list[tuple[str, float]]:
    """The shared names with each full name both sides write listed whole, in its words' place:
    "Boris Johnson", not "Boris" and "Johnson" (a first name alone names nobody)."""
    weight = dict(shared)
    for name in sorted(full_names):
        words = set(name.split(" "))  # "Sirhan Sirhan": one word
        if words <= weight.keys():
            weight[name] = max(weight.pop(w) for w in words)
    return sorted(weight.items(), key=lambda tw: (-tw[1], tw[0]))


def _listed(shared: list[tuple[str, float]], fa: Features) -> list[str]:
    return [fa.surface.get(t, t) for t, w in shared if w >= MIN_SHARED_WEIGHT][:MAX_SHARED]


# The parts of a score, in the order ``Scored.parts`` gives them.
PARTS = ("cosine", "terms", "entities", "numbers", "date", "conflict", "article")


@dataclass(frozen=True)
class Scored:
    """A pair's score (``total``: the sum of its ``parts``, named by ``PARTS``) with what it
    rests on, so its evidence (``evidence``) needs no second scoring."""

    total: float
    parts: tuple[float, ...]
    cosine: float
    terms: frozenset[str]
    entities: frozenset[str]
    numbers: list[str]
    conflict: bool
    common: list[tuple[Period, Period]]
    # The full names both paragraphs write ("boris johnson"), listed whole in the evidence.
    full_names: frozenset[str] = frozenset()

    @property
    def article(self) -> float:
        """The article part the pair took (none when its dates disagree or one is a headline)."""
        return self.parts[-1]

    def evidence(self, a: ArticleFeatures, b: ArticleFeatures, fa: Features) -> Evidence:
        """Why the pair scored what it did: ``a``, ``b`` its articles, ``fa`` its first
        paragraph (the shared terms are listed as written there)."""
        return {
            "similarity": round(self.cosine, 4),
            "shared_terms": _listed(_specific(self.terms, a, b), fa),
            "shared_entities": _listed(_whole(_specific(self.entities, a, b), self.full_names), fa),
            "numbers": self.numbers,
            "dates": [p.label for p in _narrowest(self.common)],
            "date_conflict": self.conflict,
            "parts": {k: round(v, 4) for k, v in zip(PARTS, self.parts, strict=True)},
        }


def date_parts(
    fa: Dated, fb: Dated, weights: Weights
) -> tuple[tuple[float, float], bool, list[tuple[Period, Period]]]:
    """The date and conflict parts of a pair's score, whether its dates conflict, and the
    overlapping pairs of periods (``date_match``)."""
    date, conflict, common = date_match(fa, fb)
    # A date is only as sure as the less sure of the two. A publication date can contradict a
    # stated one, but "matching" it says nothing: everything published that week matches it.
    certainty = min(weights.certainty(fa.when), weights.certainty(fb.when))
    if "implicit" in (fa.when, fb.when):
        date = 0.0
    parts = (weights.date * date * certainty, -weights.conflict * certainty if conflict else 0.0)
    return parts, conflict, common


def score_pair(
    pa: int,
    pb: int,
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    weights: Weights = DEFAULT_WEIGHTS,
    article: float = 0.0,
) -> Scored:
    """The score of paragraphs ``pa`` of ``a`` and ``pb`` of ``b`` at ``cosine``, without the
    thread bonus. ``article``: the article part (``Weights.article``), computed once per pair of
    articles (``context.ArticlePairs``)."""
    fa, fb = a.paragraphs[pa], b.paragraphs[pb]
    terms, entities = fa.terms & fb.terms, fa.entities & fb.entities
    if entities and fa.phrases and fb.phrases:
        # "Vladimir" of Vladimir Putin in one and of Vladimir Zelensky in the other.
        entities -= dropped_names(entities, fa.phrases, fb.phrases)
    dated, conflict, common = date_parts(fa, fb, weights)
    numbers = fa.numbers & fb.numbers
    parts = (
        weights.cosine * cosine,
        weights.terms * _sat(shared_weight(terms, a, b), weights.saturation),
        weights.entities * _sat(shared_weight(entities, a, b), weights.saturation),
        weights.numbers if numbers else 0.0,
        *dated,
        # Two articles about one event may still recall other moments: a paragraph pair whose
        # dates disagree gets no lift from its articles (a veto still applies). Nor does a
        # headline: a line that sums up its article would be lifted towards every paragraph of
        # the other; it joins an event on its own words.
        article if article < 0 or not (conflict or fa.headline or fb.headline) else 0.0,
    )
    return Scored(
        math.fsum(parts), parts, cosine, terms, entities, sorted(numbers), conflict, common,
        fa.phrases & fb.phrases,
    )  # fmt: skip


def _sats(x: np.ndarray, saturation: float) -> np.ndarray:
    """``_sat`` of each value (with ``math.exp``, as ``_sat``: numpy's may round otherwise),
    each distinct value once."""
    values, inverse = np.unique(x, return_inverse=True)
    return np.array([_sat(v, saturation) for v in values.tolist()], dtype=np.float64)[inverse]


def score_pairs(
    s: PairSignals,
    date: np.ndarray,
    conflict: np.ndarray,
    article: np.ndarray,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[np.ndarray, np.ndarray]:
    """``score_pair``'s total and the article part taken for many pairs at once, bit for bit:
    each part with the same floating operations in the same order (``score_parts``), the parts
    summed with ``math.fsum``."""
    parts = score_parts(s, date, conflict, article, weights)
    return fsums(parts), parts[:, -1]


def score_parts(
    s: PairSignals,
    date: np.ndarray,
    conflict: np.ndarray,
    article: np.ndarray,
    weights: Weights = DEFAULT_WEIGHTS,
) -> np.ndarray:
    """``score_pair``'s ``parts`` of many pairs at once, one row each, bit for bit.
    ``date``, ``conflict``: ``date_match``'s precision and conflict of each pair; ``article``:
    each pair's ``article`` argument."""
    certainties = np.array([weights.certainty(w) for w in WHEN], dtype=np.float64)
    certainty = np.minimum(certainties[s.when_lo], certainties[s.when_hi])
    implicit = (s.when_lo == WHEN["implicit"]) | (s.when_hi == WHEN["implicit"])
    date = np.where(implicit, 0.0, date)
    return np.column_stack(
        [
            weights.cosine * s.cosine,
            weights.terms * _sats(s.terms, weights.saturation),
            weights.entities * _sats(s.entities, weights.saturation),
            np.where(s.numbers, weights.numbers, 0.0),
            weights.date * date * certainty,
            np.where(conflict, -weights.conflict * certainty, 0.0),
            np.where((article < 0) | ~(conflict | s.headline), article, 0.0),
        ]
    )


def score_ceiling(
    pa: int,
    pb: int,
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    weights: Weights,
    model: PairModel | None = None,
    long: bool = False,
    logit: float = math.inf,
) -> float:
    """The most the pair can score whatever its articles' context says: where the two articles
    could be lifted at all (``Weights.article``: published within ``article_days``, or a date
    unknown, and neither only recalls; with the pair ``model``, any share of it,
    ``Weights.lift_share``) with as much lift as an article model's ``logit`` of at most
    ``logit`` gives (inf: unknown; the lift alone then takes almost any pair above the floor to
    ``link``), and its own parts and a thread bonus.

    Lets the matcher skip loading a whole neighbouring article (every paragraph vector, for
    its context) for a pair that cannot reach ``link`` anyway: most neighbours in a long archive
    were published months away, and most of the rest report another event (``searched``).
    ``long``: one of the two paragraphs is known to be longer than the model's ``long_words``
    (the pair is the first stage's, whatever the other's length).
    """

    def own() -> float:  # the pair's own parts, no article part, and a thread
        return score_pair(pa, pb, a, b, cosine, weights, 0.0).total + weights.thread

    return ceiling(gap_days(a, b), a.recalls or b.recalls, cosine, weights, model, long, own, logit)


def ceiling(
    gap: int | None,
    recalls: bool,
    cosine: float,
    weights: Weights,
    model: PairModel | None,
    long: bool,
    own: Callable[[], float],
    logit: float = math.inf,
) -> float:
    """``score_ceiling`` of a pair whose articles were published ``gap`` days apart (None: a
    date unknown), either only recalling (``recalls``), with the pair's own parts and thread
    given by ``own``, asked only when needed: the score's own (``score_ceiling``) or a bound
    of it (``sketch``); ``logit``: at least the article model's logit of the two articles."""
    liftable = weights.liftable(gap, recalls)

    def first() -> float:  # scored by the first stage: the article part is at most this
        if liftable and logit == math.inf:
            return math.inf
        return own() + weights.article(logit, gap, recalls)

    if model is None or weights.far(gap) or long:
        return first()
    # The model's lift feature is t · share (t = tanh(logit / 2) < 1): at most the share the gap
    # allows of the most t can be; its veto feature is min(t, 0): at most that of the most t
    # (both weigh towards a link, so a higher t never scores less).
    t = math.tanh(logit / 2)
    share = weights.lift_share(gap, recalls)
    shift = weights.link - model.link
    upper = model.upper(cosine, share * max(t, 0.0), min(t, 0.0), shift) + weights.thread
    # A long pair is scored by the first stage (``PairModel.long_words``): either bound.
    return max(upper, first()) if model.long_words else upper


def thread_pairs(fa: Features, fb: Features, pa: int, pb: int) -> list[Pair]:
    """The pairs whose link a continuing paragraph may borrow: (its predecessor, the other)."""
    pairs = []
    if fa.when == "inherited" and fa.previous is not None:
        pairs.append((fa.previous, pb))
    if fb.when == "inherited" and fb.previous is not None:
        pairs.append((pa, fb.previous))
    if fa.previous is not None and fb.previous is not None and len(pairs) == 2:
        pairs.append((fa.previous, fb.previous))  # both continue: their predecessors' link
    return pairs
