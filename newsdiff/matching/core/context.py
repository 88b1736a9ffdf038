"""Article-level context: do two whole articles report the same event?

Two reports of one event share their names, places and figures across many paragraphs, and
several of their paragraphs say nearly the same thing; two reports of *similar* events (two
earthquakes, two shootings) share the topic's vocabulary but not its names. So a paragraph pair
is judged with its two articles around it: the article score lifts a pair whose own wording
differs when the articles agree, and sinks a topical pair when they do not.

The article score is a logistic model over four signals of the two articles, each computed from
the two articles alone (no corpus statistics, so incremental matching still equals a rebuild):

- ``coverage``: how well each article's paragraphs are covered by the other's (the mean, over
  both directions, of each paragraph's best cosine in the other article);
- ``closest``: the best cosine of any paragraph pair;
- ``names``: cosine of the two articles' sets of names, each name weighted by its rarity in
  English squared ("Lohan", "Klitschko" weigh; "Monday" and "Police" do not);
- ``numbers``: log(1 + quantities both state).

Its coefficients (``params.ArticleModel``, read from ``fitted.json``) are fitted on the ECB+
development topics' article pairs of one topic (same event vs similar event) by
``bench/ecb_dev.py --fit``. ``ArticlePairs`` keeps, for the pairs of articles a run meets, what
the two articles say about their paragraphs' pairs. Plain Python and numpy: no Django imports.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from newsdiff.matching.core.corpus import Corpus, Pair
from newsdiff.matching.core.features import ArticleFeatures
from newsdiff.matching.core.params import (
    LEAD_DAYS,
    LEAD_PARAGRAPHS,
    LEAD_WINDOW,
    ArticleModel,
    Weights,
)
from newsdiff.matching.core.timex import Period
from newsdiff.text.rarity import rarity

BATCH = 512  # pairs of articles per batched product: bounds its memory (~10 MiB at 13 x 13)
NO_VECTORS = np.zeros((0, 0), dtype=np.float32)  # the context of an article as its words give it


@dataclass(frozen=True, eq=False)
class ArticleContext:
    matrix: np.ndarray  # the article's paragraph vectors, one row each
    names: dict[str, float]  # name -> rarity², over the whole article
    norm: float  # sqrt(Σ rarity⁴): the names' vector length
    numbers: frozenset[str]
    central: np.ndarray  # each paragraph's cosine to the article's mean vector


def article_context(features: ArticleFeatures, matrix: np.ndarray) -> ArticleContext:
    names = {name: rarity(name) ** 2 for name in features.names}
    norm = math.sqrt(sum(w * w for w in names.values()))
    mean = matrix.mean(axis=0) if len(matrix) else np.zeros(0)
    length = float(np.linalg.norm(mean)) if len(matrix) else 0.0
    central = matrix @ (mean / length) if length else np.zeros(len(matrix))
    return ArticleContext(matrix, names, norm, features.numbers, central)


def article_signals(a: ArticleContext, b: ArticleContext) -> tuple[float, float, float, float]:
    if not len(a.matrix) or not len(b.matrix):
        return 0.0, 0.0, 0.0, 0.0
    sims = a.matrix @ b.matrix.T
    coverage = 0.5 * (float(sims.max(axis=1).mean()) + float(sims.max(axis=0).mean()))
    return (coverage, float(sims.max()), *_shared(a, b))


def _shared(a: ArticleContext, b: ArticleContext) -> tuple[float, float]:
    """The ``names`` and ``numbers`` signals."""
    small, large = (a, b) if len(a.names) <= len(b.names) else (b, a)
    shared = sum(w * w for t, w in small.names.items() if t in large.names)
    names = shared / (a.norm * b.norm) if a.norm and b.norm else 0.0
    return names, math.log1p(len(a.numbers & b.numbers))


def gap_days(a: ArticleFeatures, b: ArticleFeatures) -> int | None:
    """Days between the two articles' publication dates; None when either is unknown."""
    return days_between(a.published, b.published)


