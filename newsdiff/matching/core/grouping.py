"""Group scored pairs into events without chaining.

Connected components over a threshold chain: A~B and B~C put A with C however unlike they are,
and on a corpus where everything is on one topic that makes one blob. Here:

1. ``components`` splits the graph of pairs scoring at least ``link`` (cheap, and independent
   parts never interact, which is what makes incremental matching exact);
2. ``average_linkage`` clusters each component bottom-up, always merging the two clusters with the
   highest *mean* score over all their cross-article pairs (a missing pair counts as its real,
   low score), and stops when no pair of clusters reaches ``merge``. One strong link can no
   longer pull in a cluster the rest of the group does not resemble;
3. ``extend`` then lets a paragraph join a second event it resembles as a whole (a paragraph may
   report two events), and clusters covering a single article are dropped.

Deterministic: ties break on the smallest ids, so the same input always gives the same events.
Plain Python and numpy: no Django imports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


class DisjointSets:
    """Union-find over ids (path halving): which part of a graph each node is in so far."""

    def __init__(self, nodes: Iterable[int] = ()) -> None:
        self.parent = {n: n for n in nodes}

    def find(self, x: int) -> int:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        """Join the parts of ``a`` and ``b``; False if they were one part already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def components(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components (sorted lists, sorted by first id) of an undirected graph."""
    sets = DisjointSets(nodes)
    for a, b in edges:
        sets.union(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in sorted(sets.parent):
        groups[sets.find(n)].append(n)
    return sorted(groups.values())


PairScore = Callable[[int, int], float]


@dataclass
class ScoreMatrix:
    """Every pair score of one component, for grouping: ``nodes`` sorted by id, ``scores[i, j]``
    the score of ``nodes[i]`` and ``nodes[j]``, ``cross[i, j]`` whether they are paragraphs of
    different articles (only those pairs are ever compared; the other scores are 0)."""

    nodes: list[int]
    scores: np.ndarray  # float64, symmetric
    cross: np.ndarray  # bool, symmetric, False on the diagonal

    @classmethod
    def of(cls, nodes: Iterable[int], article: Mapping[int, int], score: PairScore) -> ScoreMatrix:
        """The matrix of ``score`` over every cross-article pair (small components, the tests)."""
        order = sorted(nodes)
        cross = cross_articles([article[n] for n in order])
        scores = np.zeros(cross.shape)
        for i, j in zip(*np.nonzero(np.triu(cross)), strict=True):
            scores[i, j] = scores[j, i] = score(order[i], order[j])
        return cls(order, scores, cross)


def cross_articles(articles: Sequence[int]) -> np.ndarray:
    """``cross[i, j]``: whether entries ``i`` and ``j`` belong to different articles."""
    arts = np.asarray(articles, dtype=np.int64)
    return arts[:, None] != arts[None, :]


def linkage(matrix: ScoreMatrix, merge: float) -> list[list[int]]:
    """Average linkage on a score matrix: clusters of ``matrix.nodes`` (sorted lists, sorted).

    Arrays instead of a heap of every pair: sums and counts of the cross-article scores between
    clusters, one row and column updated per merge, and each row's best mean kept so a merge only
    rescans the rows whose best partner it touched. A cluster lives on the row of its smallest
    id, so taking the first maximum (smallest row, then smallest column) breaks ties on the
    smallest ids, as the order-free definition wants.
    """
    n = len(matrix.nodes)
    sums = np.where(matrix.cross, matrix.scores, 0.0)
    counts = matrix.cross.astype(np.int32)
    means = np.where(matrix.cross, sums, -np.inf)  # every count is 1 to begin with
    best = means.max(axis=1) if n else np.zeros(0)
    members = [[i] for i in range(n)]
    while n:
        x = int(np.argmax(best))
        if not best[x] >= merge:
            break
        y = int(np.argmax(means[x]))  # > x: a smaller y would have the same best, first
        before = means[:, x].copy(), means[:, y].copy()
        sums[x] += sums[y]
        counts[x] += counts[y]
        sums[:, x], counts[:, x] = sums[x], counts[x]
        members[x] += members[y]
        members[y] = []
        means[y], means[:, y], best[y] = -np.inf, -np.inf, -np.inf
        alive = best > -np.inf  # rows still clustering, plus those that never can: harmless
        with np.errstate(divide="ignore", invalid="ignore"):
            row = np.where((counts[x] > 0) & alive, sums[x] / counts[x], -np.inf)
        row[x] = -np.inf
        means[x], means[:, x] = row, row
        best[x] = row.max()
        # A row whose best was its mean to x or y may have lost it: rescan those; the others
        # can only have gained, from the merged cluster.
        stale = np.nonzero(alive & ((best == before[0]) | (best == before[1])))[0]
        stale = stale[stale != x]
        best = np.maximum(best, row)
        if len(stale):
            best[stale] = means[stale].max(axis=1)
        best[x] = row.max()
    return sorted(sorted(matrix.nodes[i] for i in c) for c in members if c)


def average_linkage(
    nodes: list[int], article: Mapping[int, int], score: PairScore, merge: float
) -> list[list[int]]:
    """Clusters of ``nodes``; only pairs of different articles are ever compared."""
    return linkage(ScoreMatrix.of(nodes, article, score), merge)


def mean_to(
    node: int, members: Iterable[int], article: Mapping[int, int], score: PairScore
) -> float:
    """Mean score of ``node`` to the members of other articles (0 when there are none)."""
    others = [m for m in members if article[m] != article[node]]
    return sum(score(node, m) for m in others) / len(others) if others else 0.0


def means_to(matrix: ScoreMatrix, columns: Sequence[int]) -> np.ndarray:
    """Each node's mean score to the entries ``columns`` of other articles (0 when none)."""
    cols = np.asarray(columns, dtype=np.int64)
    total = np.where(matrix.cross[:, cols], matrix.scores[:, cols], 0.0).sum(axis=1)
    count = matrix.cross[:, cols].sum(axis=1)
    return np.divide(total, count, out=np.zeros(len(total)), where=count > 0)


def group_matrix(matrix: ScoreMatrix, merge: float, extend: float) -> list[list[int]]:
    """Events of one component: clusters spanning 2+ articles, plus second memberships."""
    row = {n: i for i, n in enumerate(matrix.nodes)}
    events = []
    for cluster in linkage(matrix, merge):
        cols = [row[n] for n in cluster]
        if not matrix.cross[np.ix_(cols, cols)].any():
            continue  # a single article
        means = means_to(matrix, cols)
        inside = set(cluster)
        joined = [n for i, n in enumerate(matrix.nodes) if n not in inside and means[i] >= extend]
        events.append(sorted(cluster + joined))
    return events


def partner_pairs(matrix: ScoreMatrix, members: Sequence[int], most: int) -> list[tuple[int, int]]:
    """The event's pairs worth storing: each member with its ``most`` strongest partners of
    other articles (pairs as (low id, high id), sorted; ties to the lower id).

    An event of up to ``most + 1`` paragraphs keeps every pair. One of many near-copies (a wire
    story reprinted fifty times) would otherwise store every pair of its copies, n² rows nobody
    reads: a passage lists its few best partners and the grid joins the strongest pairs.
    """
    row = {n: i for i, n in enumerate(matrix.nodes)}
    idx = np.asarray([row[m] for m in members], dtype=np.int64)
    cross = matrix.cross[np.ix_(idx, idx)]
    scores = np.where(cross, matrix.scores[np.ix_(idx, idx)], -np.inf)
    order = np.argsort(-scores, axis=1, kind="stable")[:, :most]
    kept = {
        (min(members[i], members[j]), max(members[i], members[j]))
        for i, js in enumerate(order.tolist())
        for j in js
        if cross[i, j]
    }
    return sorted(kept)


def group(
    nodes: list[int],
    article: Mapping[int, int],
    score: PairScore,
    merge: float,
    extend: float,
) -> list[list[int]]:
    """``group_matrix`` with every cross-article pair scored by ``score``."""
    return group_matrix(ScoreMatrix.of(nodes, article, score), merge, extend)
