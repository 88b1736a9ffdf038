"""The matcher's corpus: what it analyses, and that it uses an analysis it is handed."""

import dataclasses
import datetime as dt

import numpy as np

from newsdiff.matching.features import ArticleInput, analyse_article
from newsdiff.matching.matcher import Corpus, with_vectors
from tests.factories import unit

A = ArticleInput(1, "RT", dt.date(2024, 1, 23), ((10, "Talks in Istanbul in March 2022 ended."),))
B = ArticleInput(
    2, "BelTA", dt.date(2024, 1, 18), ((20, "In March 2022 talks in Istanbul ended."),)
)


def corpus(vector_b: np.ndarray) -> Corpus:
    c = Corpus()
    c.add(A, {10: unit(1, 0)})
    c.add(B, {20: vector_b})
    return c


def test_score_follows_the_vectors_and_agrees_with_the_full_pair() -> None:
    close = corpus(unit(1, 0.1)).score(10, 20)
    far = corpus(unit(0.2, 1))
    assert far.score(10, 20) < close - 0.5
    assert far.pair(10, 20)[0] == far.score(10, 20)  # score() agrees with the pair's evidence


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
