"""Regrouping from the events that held before a match (``core.holding``), on score tables."""

from __future__ import annotations

from newsdiff.matching.core.grouping import group_matrix, linkage
from newsdiff.matching.core.holding import regroup
from tests.matching.test_grouping import matrix_of, scorer

# An event of three articles' paragraphs (1, 2, 3), and a new short report (article 50) whose
# two paragraphs (5, 6) are close to paragraph 3 only: what splits an event under plain linkage.
ARTICLE = {1: 10, 2: 20, 3: 30, 5: 50, 6: 50, 7: 70}
TABLE = {
    (1, 2): 0.8,
    (1, 3): 0.75,
    (2, 3): 0.75,
    (3, 5): 0.94,
    (3, 6): 0.92,
    (1, 5): 0.3,
    (2, 5): 0.3,
    (1, 6): 0.3,
    (2, 6): 0.3,
}
MATRIX = matrix_of([1, 2, 3, 5, 6], ARTICLE, scorer(TABLE))


def held_regroup(matrix, held, fresh):  # type: ignore[no-untyped-def]
    return regroup(matrix, held, fresh, merge=0.7, extend=0.85, attach=0.6, link=0.7)


def test_plain_linkage_splits_the_event_a_new_report_leans_on() -> None:
    assert group_matrix(MATRIX, merge=0.7, extend=0.85) == [[1, 2], [3, 5, 6]]


def test_the_held_event_keeps_its_members_and_the_report_joins_it() -> None:
    assert held_regroup(MATRIX, [{1, 2, 3}], {5, 6}) == [[1, 2, 3, 5, 6]]


def test_a_report_without_an_edge_into_the_event_stays_out() -> None:
    # Paragraph 7's two closest pairs average ``attach`` and more, but none is an edge.
    table = {**TABLE, (1, 7): 0.68, (2, 7): 0.68, (3, 7): 0.68}
    matrix = matrix_of([1, 2, 3, 7], ARTICLE, scorer(table))
    assert held_regroup(matrix, [{1, 2, 3}], {7}) == [[1, 2, 3]]


def test_a_released_member_regroups_freely() -> None:
    # Paragraph 3 held by weaker links (0.65): held, it keeps its place and the report joins;
    # released (evidence against it, or its article matched again), it goes with the report.
    weaker = matrix_of([1, 2, 3, 5, 6], ARTICLE, scorer({**TABLE, (1, 3): 0.65, (2, 3): 0.65}))
    assert held_regroup(weaker, [{1, 2, 3}], {5, 6}) == [[1, 2, 3, 5, 6]]
    assert held_regroup(weaker, [{1, 2}], {5, 6}) == [[1, 2], [3, 5, 6]]
    assert held_regroup(weaker, [{1, 2, 3}], {3, 5, 6}) == [[1, 2], [3, 5, 6]]


def test_without_held_events_it_is_plain_grouping() -> None:
    assert held_regroup(MATRIX, [], {5, 6}) == group_matrix(MATRIX, merge=0.7, extend=0.85)


def test_linkage_from_starting_clusters_only_grows_them() -> None:
    assert linkage(MATRIX, 0.7, start=[[1, 2, 3]]) == [[1, 2, 3], [5], [6]]
    assert linkage(MATRIX, 0.7, start=[[1, 2]]) == [[1, 2], [3, 5, 6]]


def test_a_new_report_of_another_moment_is_evidence_against_a_member() -> None:
    """Paragraph 1 held in an event with paragraph 2 (March 2022); a new report (3) is a copy of
    paragraph 1 dated July 2022: its dates conflict with every other member, so paragraph 1 is
    released to regroup, and the pair's evidence says why."""
    import datetime as dt

    import numpy as np

    from newsdiff.matching.core.candidates import candidate_pairs
    from newsdiff.matching.core.corpus import Corpus
    from newsdiff.matching.core.features import ArticleInput
    from newsdiff.matching.core.holding import Before
    from newsdiff.matching.core.matcher import events_of, link_edges
    from newsdiff.matching.core.params import DEFAULT_PARAMS
    from newsdiff.matching.core.scoring import PairScorer

    text = (
        "Delegations of Russia and Ukraine signed the accord at the Dolmabahce Palace in Istanbul."
    )
    articles = [
        ArticleInput(1, "Wire A", None, [(1, text)]),
        ArticleInput(2, "Wire B", dt.date(2022, 3, 30), [(2, text + " That was in March 2022.")]),
        ArticleInput(3, "Wire C", dt.date(2022, 7, 23), [(3, text + " That was in July 2022.")]),
    ]
    vectors = {p: np.ones(4, dtype=np.float32) / 2 for p in (1, 2, 3)}
    corpus = Corpus()
    for article in articles:
        corpus.add(article, vectors)
    scorer = PairScorer(corpus, DEFAULT_PARAMS)
    ids = sorted(corpus.vectors)
    found = candidate_pairs(ids, np.stack([vectors[i] for i in ids]), 0.35, 10)
    graph = link_edges(scorer, found)
    assert scorer.scored(2, 3)[1]["date_conflict"] and (1, 3) in graph

    result = events_of(scorer, graph, before=Before({7: frozenset({1, 2})}, frozenset({3})))
    (pair,) = [a for a in result.alignments if (a.paragraph_a, a.paragraph_b) == (1, 3)]
    assert pair.evidence["against"] == {"event": 7, "member": 1, "conflicts": [2]}
    # A report that is not new brings no evidence against anything.
    again = events_of(scorer, graph, before=Before({7: frozenset({1, 2})}, frozenset()))
    assert all("against" not in a.evidence for a in again.alignments)
