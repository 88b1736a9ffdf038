"""The edges of the match graph: ``link_edges`` keeps the candidate pairs (of different
articles) that score at least ``Weights.link`` (``scorer.PairScorer``), a pair the article lift
brings there only between a paragraph and its closest paragraph in the other article.

The matcher (``matcher.match``) and the service build their graph with it. It adds no score of
its own, only the rule of which scored pairs are edges, so it lives apart from the scorer.
Plain Python: no Django imports.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np

from newsdiff.matching.core.corpus import Pair
from newsdiff.matching.core.scorer import PairScorer


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
