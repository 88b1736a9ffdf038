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
Plain Python: no Django imports.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping


def components(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components (sorted lists, sorted by first id) of an undirected graph."""
    parent = {n: n for n in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in sorted(parent):
        groups[find(n)].append(n)
    return sorted(groups.values())


PairScore = Callable[[int, int], float]


def average_linkage(
    nodes: list[int], article: Mapping[int, int], score: PairScore, merge: float
) -> list[list[int]]:
    """Clusters of ``nodes``; only pairs of different articles are ever compared.

    A heap of cluster pairs by mean score, with stale entries skipped (each cluster carries a
    version that changes when it grows): O(p log p) for p scored pairs.
    """
    order = sorted(nodes)
    clusters: dict[int, list[int]] = {n: [n] for n in order}
    version = dict.fromkeys(order, 0)
    # Sum and number of cross-article pair scores between two clusters, keyed (low, high).
    sums: dict[tuple[int, int], float] = {}
    counts: dict[tuple[int, int], int] = {}
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            if article[a] != article[b]:
                sums[(a, b)] = score(a, b)
                counts[(a, b)] = 1
    # Max-heap by mean; ties go to the smallest ids, so the result does not depend on order.
    heap = [(-total, x, y, 0, 0) for (x, y), total in sums.items() if total >= merge]
    heapq.heapify(heap)
    while heap:
        _, x, y, vx, vy = heapq.heappop(heap)
        if x not in clusters or y not in clusters or (version[x], version[y]) != (vx, vy):
            continue
        keep, gone = x, y  # x < y: the merged cluster keeps the smaller id
        del sums[(keep, gone)], counts[(keep, gone)]
        clusters[keep] = sorted(clusters[keep] + clusters.pop(gone))
        version[keep] += 1
        for other in list(clusters):
            if other == keep:
                continue
            old = (min(gone, other), max(gone, other))
            key = (min(keep, other), max(keep, other))
            if old in sums:
                sums[key] = sums.get(key, 0.0) + sums.pop(old)
                counts[key] = counts.get(key, 0) + counts.pop(old)
            if key in sums:
                mean = sums[key] / counts[key]
                if mean >= merge:
                    lo, hi = key
                    heapq.heappush(heap, (-mean, lo, hi, version[lo], version[hi]))
    return sorted(clusters.values())


def mean_to(
    node: int, members: Iterable[int], article: Mapping[int, int], score: PairScore
) -> float:
    """Mean score of ``node`` to the members of other articles (0 when there are none)."""
    others = [m for m in members if article[m] != article[node]]
    return sum(score(node, m) for m in others) / len(others) if others else 0.0


def group(
    nodes: list[int],
    article: Mapping[int, int],
    score: PairScore,
    merge: float,
    extend: float,
) -> list[list[int]]:
    """Events of one component: clusters spanning 2+ articles, plus second memberships."""
    clusters = [
        c for c in average_linkage(nodes, article, score, merge) if len({article[n] for n in c}) > 1
    ]
    events = []
    for cluster in clusters:
        joined = [
            n for n in nodes if n not in cluster and mean_to(n, cluster, article, score) >= extend
        ]
        events.append(sorted(cluster + joined))
    return events