def days_between(da: dt.date | None, db: dt.date | None) -> int | None:
    return abs((da - db).days) if da and db else None


class ArticlePairs:
    """What two whole articles say about the pairs of their paragraphs, for the pairs of
    articles a run meets: each article's context, the paragraph pairs that are each other's
    closest, and the article part of their score; each computed when first asked for."""

    def __init__(self, corpus: Corpus, weights: Weights, model: ArticleModel) -> None:
        self.corpus = corpus
        self.weights = weights
        self.model = model
        self._contexts: dict[int, ArticleContext] = {}
        self._parts: dict[Pair, float] = {}
        # ``article_signals`` of each pair of articles (low id, high id), from ``gather``.
        self._signals: dict[Pair, tuple[float, float, float, float]] = {}
        self._best: dict[Pair, set[Pair]] = {}
        # Each paragraph's closest in the other article, both ways, from ``gather``.
        self._closest: dict[Pair, tuple[np.ndarray, np.ndarray]] = {}
        # Each paragraph's best cosine in the other article, both ways (``placement``).
        self._nearest: dict[Pair, tuple[np.ndarray, np.ndarray]] = {}
        self._positions: dict[int, int] = {}  # paragraph -> its row in its article's matrix
        self._tilts: dict[Pair, tuple[float, float]] = {}
        self._leads: dict[int, tuple[Period, ...]] = {}

    def context(self, article: int) -> ArticleContext:
        """The article's context, built when first asked for: most articles a new one meets
        are only ever scored on a paragraph or two."""
        found = self._contexts.get(article)
        if found is None:
            rows, vectors = self.corpus.rows[article], self.corpus.vectors
            matrix = np.stack([vectors[p] for p in rows]) if rows else np.zeros((0, 0))
            found = self._contexts[article] = article_context(self.corpus.articles[article], matrix)
        return found

    def best_matches(self, a: int, b: int) -> set[Pair]:
        """Pairs (low id, high id) of articles ``a`` and ``b`` whose paragraphs are each the
        other's closest in its article."""
        key = (min(a, b), max(a, b))
        found = self._best.get(key)
        if found is None:
            ra, rb = self.corpus.rows[key[0]], self.corpus.rows[key[1]]
            found = set()
            if ra and rb:
                best_b, best_a = (c.tolist() for c in self._closest_of(key))
                for i, j in enumerate(best_b):
                    if best_a[j] == i:  # each is the other's closest
                        found.add((min(ra[i], rb[j]), max(ra[i], rb[j])))
            self._best[key] = found
        return found

    def mutual(self, pa: int, pb: int) -> bool:
        """Whether paragraphs ``pa`` and ``pb`` of two articles are each the other's closest in
        its article: a pair of ``best_matches``, without building the set."""
        of = self.corpus.article_of
        if of[pa] > of[pb]:
            pa, pb = pb, pa
        best_b, best_a = self._closest_of((of[pa], of[pb]))
        i, j = self._position(pa), self._position(pb)
        return bool(best_b[i] == j and best_a[j] == i)

    def _position(self, paragraph: int) -> int:
        found = self._positions.get(paragraph)
        if found is None:
            rows = self.corpus.rows[self.corpus.article_of[paragraph]]
            self._positions.update((p, i) for i, p in enumerate(rows))
            found = self._positions[paragraph]
        return found

    def _closest_of(self, key: Pair) -> tuple[np.ndarray, np.ndarray]:
        """Each paragraph's closest in the other article, both ways (of two articles that have
        paragraphs)."""
        found = self._closest.get(key)
        if found is None:
            sims = self.context(key[0]).matrix @ self.context(key[1]).matrix.T
            found = self._closest[key] = sims.argmax(axis=1), sims.argmax(axis=0)
        return found

    def prime(self, keys: Iterable[Pair]) -> None:
        """``part`` of many pairs of articles at once, from their signals in batches
        (``gather``)."""
        w = self.weights
        if not (w.article_lift or w.article_veto):
            return
        for key in self.gather(keys):
            if key not in self._parts:
                self.part(*key)

    def gather(self, keys: Iterable[Pair]) -> list[Pair]:
        """The signals of many pairs of articles at once (each pair as (low id, high id), once;
        returned): the paragraph similarities of all pairs whose articles have the same numbers
        of paragraphs in one batched product (numpy makes the same BLAS call for each as
        ``article_signals`` does, so the same values), reduced along the batch. Each pair's
        closest paragraphs (``mutual``) and best cosines (``placement``) are kept."""
        shapes: dict[tuple[int, int], list[Pair]] = defaultdict(list)
        found = list(dict.fromkeys((min(a, b), max(a, b)) for a, b in keys))
        for key in found:
            if key in self._signals:
                continue
            a, b = len(self.context(key[0]).matrix), len(self.context(key[1]).matrix)
            if a and b:
                shapes[a, b].append(key)
            else:
                self._signals[key] = (0.0, 0.0, 0.0, 0.0)  # ``article_signals`` of no paragraph
        for same in shapes.values():
            # Each article's matrix stacked once, the batches gathered from the stacks.
            left = sorted({a for a, _ in same})
            right = sorted({b for _, b in same})
            first = np.stack([self.context(a).matrix for a in left])
            second = np.stack([self.context(b).matrix for b in right]).transpose(0, 2, 1)
            at_left = np.searchsorted(left, [a for a, _ in same])
            at_right = np.searchsorted(right, [b for _, b in same])
            for start in range(0, len(same), BATCH):
                end = start + BATCH
                sims = first[at_left[start:end]] @ second[at_right[start:end]]
                self._batch(same[start:end], sims)
        return found

    def _batch(self, keys: list[Pair], sims: np.ndarray) -> None:
        best_b, best_a = sims.argmax(axis=2), sims.argmax(axis=1)
        near_b, near_a = sims.max(axis=2), sims.max(axis=1)
        rows, cols = near_b.mean(axis=1).tolist(), near_a.mean(axis=1).tolist()
        closest = sims.max(axis=(1, 2)).tolist()
        context = self.context
        for i, key in enumerate(keys):
            coverage = 0.5 * (rows[i] + cols[i])
            self._signals[key] = (coverage, closest[i], *_shared(context(key[0]), context(key[1])))
            self._closest[key] = best_b[i], best_a[i]
            self._nearest[key] = near_b[i], near_a[i]

    def _signals_of(self, key: Pair) -> tuple[float, float, float, float]:
        """``article_signals`` of a pair of articles (low id, high id), kept."""
        found = self._signals.get(key)
        if found is None:
            found = self._signals[key] = article_signals(self.context(key[0]), self.context(key[1]))
        return found

    def tilt(self, a: int, b: int) -> tuple[float, float]:
        """(t = tanh(logit/2) of the article model, the share of the lift the articles may
        take, ``Weights.lift_share``, none when they lead with news of different days:
        ``apart``) for articles ``a`` and ``b`` (the pair model's ``lift`` and ``veto``)."""
        key = (min(a, b), max(a, b))
        found = self._tilts.get(key)
        if found is None:
            signals = self._signals_of(key)
            fa, fb = self.corpus.articles[key[0]], self.corpus.articles[key[1]]
            t = math.tanh(self.model.logit(signals) / 2)
            share = self.weights.lift_share(gap_days(fa, fb), fa.recalls or fb.recalls)
            if share and self.apart(*key):
                share = 0.0
            found = self._tilts[key] = (t, share)
        return found

    def lead(self, article: int) -> tuple[Period, ...]:
        """The day or days the article's news happened: the precise periods (``LEAD_DAYS`` or
        shorter) within ``LEAD_WINDOW`` days up to its publication that the first of its first
        ``LEAD_PARAGRAPHS`` body paragraphs stating one states ("early on Monday"). None when
        its date is unknown or its lead dates no recent moment so precisely (a birth date, an
        anniversary: what a lead recalls is not its news)."""
        found = self._leads.get(article)
        if found is None:
            analysis = self.corpus.articles[article]
            found = ()
            if analysis.published is not None:
                since = analysis.published - dt.timedelta(days=LEAD_WINDOW)
                recent = Period(since, analysis.published)
                features = analysis.paragraphs
                # Only the first few are read: a stored analysis decodes a paragraph when read.
                body = (features[p] for p in self.corpus.rows[article])
                lead = itertools.islice((f for f in body if not f.headline), LEAD_PARAGRAPHS)
                for paragraph in lead:
                    found = tuple(
                        p for p in paragraph.periods if p.days <= LEAD_DAYS and p.overlaps(recent)
                    )
                    if found:
                        break
            self._leads[article] = found
        return found

    def apart(self, a: int, b: int) -> bool:
        """Whether the two articles lead with news of different days ("on Monday" against "on
        Thursday"): reports of two moments, however alike their words and background."""
        la, lb = self.lead(a), self.lead(b)
        return bool(la and lb) and not any(p.overlaps(q) for p in la for q in lb)

    def placement(self, lo: int, hi: int, cosine: float) -> tuple[float, float]:
        """(relative, central) of paragraphs ``lo`` and ``hi`` at ``cosine`` (``pairmodel``): the
        cosine less the better of each one's best cosine in the other's article, and the lower
        of the two's cosine to its own article's mean vector."""
        a, b = self.corpus.article_of[lo], self.corpus.article_of[hi]
        ca, cb = self.context(a), self.context(b)
        found = self.nearest(a, b)
        ra, rb = self._position(lo), self._position(hi)
        relative = cosine - min(float(found[0][ra]), float(found[1][rb]))
        return relative, min(float(ca.central[ra]), float(cb.central[rb]))

    def nearest(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Each paragraph of article ``a``'s best cosine in article ``b``, and each of ``b``'s
        in ``a`` (``placement``)."""
        key = (a, b)
        found = self._nearest.get(key)
        if found is None:
            sims = self.context(a).matrix @ self.context(b).matrix.T
            found = self._nearest[key] = (sims.max(axis=1), sims.max(axis=0))
        return found

    def logit_ceiling(
        self, article: int, other: ArticleFeatures, coverage: float, closest: float
    ) -> float:
        """The most the article model's logit of a loaded ``article`` and an ``other`` not
        loaded (its analysis, without vectors) can be, their ``coverage`` and ``closest``
        signals at most these (``searched.SignalCeilings``): their names and quantities are
        their own."""
        own = self.context(article)
        # The other's names weighed only when it shares one (most neighbours share none).
        shares = not own.names.keys().isdisjoint(other.names)
        names = _shared(own, article_context(other, NO_VECTORS))[0] if shares else 0.0
        numbers = math.log1p(len(own.numbers & other.numbers))
        m = self.model
        # A signal whose coefficient weighs against the same event is at its least (each ≥ -1).
        most = lambda coef, x: coef * x if coef >= 0 else -coef  # noqa: E731
        return (
            m.intercept
            + most(m.coverage, coverage)
            + most(m.closest, closest)
            + m.names * names
            + m.numbers * numbers
        )

    def part(self, a: int, b: int) -> float:
        """The article part of the score of any paragraph pair of articles ``a`` and ``b``."""
        key = (min(a, b), max(a, b))
        found = self._parts.get(key)
        if found is None:
            w = self.weights
            if w.article_lift or w.article_veto:
                signals = self._signals_of(key)
                fa, fb = self.corpus.articles[key[0]], self.corpus.articles[key[1]]
                logit = self.model.logit(signals)
                part = w.article(logit, gap_days(fa, fb), fa.recalls or fb.recalls)
                found = self._unlifted(key, part)
            else:
                found = 0.0
            self._parts[key] = found
        return found

    def _unlifted(self, key: Pair, part: float) -> float:
        """The article part of two articles that lead with news of different days (``apart``)
        keeps its veto but lends no lift: their pairs share the background both recount, not
        the news."""
        return 0.0 if part > 0 and self.apart(*key) else part
