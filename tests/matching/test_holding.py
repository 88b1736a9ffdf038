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


def test_a_new_report_of_another_moment_is_evidence_against_a_loose_member() -> None:
    """Paragraph 1 is held loosely in an event with paragraphs 2 and 4 (March 2022); a new
    report (3) matches paragraph 1 strongly and is dated July 2022: its dates conflict with
    every other member, so paragraph 1 is released to regroup (the evidence the pair then
    carries: ``matcher.component_events``, ``evidence.with_against``)."""
    import datetime as dt

    import numpy as np

    from newsdiff.matching.core.corpus import Corpus
    from newsdiff.matching.core.features import ArticleInput
    from newsdiff.matching.core.grouping import score_matrix
    from newsdiff.matching.core.holding import Before, contradictions, regroup_part
    from newsdiff.matching.core.params import DEFAULT_PARAMS
    from newsdiff.matching.core.scorer import PairScorer

    signed = "Delegations of Russia and Ukraine signed the accord at the Dolmabahce Palace."
    talks = "Negotiators met again in Istanbul to discuss a ceasefire."
    articles = [
        ArticleInput(1, "Wire A", None, [(1, signed)]),
        ArticleInput(2, "Wire B", dt.date(2022, 3, 30), [(2, talks + " That was in March 2022.")]),
        ArticleInput(3, "Wire C", dt.date(2022, 7, 23), [(3, signed + " That was in July 2022.")]),
        ArticleInput(4, "Wire D", dt.date(2022, 3, 30), [(4, talks + " It was March 2022.")]),
    ]
    one, other = np.array([1.0, 0, 0, 0]), np.array([0.45, 0.893, 0, 0])
    vectors = {1: one, 2: other, 3: one, 4: other}
    corpus = Corpus()
    for article in articles:
        corpus.add(article, {k: v.astype(np.float32) for k, v in vectors.items()})
    scorer = PairScorer(corpus, DEFAULT_PARAMS)
    matrix = score_matrix(scorer, [1, 2, 3, 4], k=10, full=100)
    assert scorer.score(1, 3) >= 1.0 and scorer.score(1, 2) < 0.7 <= scorer.score(2, 4)
    assert scorer.scored(2, 3)[1]["date_conflict"] and scorer.scored(3, 4)[1]["date_conflict"]

    held = {7: frozenset({1, 2, 4})}
    (found,) = contradictions(scorer, matrix, held, {3})
    assert (found.paragraph, found.member, found.event, found.conflicts) == (3, 1, 7, (2, 4))
    groups, against = regroup_part(scorer, matrix, Before(held, frozenset({3})))
    assert groups == [[1, 3], [2, 4]] and against == {(1, 3): found}
    # A report that is not new brings no evidence against anything: the event holds.
    assert contradictions(scorer, matrix, held, set()) == []
    # Nor a new paragraph that does not match a member strongly.
    firm = {7: frozenset({1, 3}), 8: frozenset({2, 4})}
    assert contradictions(scorer, matrix, firm, {2}) == []


def test_people_s_not_the_same_event_binds_the_holding_rules() -> None:
    from newsdiff.matching.core.constraints import Constraints

    def decided(cannot: set[tuple[int, int]]) -> list[list[int]]:
        # As the matcher hands it over: the decided pairs' scores set in the matrix too.
        matrix = matrix_of([1, 2, 3, 5, 6], ARTICLE, scorer(TABLE))
        Constraints(cannot=frozenset(cannot)).constrain(matrix.nodes, matrix.scores)
        held, fresh = ([{1, 2, 3}], {5, 6}) if (3, 5) in cannot else ([{1, 2, 3}], set())
        return regroup(matrix, held, fresh, 0.7, 0.85, 0.6, 0.7, cannot)

    # The report leans on paragraph 3, which a person decided is not of one event with 5: 6
    # joins the held event as before, 5 does not (the attach rules read decisions too).
    assert decided({(3, 5)}) == [[1, 2, 3, 6]]
    # A held event holding both ends of a cut pair is not held with them: they regroup, and
    # linkage keeps them apart (3 goes with the report that leans on it).
    assert decided({(1, 3)}) == [[1, 2], [3, 5, 6]]


def test_a_paragraph_held_in_two_events_stays_in_both() -> None:
    # Paragraph 3 reports both the event of 1, 2, 3 and the one of 3, 8 and 9: the
    # report that leans on 3 joins the first; the second keeps 3 though 3's mean score to it
    # (0.81) no longer reaches ``extend`` and 3 is seeded in the first only.
    article = {**ARTICLE, 8: 80, 9: 90}
    table = {**TABLE, (3, 8): 0.9, (3, 9): 0.72, (8, 9): 0.9}
    matrix = matrix_of([1, 2, 3, 5, 6, 8, 9], article, scorer(table))
    groups = held_regroup(matrix, [{1, 2, 3}, {3, 8, 9}], {5, 6})
    assert groups == [[1, 2, 3, 5, 6], [3, 8, 9]]
