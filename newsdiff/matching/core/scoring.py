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
change to one is a change to both). ``PairScorer`` scores the pairs of a corpus with them,
adding the article part (``context.ArticlePairs``) and the thread bonus, and keeps the scores;
``link_edges`` keeps the candidate pairs that are edges of the match graph. With a pair model
(``Params.pair_model``; the default) this sum is the first stage: its parts at unit weight are
features of the second (``pairmodel``), whose score the matcher links and groups on, except for
pairs of long paragraphs (``PairModel.long_words``), which keep the first stage's score, and
parts of the graph made mostly of them, grouped with its thresholds (``PairScorer.grouping``);
the evidence keeps the first stage's parts.
Plain Python: no Django imports.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsdiff.matching.core.context import ArticlePairs, gap_days
from newsdiff.matching.core.corpus import Corpus, Pair
from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.core.features import ArticleFeatures, Features
from newsdiff.matching.core.pairarrays import WHEN, PairArrays, PairSignals, fsums
from newsdiff.matching.core.pairmodel import COSINE, FEATURES, LIFT, MAX_WORDS, VETO, PairModel
from newsdiff.matching.core.params import (
    CONFLICT_SLACK_DAYS,
    DATE_PRECISION,
    DEFAULT_WEIGHTS,
    FINE_DAYS,
    MAX_SHARED,
    MIN_SHARED_WEIGHT,
    Params,
    Weights,
)
from newsdiff.matching.core.timex import Period, days_apart
from newsdiff.text.names import different_bearers
from newsdiff.text.rarity import rarity

HEADLINE, RELATIVE, CENTRAL, LENGTH = (
    FEATURES.index(f) for f in ("headline", "relative", "central", "length")
)
# ``length``: log(1 + words), as ``math.log1p`` gives it, for each number of words it takes.
LOG1P = np.array([math.log1p(n) for n in range(MAX_WORDS + 1)], dtype=np.float64)


