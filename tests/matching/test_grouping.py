"""Grouping: average linkage per component, no chaining, second memberships."""

from __future__ import annotations

from newsdiff.matching.core.grouping import (
    ScoreMatrix,
    average_linkage,
    components,
    group,
    partner_pairs,
)


def scorer(table: dict[tuple[int, int], float]):
    return lambda a, b: table.get((min(a, b), max(a, b)), 0.0)


def test_components() -> None:
    assert components([1, 2, 3, 4, 5], [(1, 2), (4, 5), (2, 1)]) == [[1, 2], [3], [4, 5]]


def test_a_chain_is_not_one_event() -> None:
    # 1~2 and 2~3 are strong, 1~3 is not: connected components would make {1, 2, 3}.
    article = {1: 10, 2: 20, 3: 30}
    score = scorer({(1, 2): 1.0, (2, 3): 0.95, (1, 3): 0.1})
    assert components(article, [(1, 2), (2, 3)]) == [[1, 2, 3]]
    assert average_linkage([1, 2, 3], article, score, merge=0.7) == [[1, 2], [3]]


def test_a_long_chain_breaks_into_its_tight_parts() -> None:
    # Six paragraphs of six articles, each linked only to the next.
    nodes = list(range(1, 7))
    article = {n: n * 10 for n in nodes}
    table = {(n, n + 1): 0.9 for n in nodes[:-1]}
    table[(2, 3)] = 0.8  # the weakest links are where it breaks
    table[(4, 5)] = 0.8
    clusters = average_linkage(nodes, article, scorer(table), merge=0.7)
    assert clusters == [[1, 2], [3, 4], [5, 6]]


def test_mean_over_cross_article_pairs_only() -> None:
    # 1 and 2 are the same article: their pair does not count for or against the merge.
    article = {1: 10, 2: 10, 3: 30}
    score = scorer({(1, 3): 0.8, (2, 3): 0.8, (1, 2): -5.0})
    assert average_linkage([1, 2, 3], article, score, merge=0.7) == [[1, 2, 3]]
    # Two paragraphs of one article never make a cluster on their own.
    assert average_linkage([1, 2], article, scorer({(1, 2): 9.0}), merge=0.7) == [[1], [2]]


def test_single_article_clusters_are_dropped_and_a_paragraph_can_join_two_events() -> None:
    # Event X: 1 (art 10) + 2 (art 20); event Y: 3 (art 30) + 4 (art 40).
    # Paragraph 5 (art 50) reports both: it resembles both events as a whole.
    article = {1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60}
    table = {(1, 2): 1.0, (3, 4): 1.0, (1, 5): 0.9, (2, 5): 0.9, (3, 5): 0.9, (4, 5): 0.9}
    events = group([1, 2, 3, 4, 5, 6], article, scorer(table), merge=0.7, extend=0.85)
    assert sorted(events) == [[1, 2, 5], [3, 4, 5]]


def test_deterministic_whatever_the_order() -> None:
    article = {n: n for n in range(1, 9)}
    table = {(a, b): 0.75 for a in range(1, 9) for b in range(a + 1, 9) if (a + b) % 3}
    first = average_linkage(list(range(1, 9)), article, scorer(table), merge=0.7)
    again = average_linkage(list(reversed(range(1, 9))), article, scorer(table), merge=0.7)
    assert first == again


def test_a_small_event_keeps_every_cross_article_pair() -> None:
    article = {1: 10, 2: 10, 3: 20, 4: 30}
    matrix = ScoreMatrix.of(article, article, lambda a, b: 1.0 / (a + b))
    assert partner_pairs(matrix, [1, 2, 3, 4], most=3) == [(1, 3), (1, 4), (2, 3), (2, 4), (3, 4)]


def test_many_copies_keep_each_paragraphs_strongest_partners_only() -> None:
    # Twenty copies of one paragraph: copy n is most like the copies numbered nearest to it.
    nodes = list(range(1, 21))
    matrix = ScoreMatrix.of(nodes, {n: n for n in nodes}, lambda a, b: 2.0 - abs(a - b) / 100)
    pairs = partner_pairs(matrix, nodes, most=3)
    assert len(pairs) < 20 * 3 < 20 * 19 / 2
    partners = {n: {b if a == n else a for a, b in pairs if n in (a, b)} for n in nodes}
    assert partners[10] >= {8, 9, 11}  # its own three strongest; a tie goes to the lower id
    assert partners[1] == {2, 3, 4}  # nobody else picks the first copy
    assert (1, 20) not in pairs
    assert all(len(p) >= 3 for p in partners.values())
