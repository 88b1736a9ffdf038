"""Group scored pairs into events without chaining.

Connected components over a threshold chain: A~B and B~C put A with C however unlike they are,
and on a corpus where everything is on one topic that makes one blob. Here:

1. ``components`` splits the graph of pairs scoring at least ``link`` (cheap, and independent
   parts never interact, which is what makes incremental matching exact);
2. ``linkage`` clusters each component bottom-up, always merging the two clusters with the
   highest *mean* score over all their cross-article pairs (a missing pair counts as its real,
   low score), and stops when no pair of clusters reaches ``merge``. One strong link can no
   longer pull in a cluster the rest of the group does not resemble;
3. ``extend`` then lets a paragraph join a second event it resembles as a whole (a paragraph may
   report two events), and clusters covering a single article are dropped.

Each component is grouped on its matrix of pair scores (``score_matrix``). Deterministic: ties
break on the smallest ids, so the same input always gives the same events.
Plain Python and numpy: no Django imports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsdiff.matching.core.scorer import PairScorer


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


@dataclass
class ScoreMatrix:
    """Every pair score of one component, for grouping: ``nodes`` sorted by id, ``scores[i, j]``
    the score of ``nodes[i]`` and ``nodes[j]``, ``cross[i, j]`` whether they are paragraphs of
    different articles (only those pairs are ever compared; the other scores are 0)."""

    nodes: list[int]
    scores: np.ndarray  # float64, symmetric
    cross: np.ndarray  # bool, symmetric, False on the diagonal


def cross_articles(articles: Sequence[int]) -> np.ndarray:
    """``cross[i, j]``: whether entries ``i`` and ``j`` belong to different articles."""
    arts = np.asarray(articles, dtype=np.int64)
    return arts[:, None] != arts[None, :]


def linkage(
    matrix: ScoreMatrix, merge: float, start: Sequence[Sequence[int]] = ()
) -> list[list[int]]:
    """Average linkage on a score matrix: clusters of ``matrix.nodes`` (sorted lists, sorted).

    ``start``: clusters (of node ids, disjoint) to begin from instead of single paragraphs: the
    events that held before a match (``regroup``). They only ever grow.

    Arrays instead of a heap of every pair: sums and counts of the cross-article scores between
    clusters, one row and column updated per merge, and each row's best mean kept so a merge only
    rescans the rows whose best partner it touched. A cluster lives on the row of its smallest
    id, so taking the first maximum (smallest row, then smallest column) breaks ties on the
    smallest ids, as the order-free definition wants.
    """
    sums = np.where(matrix.cross, matrix.scores, 0.0)
    counts = matrix.cross.astype(np.int32)
    if start:
        members = _clusters(matrix.nodes, start)
        sums, counts = _cluster_sums(members, sums, counts)
        with np.errstate(divide="ignore", invalid="ignore"):
            means = np.where(counts > 0, sums / counts, -np.inf)
        np.fill_diagonal(means, -np.inf)
    else:
        members = [[i] for i in range(len(matrix.nodes))]
        means = np.where(matrix.cross, sums, -np.inf)  # every count is 1 to begin with
    n = len(members)
    best = means.max(axis=1) if n else np.zeros(0)
    # Every update below writes a row and its column alike, so a matrix that starts symmetric
    # stays so, and a column can be read as its row: contiguous, not one value per cache line.
    symmetric = bool(np.array_equal(means, means.T))
    while n:
        x = int(np.argmax(best))
        if not best[x] >= merge:
            break
        y = int(np.argmax(means[x]))  # > x: a smaller y would have the same best, first
        if symmetric:
            before = means[x].copy(), means[y].copy()
        else:
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


def _clusters(nodes: Sequence[int], start: Sequence[Sequence[int]]) -> list[list[int]]:
    """Row indices of the starting clusters plus every other node alone, each cluster on the
    row of its smallest index (so ties still break on the smallest ids)."""
    row = {n: i for i, n in enumerate(nodes)}
    taken = [sorted(row[n] for n in cluster) for cluster in start if cluster]
    inside = {i for c in taken for i in c}
    return sorted(taken + [[i] for i in range(len(nodes)) if i not in inside])


def _cluster_sums(
    members: list[list[int]], sums: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sums and counts of the cross-article scores between clusters (an indicator product)."""
    indicator = np.zeros((len(members), len(sums)))
    for k, c in enumerate(members):
        indicator[k, c] = 1.0
    return indicator @ sums @ indicator.T, np.rint(indicator @ counts @ indicator.T).astype(
        np.int32
    )