@functools.lru_cache(maxsize=1 << 16)
def _dropped(
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


def _date_match(fa: Features, fb: Features) -> tuple[float, bool, list[tuple[Period, Period]]]:
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


def _weight(shared: frozenset[str], a: ArticleFeatures, b: ArticleFeatures) -> float:
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
        entities -= _dropped(entities, fa.phrases, fb.phrases)
    date, conflict, common = _date_match(fa, fb)
    # A date is only as sure as the less sure of the two. A publication date can contradict a
    # stated one, but "matching" it says nothing: everything published that week matches it.
    certainty = min(weights.certainty(fa.when), weights.certainty(fb.when))
    if "implicit" in (fa.when, fb.when):
        date = 0.0
    numbers = fa.numbers & fb.numbers
    parts = (
        weights.cosine * cosine,
        weights.terms * _sat(_weight(terms, a, b), weights.saturation),
        weights.entities * _sat(_weight(entities, a, b), weights.saturation),
        weights.numbers if numbers else 0.0,
        weights.date * date * certainty,
        -weights.conflict * certainty if conflict else 0.0,
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
    ``date``, ``conflict``: ``_date_match``'s precision and conflict of each pair; ``article``:
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
) -> float:
    """The most the pair can score whatever its articles' context says: infinite where the two
    articles could be lifted at all (``Weights.article``: published within ``article_days``, or
    a date unknown, and neither only recalls: the lift alone takes almost any pair above the
    floor to ``link``; with the pair ``model``, any share of it, ``Weights.lift_share``), else
    its own parts and a thread bonus (the context can only veto).

    Lets the matcher skip loading a whole neighbouring article (every paragraph vector, for
    its context) for a pair that cannot reach ``link`` anyway: most neighbours in a long archive
    were published months away. ``long``: one of the two paragraphs is known to be longer than
    the model's ``long_words`` (the pair is the first stage's, whatever the other's length).
    """
    recalls = a.recalls or b.recalls
    gap = gap_days(a, b)
    if weights.liftable(gap, recalls):
        first = math.inf
    else:
        first = score_pair(pa, pb, a, b, cosine, weights, 0.0).total + weights.thread
    if model is None or weights.far(gap) or long:  # scored by the first stage
        return first
    # The article's veto is unknown before it is loaded: none. The model's lift feature is
    # t · share with t < 1: at most the share the gap allows.
    share = weights.lift_share(gap, recalls)
    upper = model.upper(cosine, share, 0.0, weights.link - model.link) + weights.thread
    # A long pair is scored by the first stage (``PairModel.long_words``): either bound.
    return max(upper, first) if model.long_words else upper


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


class PairScorer:
    """The scores of a corpus's paragraph pairs (of different articles), kept once computed:
    ``score`` on the hot path of edges and grouping, ``scored`` with the evidence of the pairs
    an event stores. Both come from ``score_pair``, plus the thread bonus."""

    def __init__(self, corpus: Corpus, params: Params) -> None:
        self.corpus = corpus
        self.params = params
        self.weights = params.weights
        self.article_pairs = ArticlePairs(corpus, params.weights, params.article_model)
        self.model = params.pair_model
        self._base: dict[Pair, tuple[float, float]] = {}  # (score, article part taken)
        self._scores: dict[Pair, float] = {}
        self.arrays = PairArrays(corpus)
        self._lengths: dict[int, int] = {}  # paragraph -> words
        self._row_lengths = np.zeros(0, dtype=np.int64)  # ``_row_words``
        self._row_published = np.zeros(0, dtype=np.float64)  # ``_row_days``
        # The first stage's parts at unit weight: the pair model's features.
        self._unit = dataclasses.replace(
            params.weights, cosine=1.0, terms=1.0, entities=1.0, numbers=1.0, date=1.0,
            conflict=1.0,
        )  # fmt: skip

    def _score_pair(self, lo: int, hi: int) -> Scored:
        c = self.corpus
        a_lo, a_hi = c.article_of[lo], c.article_of[hi]
        cosine = float(c.vectors[lo] @ c.vectors[hi])
        article = self.article_pairs.part(a_lo, a_hi)
        return score_pair(lo, hi, c.articles[a_lo], c.articles[a_hi], cosine, self.weights, article)

    def base(self, lo: int, hi: int) -> tuple[float, float]:
        """The pair's score without the thread bonus, and the article part it took."""
        key = (lo, hi)
        found = self._base.get(key)
        if found is None and self.model is not None:
            self.prime([key])
            found = self._base[key]
        if found is None:
            scored = self._score_pair(lo, hi)
            found = self._base[key] = (scored.total, scored.article)
        return found

    def prime(self, pairs: Sequence[Pair]) -> None:
        """``base`` of each pair (low id, high id) not scored yet, all at once: the first stage
        in arrays (``score_pairs``), or the pair model's score."""
        todo = list(dict.fromkeys(p for p in pairs if p not in self._base))
        if not todo:
            return
        if self.model is None:
            self._first(todo)
            return
        # Long pairs are the first stage's: the pair model's features are computed for the
        # others only (each costs a pass over the pair's words and dates).
        long = self._long(todo)
        scores, lifts = np.zeros(len(todo)), np.zeros(len(todo))
        short = np.flatnonzero(~long)
        if len(short):
            x = self.features([todo[i] for i in short.tolist()])
            scores[short], lifts[short] = self.model.scores(x, self.weights.link - self.model.link)
        where = np.flatnonzero(long)
        if len(where):
            scores[where], lifts[where] = self._first_scores([todo[i] for i in where.tolist()])
        found = zip(scores.tolist(), lifts.tolist(), strict=True)
        self._base.update(zip(todo, found, strict=True))

    def features(self, pairs: Sequence[Pair]) -> np.ndarray:
        """The pair model's features (``pairmodel.FEATURES``) of ``pairs`` (low id, high id),
        one row each: ``placed``, and the first stage's parts at unit weight, in arrays
        (``score_parts``: ``score_pair``'s, bit for bit)."""
        x = self.placed(pairs)
        if not pairs:
            return x
        cosine = x[:, COSINE]
        first = self._first_parts(pairs, self._unit, np.zeros(len(pairs)), cosine)[:, :6]
        x[:, :6] = first
        x[first[:, 5] != 0.0, LIFT] = 0.0  # a pair whose dates conflict takes no lift
        return x

    def placed(self, pairs: Sequence[Pair]) -> np.ndarray:
        """The features of ``pairs`` (low id, high id) that do not compare their words and
        dates (those left 0, ``pairmodel.COMPARED``): what the articles say, where each
        paragraph sits, its length. In arrays: what the two articles say once per pair of
        articles (``context.ArticlePairs``), each pair's own values gathered from theirs."""
        x = np.zeros((len(pairs), len(FEATURES)))
        if not pairs:
            return x
        context, arrays = self.article_pairs, self.arrays
        left = arrays.rows_of(np.array([p[0] for p in pairs], dtype=np.int64))
        right = arrays.rows_of(np.array([p[1] for p in pairs], dtype=np.int64))
        cosine = arrays.cosines(left, right)
        of = arrays.articles()
        width = int(of.max()) + 1
        keys, inverse = np.unique(of[left] * width + of[right], return_inverse=True)
        among = [(k // width, k % width) for k in keys.tolist()]
        context.gather(among)
        tilts, shares = np.zeros(len(among)), np.zeros(len(among))
        # Each pair of articles' best cosines of its paragraphs (``ArticlePairs.nearest``), put
        # end to end; ``at_lo``/``at_hi``: where each pair of articles' start.
        near_lo: list[np.ndarray] = []
        near_hi: list[np.ndarray] = []
        central: dict[int, np.ndarray] = {}
        for k, (a, b) in enumerate(among):
            # Two articles leading with news of different days take no lift (``tilt``).
            tilts[k], shares[k] = context.tilt(a, b)
            rows, cols = context.nearest(a, b)
            near_lo.append(rows)
            near_hi.append(cols)
            for article in (a, b):
                if article not in central:
                    central[article] = context.context(article).central
        positions = arrays.positions()
        ra, rb = positions[left], positions[right]
        at_lo = np.cumsum([0] + [len(r) for r in near_lo[:-1]])
        at_hi = np.cumsum([0] + [len(c) for c in near_hi[:-1]])
        best_lo = np.concatenate(near_lo)[at_lo[inverse] + ra].astype(np.float64)
        best_hi = np.concatenate(near_hi)[at_hi[inverse] + rb].astype(np.float64)
        # min(x, y) as Python takes it: y only when less.
        relative = cosine - np.where(best_hi < best_lo, best_hi, best_lo)
        ordered = sorted(central)
        starts = np.cumsum([0] + [len(central[a]) for a in ordered])[:-1]
        start_of = np.zeros(width, dtype=np.int64)
        start_of[ordered] = starts
        flat = np.concatenate([central[a] for a in ordered]).astype(np.float64)
        c_lo, c_hi = flat[start_of[of[left]] + ra], flat[start_of[of[right]] + rb]
        t, share = tilts[inverse], shares[inverse]
        headline = arrays.headlines()
        headline = headline[left] | headline[right]
        words = self._row_words()
        shorter = np.minimum(np.minimum(words[left], words[right]), MAX_WORDS)
        x[:, COSINE] = cosine
        x[:, LIFT] = np.where((t > 0) & ~headline, t * share, 0.0)
        x[:, VETO] = np.where(t > 0.0, 0.0, t)  # min(t, 0.0)
        x[:, HEADLINE] = headline
        x[:, RELATIVE] = relative
        x[:, CENTRAL] = np.where(c_hi < c_lo, c_hi, c_lo)
        x[:, LENGTH] = LOG1P[shorter]
        return x

    def _row_days(self) -> np.ndarray:
        """The publication day of each row's article (``PairArrays``' rows), as a number of
        days (``date.toordinal``); NaN when unknown."""
        ids = self.arrays.ids()
        have = len(self._row_published)
        if have < len(ids):
            c = self.corpus
            more = [c.articles[c.article_of[p]].published for p in ids[have:].tolist()]
            days = np.array([d.toordinal() if d else np.nan for d in more], dtype=np.float64)
            self._row_published = np.concatenate([self._row_published, days])
        return self._row_published

    def _row_words(self) -> np.ndarray:
        """The words of each row's paragraph (``PairArrays``' rows)."""
        ids = self.arrays.ids()
        have = len(self._row_lengths)
        if have < len(ids):
            more = [self._words(p) for p in ids[have:].tolist()]
            self._row_lengths = np.concatenate([self._row_lengths, np.array(more, np.int64)])
        return self._row_lengths

    def long(self, paragraph: int) -> bool:
        """Whether every pair of ``paragraph`` is the first stage's, its words beyond the pair
        model's ``long_words``."""
        most = self.model.long_words if self.model is not None else 0
        return bool(most) and self._words(paragraph) > most

    def _words(self, paragraph: int) -> int:
        found = self._lengths.get(paragraph)
        if found is None:
            found = self._lengths[paragraph] = len(self.corpus.texts[paragraph].split())
        return found

    def reachable(self, pairs: Sequence[Pair], cosines: Sequence[float]) -> list[bool]:
        """Whether each pair (of different articles, at its cosine) could score ``link``: its
        score at the most its word and date comparisons could add, before computing them."""
        w = self.weights
        if self.model is None:
            # Everything but the article part at its most, and the article part.
            others = w.bonus_max - w.article_lift
            part, article_of = self.article_pairs.part, self.corpus.article_of
            return [
                w.cosine * cosine + others + part(article_of[a], article_of[b]) >= w.link
                for (a, b), cosine in zip(pairs, cosines, strict=True)
            ]
        if not pairs:
            return []
        long = self._long(pairs)
        reach = np.zeros(len(pairs), dtype=bool)
        short = np.flatnonzero(~long)
        if len(short):
            x = self.placed([pairs[i] for i in short.tolist()])
            reach[short] = self.model.bound(x, w.link - self.model.link) + w.thread >= w.link
        where = np.flatnonzero(long)
        if len(where):  # scored by the first stage: its own bound
            others = w.bonus_max - w.article_lift
            lo = np.array([pairs[i][0] for i in where.tolist()], dtype=np.int64)
            hi = np.array([pairs[i][1] for i in where.tolist()], dtype=np.int64)
            first = w.cosine * np.asarray(cosines, dtype=np.float64)[where] + others
            reach[where] = first + self.article_parts(lo, hi) >= w.link
        return reach.tolist()

    def cheap(self, sims: np.ndarray, vetoes: np.ndarray, nodes: Sequence[int]) -> np.ndarray:
        """The stand-in score of far pairs of a large part of the graph (``grouping``; its
        paragraphs ``nodes``, in the order of the rows): the embedding part and the article veto
        (``vetoes``: each pair's article part, ≤ 0); a pair of long paragraphs, or of articles
        published further apart than the lift fades, as the first stage has it (``_long``)."""
        w = self.weights
        if self.model is None:
            return w.cosine * sims.astype(np.float64) + vetoes
        model, shift = self.model, w.link - self.model.link
        rows = self.arrays.rows_of(np.asarray(nodes, dtype=np.int64))  # first: may add rows
        long = np.zeros(len(nodes), dtype=bool)
        if model.long_words:
            long = self._row_words()[rows] > model.long_words
        if long.all():
            return w.cosine * sims.astype(np.float64) + vetoes
        # The first stage's score where either paragraph is long or the two articles were
        # published further apart than the lift fades (``Weights.far``), the pair model's
        # elsewhere: each computed only where it is taken.
        block = np.ix_(~long, ~long)
        sims_short, vetoes_short = (sims[block], vetoes[block]) if long.any() else (sims, vetoes)
        veto = vetoes_short / w.article_veto if w.article_veto else np.zeros(vetoes_short.shape)
        found = model.far_scores(sims_short, veto, shift)
        days = self._row_days()[rows][~long]
        with np.errstate(invalid="ignore"):  # a NaN gap (a date unknown) is never far
            far = np.abs(days[:, None] - days[None, :]) > w.article_fade
        if far.any():
            found = np.where(far, w.cosine * sims_short.astype(np.float64) + vetoes_short, found)
        if not long.any():
            return found
        scores = w.cosine * sims.astype(np.float64) + vetoes
        scores[block] = found
        return scores

    def _borrowed(self, lo: int, hi: int) -> list[Pair]:
        """Strong predecessor links a continuing paragraph borrows (``thread_pairs``).

        Only the predecessor's own (base) score counts, so threads do not chain.
        """
        vectors = self.corpus.vectors
        return [
            (x, y)
            for x, y in thread_pairs(self.corpus.features(lo), self.corpus.features(hi), lo, hi)
            if x in vectors and y in vectors
            and self.base(min(x, y), max(x, y))[0] >= self.weights.lend
        ]  # fmt: skip

    def score(self, a: int, b: int) -> float:
        """The pair's score, with the thread bonus."""
        key = (min(a, b), max(a, b))
        found = self._scores.get(key)
        if found is None:
            found = self.base(*key)[0]
            if self._borrowed(*key):
                found += self.weights.thread
            self._scores[key] = found
        return found

    def first_stage(self, a: int, b: int) -> float:
        """The first stage's score of the pair, whatever scores the links: the scale of a bar
        set on it (``Weights.enclosed``). With the first stage scoring, ``score`` itself."""
        if self.model is None:
            return self.score(a, b)
        return self._score_pair(min(a, b), max(a, b)).total

    def scores(self, pairs: Sequence[Pair]) -> list[float]:
        """``score`` of each pair (low id, high id), the ones not scored yet all at once, in
        arrays (``score_pairs``): what ``score`` gives them, bit for bit, and keeps."""
        todo = [p for p in dict.fromkeys(pairs) if p not in self._scores]
        if todo:
            self.prime(todo)
            base = np.array([self._base[p][0] for p in todo], dtype=np.float64)
            scores = np.where(self._threads(todo), base + self.weights.thread, base)
            self._scores.update(zip(todo, scores.tolist(), strict=True))
        return [self._scores[p] for p in pairs]

    def taken(self, pairs: Sequence[Pair]) -> list[float]:
        """The article part each pair (low id, high id; scored: ``scores``) took."""
        return [self._base[p][1] for p in pairs]

    def article_parts(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """The article part of each pair of paragraphs (``ArticlePairs.part``)."""
        part, arrays = self.article_pairs.part, self.arrays
        if not len(lo):
            return np.zeros(0, dtype=np.float64)
        a, b = arrays.articles_of(lo), arrays.articles_of(hi)
        width = int(max(a.max(), b.max())) + 1
        keys, inverse = np.unique(a * width + b, return_inverse=True)
        pairs = [(k // width, k % width) for k in keys.tolist()]
        self.article_pairs.prime(pairs)
        found = [part(x, y) for x, y in pairs]
        return np.array(found, dtype=np.float64)[inverse]

    def _long(self, pairs: Sequence[Pair]) -> np.ndarray:
        """Whether each pair is one the pair model leaves to the first stage: a paragraph of
        more than ``long_words`` words, or two articles published further apart than the lift
        fades (``Weights.far``: the model was fitted without dates)."""
        if self.model is None:
            return np.zeros(len(pairs), dtype=bool)
        if not pairs:
            return np.zeros(0, dtype=bool)
        left = self.arrays.rows_of(np.array([p[0] for p in pairs], dtype=np.int64))
        right = self.arrays.rows_of(np.array([p[1] for p in pairs], dtype=np.int64))
        long = np.zeros(len(pairs), dtype=bool)
        if self.model.long_words:
            words = self._row_words()
            long = np.maximum(words[left], words[right]) > self.model.long_words
        days = self._row_days()
        with np.errstate(invalid="ignore"):  # a NaN gap (a date unknown) is never far
            return long | (np.abs(days[left] - days[right]) > self.weights.article_fade)

    def grouping(self, nodes: Sequence[int]) -> tuple[float, float]:
        """The ``merge`` and ``extend`` thresholds a part of the graph (its paragraphs
        ``nodes``) is grouped with: the weights', or with a pair model that leaves long pairs to
        the first stage (``PairModel.long_words``), the first stage's (``Weights.long_merge``,
        ``long_extend``) for a part most of whose paragraphs are long: its scores are mostly
        the first stage's."""
        w, model = self.weights, self.model
        if model is None or not model.long_words or not nodes:
            return w.merge, w.extend
        long = sum(self._words(n) > model.long_words for n in nodes)
        return (w.long_merge, w.long_extend) if 2 * long > len(nodes) else (w.merge, w.extend)

    def _first(self, todo: list[Pair]) -> None:
        """The first stage's ``base`` of pairs (low id, high id) not scored yet, in arrays."""
        totals, taken = self._first_scores(todo)
        self._base.update(zip(todo, zip(totals.tolist(), taken.tolist(), strict=True), strict=True))

    def _first_scores(self, todo: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray]:
        """The first stage's score of each pair (low id, high id) and the article part it took."""
        lo = np.array([p[0] for p in todo], dtype=np.int64)
        hi = np.array([p[1] for p in todo], dtype=np.int64)
        parts = self._first_parts(todo, self.weights, self.article_parts(lo, hi))
        return fsums(parts), parts[:, -1]

    def _first_parts(
        self,
        todo: Sequence[Pair],
        weights: Weights,
        article: np.ndarray,
        cosine: np.ndarray | None = None,
    ) -> np.ndarray:
        """The first stage's parts of each pair (low id, high id) at ``weights``, given each
        pair's ``article`` part (``score_parts``) and, when known, its ``cosine``."""
        lo = np.array([p[0] for p in todo], dtype=np.int64)
        hi = np.array([p[1] for p in todo], dtype=np.int64)
        signals = self.arrays.signals(lo, hi, cosine)
        signals = dataclasses.replace(signals, entities=self._bearers(signals))
        date, conflict = self._dates(signals)
        return score_parts(signals, date, conflict, article, weights)

    def _bearers(self, s: PairSignals) -> np.ndarray:
        """The shared names' weights with ``score_pair``'s ``different_bearers`` taken out: only
        pairs whose paragraphs both write full names and share a weighted name can lose one,
        and those few are weighed again as ``score_pair`` weighs them."""
        entities = s.entities
        check = np.flatnonzero(s.phrased & (entities != 0.0))
        if not len(check):
            return entities
        entities = entities.copy()
        c = self.corpus
        for i in check.tolist():
            lo, hi = int(s.lo[i]), int(s.hi[i])
            a, b = c.analysis_of(lo), c.analysis_of(hi)
            fa, fb = a.paragraphs[lo], b.paragraphs[hi]
            shared = fa.entities & fb.entities
            dropped = _dropped(shared, fa.phrases, fb.phrases)
            if dropped:
                entities[i] = _weight(shared - dropped, a, b)
        return entities

    def _dates(self, s: PairSignals) -> tuple[np.ndarray, np.ndarray]:
        """``_date_match``'s precision and conflict of each pair, once per distinct pair of
        date contexts and provenances (copies of one story share theirs; how far apart two
        dates may be without conflict depends on where each comes from)."""
        left = s.context_lo * len(WHEN) + s.when_lo
        right = s.context_hi * len(WHEN) + s.when_hi
        width = int(max(left.max(), right.max())) + 1
        _, first, inverse = np.unique(left * width + right, return_index=True, return_inverse=True)
        of = self.corpus.features
        found = [_date_match(of(int(s.lo[i])), of(int(s.hi[i]))) for i in first.tolist()]
        date = np.array([d for d, _, _ in found], dtype=np.float64)[inverse]
        conflict = np.array([c for _, c, _ in found], dtype=bool)[inverse]
        return date, conflict

    def _threads(self, pairs: list[Pair]) -> np.ndarray:
        """Whether each pair borrows a strong predecessor link (``_borrowed``), in arrays."""
        lo = self.arrays.rows_of(np.array([p[0] for p in pairs], dtype=np.int64))
        hi = self.arrays.rows_of(np.array([p[1] for p in pairs], dtype=np.int64))
        ids, previous, inherited = self.arrays.threads()
        first = inherited[lo] & (previous[lo] >= 0)
        second = inherited[hi] & (previous[hi] >= 0)
        # ``thread_pairs``: (its predecessor, the other), (the one, the other's predecessor),
        # and when both continue, their predecessors.
        options = [
            (previous[lo], ids[hi], first),
            (ids[lo], previous[hi], second),
            (previous[lo], previous[hi], first & second),
        ]
        borrowed = [
            (np.flatnonzero(mask), list(zip(np.minimum(x, y)[mask].tolist(),
                                            np.maximum(x, y)[mask].tolist(), strict=True)))
            for x, y, mask in options
        ]  # fmt: skip
        self.prime([key for _, keys in borrowed for key in keys])
        strong = np.zeros(len(pairs), dtype=bool)
        for where, keys in borrowed:
            base = np.array([self._base[key][0] for key in keys], dtype=np.float64)
            strong[where] |= base >= self.weights.lend
        return strong

    def scored(self, a: int, b: int) -> tuple[float, Evidence]:
        """``score`` with the evidence."""
        lo, hi = min(a, b), max(a, b)
        scored = self._score_pair(lo, hi)
        score = scored.total if self.model is None else self.base(lo, hi)[0]
        evidence = scored.evidence(
            self.corpus.analysis_of(lo), self.corpus.analysis_of(hi), self.corpus.features(lo)
        )
        borrowed = self._borrowed(lo, hi)
        if borrowed:
            score += self.weights.thread
            evidence["parts"] = {**evidence["parts"], "thread": self.weights.thread}
            evidence["thread"] = [list(p) for p in borrowed]
        return score, evidence


def link_edges(scorer: PairScorer, pairs: Iterable[Pair]) -> list[Pair]:
    """The candidate pairs (of different articles) that score at least ``link``, each once
    as (low id, high id)."""
    w, article_pairs = scorer.weights, scorer.article_pairs
    floor, link = w.min_cosine, w.link
    # Everything but the article part at its most: a pair that cannot reach ``link`` with
    # it is not scored at all (most topical pairs of different-event articles).
    others = w.bonus_max - w.article_lift
    lo, hi = _unique(pairs)
    if not len(lo):
        return []
    arrays = scorer.arrays
    left, right = arrays.rows_of(lo), arrays.rows_of(hi)
    articles = arrays.articles()
    cross = articles[left] != articles[right]
    lo, hi, left, right = lo[cross], hi[cross], left[cross], right[cross]
    cosines = arrays.bounds(left, right)
    near = cosines >= floor
    lo, hi, cosines = lo[near], hi[near], cosines[near]
    if scorer.model is None:
        reach = w.cosine * cosines + others + scorer.article_parts(lo, hi) >= link
    else:
        near_pairs = list(zip(lo.tolist(), hi.tolist(), strict=True))
        reach = np.array(scorer.reachable(near_pairs, cosines.tolist()), dtype=bool)
    candidates = list(zip(lo[reach].tolist(), hi[reach].tolist(), strict=True))
    scores = np.array(scorer.scores(candidates), dtype=np.float64)
    lift = np.array(scorer.taken(candidates), dtype=np.float64)  # taken, not what it might have
    # The article lift makes a pair an edge only between a paragraph and its closest paragraph
    # in the other article: it still joins two reports of one event, but many copies of one
    # story no longer link every paragraph to every other (one giant part of the graph to
    # regroup). Inside a part, grouping uses the full score.
    edge = scores >= link
    kept = edge & ((lift <= 0) | (scores - lift >= link))
    for i in np.flatnonzero(edge & ~kept).tolist():
        kept[i] = article_pairs.mutual(*candidates[i])
    return [candidates[i] for i in np.flatnonzero(kept).tolist()]


def _unique(pairs: Iterable[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """The pairs as (low id, high id), each once, sorted."""
    found = np.fromiter(itertools.chain.from_iterable(pairs), dtype=np.int64).reshape(-1, 2)
    lo, hi = found.min(axis=1), found.max(axis=1)
    if not len(lo):
        return lo, hi
    width = int(hi.max()) + 1
    keys = np.unique(lo * width + hi)
    return keys // width, keys % width
