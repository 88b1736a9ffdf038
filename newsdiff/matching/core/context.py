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

Its coefficients (``ArticleModel``) were fitted on the ECB+ development topics' article pairs of
one topic (same event vs similar event), with topics held out; see ``bench/ecb_dev.py --fit``.
Plain Python and numpy: no Django imports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from newsdiff.matching.core.features import ArticleFeatures, rarity


@dataclass(frozen=True)
class ArticleModel:
    """Logistic model of "same event" over (coverage, closest, names, numbers)."""

    intercept: float = -7.92
    coverage: float = 4.04
    closest: float = 6.54
    names: float = 5.97
    numbers: float = 0.42

    def logit(self, signals: tuple[float, float, float, float]) -> float:
        c, m, n, q = signals
        return (
            self.intercept
            + self.coverage * c
            + self.closest * m
            + self.names * n
            + self.numbers * q
        )


DEFAULT_ARTICLE_MODEL = ArticleModel()


@dataclass(frozen=True, eq=False)
class ArticleContext:
    matrix: np.ndarray  # the article's paragraph vectors, one row each
    names: dict[str, float]  # name -> rarity², over the whole article
    norm: float  # sqrt(Σ rarity⁴): the names' vector length
    numbers: frozenset[str]


def article_context(features: ArticleFeatures, matrix: np.ndarray) -> ArticleContext:
    names = {name: rarity(name) ** 2 for name in features.names}
    norm = math.sqrt(sum(w * w for w in names.values()))
    return ArticleContext(matrix, names, norm, features.numbers)


def article_signals(a: ArticleContext, b: ArticleContext) -> tuple[float, float, float, float]:
    if not len(a.matrix) or not len(b.matrix):
        return 0.0, 0.0, 0.0, 0.0
    sims = a.matrix @ b.matrix.T
    coverage = 0.5 * (float(sims.max(axis=1).mean()) + float(sims.max(axis=0).mean()))
    closest = float(sims.max())
    small, large = (a, b) if len(a.names) <= len(b.names) else (b, a)
    shared = sum(w * w for t, w in small.names.items() if t in large.names)
    names = shared / (a.norm * b.norm) if a.norm and b.norm else 0.0
    numbers = math.log1p(len(a.numbers & b.numbers))
    return coverage, closest, names, numbers


def shared_names(a: ArticleContext, b: ArticleContext, limit: int = 8) -> list[str]:
    """The rarest names both articles use: what the article score rests on, for the evidence."""
    shared = sorted((t for t in a.names if t in b.names), key=lambda t: (-a.names[t], t))
    return shared[:limit]
