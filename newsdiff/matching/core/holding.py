"""Regrouping that starts from the events that held before a match, so uploads never split them.

A match regroups the parts of the graph its new articles touch. Grouped from single paragraphs
again, a part's events depend on what the new article brings: a short report whose two
paragraphs score 0.93 with one member of an event and little with the others makes average
linkage pair them first, and the member leaves its event for a new one with them. Nothing said
the member was wrong where it was: a pair's score depends only on its two articles, so the scores
between the event's old members are what they were when the event formed.

So ``regroup`` begins average linkage from the held events (``grouping.linkage``'s ``start``)
and the new paragraphs alone:

- a held event keeps its members, unless the new articles bring **direct evidence against** one
  (``contradictions``): a member held only loosely (its mean score to the event's others is
  below ``merge``) and a new paragraph that matches it strongly (at least ``AGAINST``) while
  its dates conflict with every other member it is compared with (of other articles than its
  own). The member then reads as a report of another moment: it is released and regrouped with
  the rest. The alignment of the two carries the evidence (``Against``). A date conflict alone
  is no such evidence: a later moment of one story (the answer to a demand) conflicts in date
  with the demand's reports and still belongs with them;
- paragraphs of the articles being matched (``fresh``: new, or re-matched after a correction)
  are never held: their scores may have changed;
- the fresh paragraphs of a cluster without a held member that do not reach ``merge`` with
  a held event as a whole still join it when they are close to the event's passages they
  match: one of their pairs with the event is an edge (at least ``link``) and their
  ``ATTACH_PAIRS`` strongest pairs with the event average at least ``attach`` (``_attach``).
  A report of the event joins it, not a new event with one of its members; and an event that
  has grown over many reports of different moments of one story does not turn away a report
  of one of them, as a mean over all its passages would. Older paragraphs that linkage put with
  them do not come along: what they report, the held event never held;
- once a paragraph of a report has joined a held event, the report's other paragraphs with an
  edge into that event join it too when it is the held event they are closest to, whatever
  their mean (``_whole_reports``): the report is known to be of that event, and each of them
  matches one of its passages. A paragraph that matches none of the event's passages has no
  edge into it and stays out.

People's "not the same event" decisions (``cannot``: pairs the constraints hold apart) bind
every rule: a held event holding both paragraphs of such a pair is not held with them (both
regroup, and linkage, which reads the pair's score as ``constraints.CANNOT``, never puts them
back together), and a cluster never attaches to a held event, nor joins it as part of a report,
when one of its paragraphs is held apart from one of the event's.

With no held event in a part (a first match, a fresh rebuild, the benchmarks) this is exactly
``grouping.group_matrix``. Plain Python and numpy: no Django imports.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsdiff.matching.core.constraints import Pair, pair
from newsdiff.matching.core.grouping import ScoreMatrix, events_of_clusters, linkage
from newsdiff.matching.core.params import AGAINST, ATTACH_PAIRS
from newsdiff.matching.core.scorer import PairScorer


@dataclass(frozen=True)
class Before:
    """What held before a match: ``held``, each event's id and member paragraph ids; ``fresh``,
    the paragraphs of the articles being matched (new, or matched again)."""

    held: Mapping[int, frozenset[int]]
    fresh: frozenset[int]

    def within(self, nodes: Collection[int]) -> dict[int, frozenset[int]]:
        """The held events with a member among ``nodes`` (one part of the graph)."""
        return {pk: m for pk, m in self.held.items() if any(n in nodes for n in m)}


@dataclass(frozen=True)
class Against:
    """Direct evidence against a held event's member: ``paragraph`` (fresh) matches ``member``
    of held event ``event`` strongly, and its dates conflict with ``conflicts``, every other
    member of that event it was compared with."""

    paragraph: int
    member: int
    event: int
    conflicts: tuple[int, ...]


def contradictions(
    scorer: PairScorer, matrix: ScoreMatrix, held: Mapping[int, Collection[int]], fresh: set[int]
) -> list[Against]:
    """The held members the fresh paragraphs bring direct evidence against (see the module)."""
    row = {n: i for i, n in enumerate(matrix.nodes)}
    article_of = scorer.corpus.article_of
    found = []
    merge = scorer.grouping(matrix.nodes)[0]
    for event, members in sorted(held.items()):
        kept = sorted(m for m in members if m in row and m not in fresh)
        for m in kept:
            rest = [row[o] for o in kept if o != m]
            if means_to_rows(matrix, row[m], rest) >= merge:
                continue  # held firmly by the event's own evidence
            for p in sorted(fresh & row.keys()):
                if not matrix.cross[row[p], row[m]] or matrix.scores[row[p], row[m]] < AGAINST:
                    continue
                others = [o for o in kept if o != m and article_of[o] != article_of[p]]
                if others and all(scorer.scored(p, o)[1]["date_conflict"] for o in others):
                    found.append(Against(p, m, event, tuple(others)))
    return found


def regroup_part(
    scorer: PairScorer, matrix: ScoreMatrix, before: Before, cannot: Collection[Pair] = ()
) -> tuple[list[list[int]], dict[tuple[int, int], Against]]:
    """Events of one part of the graph regrouped from what held there ``before``, and the
    evidence against held members, by pair (low id, high id); ``cannot``: the pairs people
    decided are not one event."""
    held = before.within(set(matrix.nodes))
    against: dict[tuple[int, int], Against] = {}
    for found in contradictions(scorer, matrix, held, set(before.fresh)):
        pair = (min(found.paragraph, found.member), max(found.paragraph, found.member))
        against.setdefault(pair, found)
    released = {found.member for found in against.values()}
    seeds = [set(members) - released for _, members in sorted(held.items())]
    w = scorer.weights
    merge, extend = scorer.grouping(matrix.nodes)
    groups = regroup(matrix, seeds, before.fresh, merge, extend, w.attach, w.link, cannot)
    return groups, against


def regroup(
    matrix: ScoreMatrix,
    held: Sequence[Collection[int]],
    fresh: Collection[int],
    merge: float,
    extend: float,
    attach: float,
    link: float,
    cannot: Collection[Pair] = (),
) -> list[list[int]]:
    """Events of one component, starting from ``held`` (member ids of the events that held
    before, without the members released by evidence against them); ``fresh``: paragraphs of
    the articles being matched; ``cannot``: pairs people decided are not one event."""
    row = {n: i for i, n in enumerate(matrix.nodes)}
    fresh = set(fresh)
    apart = {pair(a, b) for a, b in cannot if a in row and b in row}
    cut = {n for p in apart for n in p}
    seeds: list[list[int]] = []
    shared: list[tuple[list[int], list[int]]] = []  # (a seed, the held members it lacks)
    taken: set[int] = set()
    for members in held:
        # Both ends of a pair held apart leave the event they shared, to regroup.
        gone = fresh | {n for n in members if n in cut and _apart(apart, n, members)}
        whole = sorted(m for m in members if m in row and m not in gone)
        kept = [m for m in whole if m not in taken]
        index = [row[m] for m in kept]
        if matrix.cross[np.ix_(index, index)].any():  # still spans two articles
            seeds.append(kept)
            shared.append((kept, [m for m in whole if m in taken]))
            taken.update(kept)
    # Each held event's cluster holds every member it kept before anything attaches to it, so
    # that what is close to it is measured against all of them.
    clusters = _held_twice(linkage(matrix, merge, seeds), shared, apart)
    if seeds:
        clusters = _attach(matrix, clusters, taken, fresh, attach, link, apart)
    return events_of_clusters(matrix, clusters, extend)


def _held_twice(
    events: list[list[int]], shared: list[tuple[list[int], list[int]]], apart: Collection[Pair]
) -> list[list[int]]:
    """A paragraph that held in two events (one that reports both: ``events_of_clusters``
    lets it) stays in both. Linkage starts from disjoint clusters, so only the first of them
    was seeded with it; the cluster grown from the other's seed gets it back here
    (``shared``: each seed with the held members it lacks), rather than only while its mean
    score to the grown event still reaches ``extend``."""
    out = [set(e) for e in events]
    for seed, lacking in shared:
        event = next((e for e in out if e.issuperset(seed)), None)
        if event is not None:
            event.update(m for m in lacking if not _apart(apart, m, event))
    return sorted(sorted(e) for e in out)


def _apart(cannot: Collection[Pair], node: int, others: Collection[int]) -> bool:
    """Whether people decided ``node`` is not of one event with one of ``others``."""
    return any(pair(node, o) in cannot for o in others if o != node)


def _kept_apart(cannot: Collection[Pair], cluster: list[int], event: list[int]) -> bool:
    return bool(cannot) and any(_apart(cannot, n, event) for n in cluster)


def means_to_rows(matrix: ScoreMatrix, i: int, rows: list[int]) -> float:
    """Node ``i``'s mean score to ``rows`` of other articles (0 when none)."""
    cross = matrix.cross[i, rows]
    return float(matrix.scores[i, rows][cross].mean()) if cross.any() else 0.0


