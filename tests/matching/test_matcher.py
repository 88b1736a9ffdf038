"""The matcher's stages on an in-memory corpus: what it analyses, that it uses an analysis it is
handed, the candidates it keeps, the score matrix grouping reads, and the pairs it stores."""

import dataclasses
import datetime as dt

import numpy as np
import pytest

from newsdiff.matching.core import matcher
from newsdiff.matching.core.candidates import candidate_pairs, nearest
from newsdiff.matching.core.corpus import Corpus, with_vectors
from newsdiff.matching.core.features import ArticleInput, analyse_article
from newsdiff.matching.core.grouping import score_matrix
from newsdiff.matching.core.params import (
    DEFAULT_PARAMS,
    FIRST_STAGE_PARAMS,
    PAIR_PARAMS,
    PARTNERS,
)
from newsdiff.matching.core.scorer import PairScorer
from tests.support.factories import unit

A = ArticleInput(1, "RT", dt.date(2024, 1, 23), ((10, "Talks in Istanbul in March 2022 ended."),))
B = ArticleInput(
    2, "BelTA", dt.date(2024, 1, 18), ((20, "In March 2022 talks in Istanbul ended."),)
)


def scorer(vector_b: np.ndarray) -> PairScorer:
    c = Corpus()
    c.add(A, {10: unit(1, 0)})
    c.add(B, {20: vector_b})
    return PairScorer(c, DEFAULT_PARAMS)


def test_score_follows_the_vectors_and_agrees_with_the_full_pair() -> None:
    close = scorer(unit(1, 0.1)).score(10, 20)
    far = scorer(unit(0.2, 1))
    assert far.score(10, 20) < DEFAULT_PARAMS.weights.link <= close
    assert far.scored(10, 20)[0] == far.score(10, 20)  # score() agrees with the evidence's


def test_only_paragraphs_with_a_vector_are_analysed() -> None:
    two = ArticleInput(3, "RT", dt.date(2024, 1, 23), ((30, "First."), (31, "Istanbul talks.")))
    assert with_vectors(two, {31: unit(1)}).paragraphs == ((31, "Istanbul talks."),)
    c = Corpus()
    c.add(two, {31: unit(1)})
    assert list(c.articles[3].paragraphs) == [31] and c.rows[3] == [31]


def test_a_given_analysis_is_used_as_it_is() -> None:
    analysis = analyse_article(A)
    istanbul = analysis.paragraphs[10]
    # What a stored analysis of other code would hold: the corpus must not analyse it again.
    changed = dataclasses.replace(analysis, paragraphs={10: dataclasses.replace(istanbul, when="")})
    c = Corpus()
    c.add(A, {10: unit(1, 0)}, changed)
    assert c.articles[1] is changed


def test_candidate_pairs_keep_each_paragraph_k_nearest_above_the_floor() -> None:
    # Paragraph 1 is close to all; 2..5 are close to 1 only, each a little less.
    vectors = np.array([unit(1, 0), unit(1, 0.1), unit(1, 0.2), unit(1, 0.3), unit(0, 1)])
    ids = [1, 2, 3, 4, 5]
    everything = candidate_pairs(ids, vectors, 0.5, k=10)
    assert (1, 2) in everything and (2, 4) in everything and not any(5 in p for p in everything)
    capped = candidate_pairs(ids, vectors, 0.5, k=1)
    # 1's nearest is 2, 2's is 1, 3's is 2, 4's is 3: each paragraph keeps one, either way round.
    assert capped == [(1, 2), (2, 3), (3, 4)]


def test_the_nearest_leave_the_similarities_they_rank_as_they_were() -> None:
    vectors = np.array([unit(1, 0), unit(1, 0.1), unit(1, 0.2), unit(1, 0.3), unit(0, 1)])
    sims = (vectors @ vectors.T)[1:3]  # the rows of paragraphs 2 and 3, as a search asks them
    before = sims.copy()
    keep = nearest(sims, np.array([1, 2]), 2, 0.5)
    # Each row's two nearest but itself: 2's are 1 and 3, 3's are 2 and 4; 5 is below the floor.
    assert keep.tolist() == [[True, False, True, False, False], [False, True, False, True, False]]
    assert (sims == before).all()


def test_far_pairs_of_a_large_component_get_the_cheap_score() -> None:
    c = Corpus()
    for i, v in enumerate([unit(1, 0), unit(1, 0.05), unit(1, 0.6), unit(1, 0.65)], start=1):
        c.add(
            ArticleInput(i, f"Outlet {i}", None, ((i * 10, "Talks in Istanbul ended."),)),
            {i * 10: v},
        )
    s = PairScorer(c, DEFAULT_PARAMS)
    full = score_matrix(s, [10, 20, 30, 40], k=3, full=1000)
    near = score_matrix(s, [10, 20, 30, 40], k=1, full=0)
    assert full.scores[0, 1] == near.scores[0, 1] == s.score(10, 20)  # nearest: in full
    # Far: the cheap score, on the cosine and the article veto alone.
    cosine = np.array([[float(c.vectors[10] @ c.vectors[40])]])
    veto = np.array([[min(s.article_pairs.part(1, 4), 0.0)]])
    assert near.scores[0, 3] == pytest.approx(s.cheap(cosine, veto, [10])[0, 0])
    assert full.scores[0, 3] == s.score(10, 40) > near.scores[0, 3]  # shared words count in full


def test_many_copies_of_one_story_store_each_passage_with_its_strongest_partners() -> None:
    # Twenty outlets reprint one wire paragraph, each with a slightly different wording.
    copies = 20
    articles = [
        ArticleInput(i, f"Outlet {i}", None, ((i * 10, "Talks in Istanbul ended."),))
        for i in range(1, copies + 1)
    ]
    vectors = {i * 10: unit(1, 0.01 * i) for i in range(1, copies + 1)}
    result = matcher.match(articles, vectors)
    assert len(result.events) == 1 and len(result.events[0].members) == copies
    stored = {(a.paragraph_a, a.paragraph_b) for a in result.alignments}
    assert copies * PARTNERS // 2 <= len(stored) <= copies * PARTNERS
    assert len(stored) < copies * (copies - 1) // 2  # not every pair of copies
    # Each passage keeps its closest copies: the neighbours in wording, not the far end.
    assert (100, 110) in stored and (10, 200) not in stored


def test_far_pairs_of_long_paragraphs_get_the_first_stage_cheap_score() -> None:
    long = " ".join(["The talks in Istanbul ended without an agreement on the corridor."] * 4)
    c = Corpus()
    for i, v in enumerate([unit(1, 0), unit(1, 0.6)], start=1):
        c.add(ArticleInput(i, f"Outlet {i}", None, ((i * 10, long),)), {i * 10: v})
    s = PairScorer(c, PAIR_PARAMS)
    assert len(long.split()) > PAIR_PARAMS.pair_model.long_words  # type: ignore[union-attr]
    cosine = np.array([[float(c.vectors[10] @ c.vectors[20])]])
    veto = np.array([[min(s.article_pairs.part(1, 2), 0.0)]])
    first = FIRST_STAGE_PARAMS.weights.cosine * cosine + veto
    assert s.cheap(cosine, veto, [10])[0, 0] == pytest.approx(first[0, 0])