def means_to(matrix: ScoreMatrix, columns: Sequence[int]) -> np.ndarray:
    """Each node's mean score to the entries ``columns`` of other articles (0 when none)."""
    cols = np.asarray(columns, dtype=np.int64)
    total = np.where(matrix.cross[:, cols], matrix.scores[:, cols], 0.0).sum(axis=1)
    count = matrix.cross[:, cols].sum(axis=1)
    return np.divide(total, count, out=np.zeros(len(total)), where=count > 0)


def group_matrix(matrix: ScoreMatrix, merge: float, extend: float) -> list[list[int]]:
    """Events of one component: clusters spanning 2+ articles, plus second memberships."""
    return events_of_clusters(matrix, linkage(matrix, merge), extend)


def events_of_clusters(
    matrix: ScoreMatrix, clusters: list[list[int]], extend: float
) -> list[list[int]]:
    """The clusters spanning 2+ articles, each with the paragraphs whose mean score to it
    reaches ``extend`` (a paragraph may report two events)."""
    row = {n: i for i, n in enumerate(matrix.nodes)}
    events = []
    for cluster in clusters:
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


def score_matrix(scorer: PairScorer, nodes: Iterable[int], k: int, full: int) -> ScoreMatrix:
    """The component's pair scores for grouping.

    Each paragraph's ``k`` nearest of other articles in the component (ties kept), either
    way round, get their full score; every other pair a cheap one: the embedding part and
    the article veto, without the bonuses or the lift (``cheap_scores``). A component of at
    most ``full`` (or ``k + 1``) paragraphs is scored in full. On many copies of one story a
    component holds thousands of paragraphs of one topic: scoring all their pairs is what made
    matching quadratic, while the far pairs only ever weigh on a mean as "not alike".
    Depends on the component alone, so a rebuild and an incremental match agree.
    """
    corpus = scorer.corpus
    order = sorted(nodes)
    arts = [corpus.article_of[n] for n in order]
    cross = cross_articles(arts)
    vectors = np.stack([corpus.vectors[n] for n in order]).astype(np.float32)
    sims = vectors @ vectors.T
    near = cross.copy()
    if len(order) > max(k + 1, full):
        masked = np.where(cross, sims, -np.inf)
        kth = np.partition(masked, -k, axis=1)[:, -k]
        near &= masked >= kth[:, None]
        near |= near.T
    scores = cheap_scores(scorer, order, arts, sims)
    rows, cols = np.nonzero(np.triu(near))
    pairs = zip(rows.tolist(), cols.tolist(), strict=True)
    values = scorer.scores([(order[i], order[j]) for i, j in pairs])
    scores[rows, cols] = scores[cols, rows] = values
    scores[~cross] = 0.0
    return ScoreMatrix(order, scores, cross)


def cheap_scores(
    scorer: PairScorer, nodes: Sequence[int], arts: Sequence[int], sims: np.ndarray
) -> np.ndarray:
    """``cosine·w_cosine`` plus the article part when it is a veto, for every pair of ``nodes``
    (of articles ``arts``; with the pair model: its score on those two alone, but for long
    paragraphs, ``PairScorer.cheap``)."""
    distinct = sorted(set(arts))
    at = {a: i for i, a in enumerate(distinct)}
    rows, cols = np.triu_indices(len(distinct), 1)
    keys = [(distinct[i], distinct[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]
    scorer.article_pairs.prime(keys)
    parts = np.array([scorer.article_pairs.part(a, b) for a, b in keys], dtype=np.float64)
    veto = np.zeros((len(distinct), len(distinct)))
    veto[rows, cols] = veto[cols, rows] = np.where(parts > 0.0, 0.0, parts)  # min(part, 0.0)
    index = np.array([at[a] for a in arts], dtype=np.int64)
    return scorer.cheap(sims, veto[np.ix_(index, index)], nodes)