def _closeness(
    matrix: ScoreMatrix, rows: list[int], cols: list[int], pairs: int, link: float
) -> float | None:
    """How close a cluster (``rows``) is to an event (``cols``): the mean of its ``pairs``
    strongest pairs with it (of different articles); None without an edge (``link``)."""
    cross = matrix.cross[np.ix_(rows, cols)]
    scores = np.sort(matrix.scores[np.ix_(rows, cols)][cross])[::-1]
    if not scores.size or scores[0] < link:
        return None
    return float(scores[:pairs].mean())


Loose = list[tuple[list[int], list[int]]]  # clusters without a held member: (fresh, older)


def _attach(
    matrix: ScoreMatrix,
    clusters: list[list[int]],
    held: set[int],
    fresh: set[int],
    attach: float,
    link: float,
    cannot: Collection[Pair] = (),
) -> list[list[int]]:
    """The fresh paragraphs of clusters without a held member joined to the held events they
    report (see the module), the closest first; each cluster's join at most one, and none
    that one of its paragraphs is held apart from (``cannot``). Only what the fresh
    paragraphs match counts, and only they join: older paragraphs that linkage put with them
    stay an event of their own (what they report, the held event never held)."""
    row = {n: i for i, n in enumerate(matrix.nodes)}
    anchored = [c for c in clusters if held.intersection(c)]
    others = [c for c in clusters if not held.intersection(c)]
    rest = [c for c in others if not fresh.intersection(c)]
    loose: Loose = [
        ([n for n in c if n in fresh], [n for n in c if n not in fresh])
        for c in others
        if fresh.intersection(c)
    ]
    while loose and anchored:
        best: tuple[float, int, int] | None = None
        for i, (new, _) in enumerate(loose):
            rows = [row[n] for n in new]
            for j, h in enumerate(anchored):
                if _kept_apart(cannot, new, h):
                    continue
                close = _closeness(matrix, rows, [row[n] for n in h], ATTACH_PAIRS, link)
                if close is not None and close >= attach and (best is None or close > best[0]):
                    best = (close, i, j)
        if best is None:
            break
        _, i, j = best
        new, older = loose.pop(i)
        anchored[j] = sorted(anchored[j] + new)
        rest += [older] if older else []
    for new, older in _whole_reports(matrix, anchored, loose, fresh, link, cannot):
        rest.append(sorted(new + older))
    return sorted(anchored + rest)


