"""The matcher's process caches: reused when nothing changed, never stale when something did."""

import datetime as dt

import numpy as np

from newsdiff.matching import matcher
from newsdiff.matching.features import ArticleInput
from newsdiff.matching.matcher import Corpus
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


def test_analysis_is_shared_between_corpora_of_one_process() -> None:
    assert corpus(unit(1, 0)).articles[1] is corpus(unit(1, 0)).articles[1]


def test_pair_score_cache_follows_the_vectors() -> None:
    matcher._pair_scores.clear()
    close = corpus(unit(1, 0.1)).score(10, 20)
    assert (10, 20) in matcher._pair_scores
    # Same ids, another vector (say after `embed --force`): scored afresh, not from the cache.
    far = corpus(unit(0.2, 1)).score(10, 20)
    assert far < close - 0.5
    fresh = Corpus()
    fresh.add(A, {10: unit(1, 0)})
    fresh.add(B, {20: unit(0.2, 1)})
    assert fresh.pair(10, 20)[0] == far  # score() agrees with the full pair with evidence
