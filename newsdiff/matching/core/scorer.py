"""``PairScorer``: the scores of a corpus's paragraph pairs (of different articles), kept once
computed.

It scores with ``scoring``'s formula (``score_pair`` one pair at a time, with the evidence;
``score_parts`` for many pairs at once, in arrays, bit for bit), adding the article part
(``context.ArticlePairs``) and the thread bonus (``scoring.thread_pairs``). With a pair model
(``Params.pair_model``) it computes the model's features (``features``, ``placed``) and scores
with the model, leaving long pairs and pairs of far-apart articles to the first stage. It also
bounds pairs before they are scored (``reachable``), stands in for the far pairs of a large part
of the graph (``cheap``) and gives the thresholds a part is grouped with (``grouping``). It lives
apart from ``scoring``: the formula says what one pair scores, this class how a corpus's many
pairs are scored and kept. Plain Python: no Django imports.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from newsdiff.matching.core.context import ArticlePairs
from newsdiff.matching.core.corpus import Corpus, Pair
from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.core.pairarrays import WHEN, PairArrays, PairSignals, fsums
from newsdiff.matching.core.pairmodel import COSINE, FEATURES, LIFT, MAX_WORDS, VETO
from newsdiff.matching.core.params import Params, Weights
from newsdiff.matching.core.scoring import (
    Scored,
    date_match,
    dropped_names,
    score_pair,
    score_parts,
    shared_weight,
    thread_pairs,
)

HEADLINE, RELATIVE, CENTRAL, LENGTH = (
    FEATURES.index(f) for f in ("headline", "relative", "central", "length")
)
# ``length``: log(1 + words), as ``math.log1p`` gives it, for each number of words it takes.
LOG1P = np.array([math.log1p(n) for n in range(MAX_WORDS + 1)], dtype=np.float64)


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
            dropped = dropped_names(shared, fa.phrases, fb.phrases)
            if dropped:
                entities[i] = shared_weight(shared - dropped, a, b)
        return entities

    def _dates(self, s: PairSignals) -> tuple[np.ndarray, np.ndarray]:
        """``date_match``'s precision and conflict of each pair, once per distinct pair of
        date contexts and provenances (copies of one story share theirs; how far apart two
        dates may be without conflict depends on where each comes from)."""
        left = s.context_lo * len(WHEN) + s.when_lo
        right = s.context_hi * len(WHEN) + s.when_hi
        width = int(max(left.max(), right.max())) + 1
        _, first, inverse = np.unique(left * width + right, return_index=True, return_inverse=True)
        of = self.corpus.features
        found = [date_match(of(int(s.lo[i])), of(int(s.hi[i]))) for i in first.tolist()]
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