def _whole_reports(
    matrix: ScoreMatrix,
    anchored: list[list[int]],
    loose: Loose,
    fresh: set[int],
    link: float,
    cannot: Collection[Pair] = (),
) -> Loose:
    """A report of a held event joins it whole: the fresh paragraphs of a loose cluster join
    the held event they are closest to (``_closeness``) when that event already holds a fresh
    paragraph of one of their articles, and none of them is held apart from one of its
    members (``cannot``); returns the clusters left loose. ``anchored`` is grown in place (and
    the older paragraphs of a cluster whose fresh ones joined are left loose alone)."""
    row = {n: i for i, n in enumerate(matrix.nodes)}
    left: Loose = []
    for new, older in loose:
        rows = [row[n] for n in new]
        best: tuple[float, int] | None = None
        for j, h in enumerate(anchored):
            if _kept_apart(cannot, new, h):
                continue
            close = _closeness(matrix, rows, [row[n] for n in h], ATTACH_PAIRS, link)
            if close is not None and (best is None or close > best[0]):
                best = (close, j)
        if best is not None:
            reports = [row[n] for n in anchored[best[1]] if n in fresh]
            if reports and not matrix.cross[np.ix_(rows, reports)].all():
                anchored[best[1]] = sorted(anchored[best[1]] + new)
                left += [([], older)] if older else []
                continue
        left.append((new, older))
    return left
