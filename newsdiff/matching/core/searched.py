"""What the searches of a loaded article's paragraphs tell of its article signals with an article
not loaded: a ceiling of the article model's logit before the other's vectors are read.

A pair of paragraphs of two articles published within ``Weights.article_fade`` days may take the
article model's lift, and its bound (``scoring.ceiling``) must allow for it while the other
article's vectors are unread: at 100k stored paragraphs ~30 neighbouring articles a new one
meets were loaded whole for it, one of them its story's. Yet the article model mostly says the
opposite of a lift: two articles that share one topical paragraph and nothing else have a low
``coverage`` and no shared names, and their pairs take its veto. The searches already tell how
far the other article can be from each searched paragraph:

- a searched paragraph's ``NEWSDIFF_NEIGHBOURS`` nearest (by the index's order) include every
  paragraph it returned, and any paragraph of another article it did not return is no nearer
  than its farthest returned one; when fewer came back than the search asked for, less the
  paragraphs of its own article (which take places in that order and are dropped after), the
  rest lay below the cosine floor, and so does every paragraph it did not return (``beyond``);
- so each paragraph's best cosine in the other article is at most the larger of that and its
  best returned one there; the article pair's ``closest`` is at most the largest of those, and
  its ``coverage`` (the mean of both directions' best cosines) at most the mean of them with
  that largest (``SignalCeilings``);
- the names and quantities signals are the articles' own, the other's read from its stored
  analysis (``context.ArticlePairs.logit_ceiling``).

The bound holds for an exact search (the in-process index), widened by ``SLACK`` for a search
that orders by half-precision distances and reports full ones (pgvector's); on an approximate
index it holds as far as the index finds a paragraph's nearest (its recall, ``bench/scale.py``).
Only articles whose every paragraph was searched in the same walk are bounded so. Plain Python
and numpy: no Django imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

# Added to every cosine the bound rests on: pgvector orders by half-precision distances (a
# cosine off by up to ~1e-3) and the article signals are float32 products.
SLACK = 0.005

Hit = tuple[int, float]  # (paragraph found, cosine)


def beyond(
    cosines: Sequence[float], own: int, nearest_own: Callable[[], float], asked: int, floor: float
) -> float:
    """The most cosine a paragraph of another article can have with a searched paragraph that
    did not return it: ``cosines``, those it returned (all at least ``floor``); ``own``, how
    many other paragraphs its own article has (the search ranks them and drops them after),
    ``nearest_own()`` the highest cosine among them; ``asked``, how many nearest the search
    took."""
    if len(cosines) + own < asked:
        return floor  # some of the nearest taken were under the floor: everything further is
    if cosines:
        return max(floor, min(cosines))  # the farthest of the nearest is no nearer than these
    # Every one of the nearest was of its own article or under the floor (an article of more
    # paragraphs than the search asks for).
    return max(floor, nearest_own())


class SignalCeilings:
    """The most the ``coverage`` and ``closest`` signals (``context.article_signals``) of a
    searched article (its paragraphs ``rows``, every one searched: their ``hits``, and
    ``limits``, ``beyond`` of each) can be with an article its paragraphs found one of; each
    worked out when first asked for (a new article's paragraphs find hundreds of articles, and
    the few published near it are asked about)."""

    def __init__(
        self,
        rows: Sequence[int],
        hits: Mapping[int, Iterable[Hit]],
        limits: Mapping[int, float],
        article_of: Callable[[int], int],
    ) -> None:
        self._limit = np.array([limits[row] for row in rows])
        # other article -> (row, best cosine found there) of each row that found one
        self._best: dict[int, dict[int, float]] = {}
        for i, row in enumerate(rows):
            for other, cosine in hits[row]:
                found = self._best.setdefault(article_of(other), {})
                if cosine > found.get(i, -1.0):
                    found[i] = cosine
        self._known: dict[int, tuple[float, float] | None] = {}

    def __call__(self, article: int) -> tuple[float, float] | None:
        """(coverage, closest) at their most with ``article``; None if no paragraph found one
        of its paragraphs."""
        if article in self._known:
            return self._known[article]
        found = self._best.get(article)
        ceiling = None
        if found is not None:
            most = self._limit.copy()
            rows = np.fromiter(found, np.int64, len(found))
            most[rows] = np.maximum(most[rows], np.fromiter(found.values(), np.float64, len(found)))
            most = np.minimum(most + SLACK, 1.0)
            closest = float(most.max())
            # Each of the other's paragraphs' best cosine here is at most ``closest``.
            ceiling = (0.5 * (float(most.mean()) + closest), closest)
        self._known[article] = ceiling
        return ceiling
