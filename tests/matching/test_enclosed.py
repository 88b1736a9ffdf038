"""A paragraph its report tells between two passages of one event joins the event when it is
still about it and names what the event is about (``core.enclosed``); one that does not, or
outside the run, stays out."""

import dataclasses

import numpy as np

from newsdiff.matching.core.corpus import Corpus
from newsdiff.matching.core.enclosed import gaps
from newsdiff.matching.core.features import ArticleInput
from newsdiff.matching.core.matcher import match
from newsdiff.matching.core.params import FIRST_STAGE_PARAMS
from newsdiff.matching.core.scorer import PairScorer
from tests.support.factories import unit

# The first stage (the scale of the ``enclosed`` bar), without the article context: the scores
# are the vectors' and the words' alone.
W = dataclasses.replace(FIRST_STAGE_PARAMS.weights, article_lift=0.0, article_veto=0.0)
PARAMS = dataclasses.replace(FIRST_STAGE_PARAMS, weights=W)
REPORT = (
    (10, "The harbour of Valdora reopened to cargo."),
    (11, "Divers had inspected every quay wall of the Valdora harbour."),
    (12, "Cargo ships began unloading grain at Valdora."),
    (13, "Fishermen mended their nets."),
)
OTHER = ((20, "Valdora harbour reopened and grain ships unloaded."),)


def vectors(about: float, last: float = 0.0) -> dict[int, np.ndarray]:
    """10 and 12 tell what 20 tells; 11 is ``about`` that much like it, 13 ``last``."""
    return {
        10: unit(1, 0.1),
        11: unit(about, (1 - about**2) ** 0.5),
        12: unit(1, -0.1),
        13: unit(last, 0, (1 - last**2) ** 0.5),
        20: unit(1, 0),
    }


def events(vecs: dict[int, np.ndarray], report=REPORT) -> list[set[int]]:  # type: ignore[no-untyped-def]
    articles = [ArticleInput(1, "Wire", None, report), ArticleInput(2, "Daily", None, OTHER)]
    return [{m for m, _ in e.members} for e in match(articles, vecs, PARAMS).events]


def score(vecs: dict[int, np.ndarray], a: int, b: int, articles=None) -> float:  # type: ignore[no-untyped-def]
    corpus = Corpus()
    for article in articles or (
        ArticleInput(1, "Wire", None, REPORT),
        ArticleInput(2, "Daily", None, OTHER),
    ):
        corpus.add(article, vecs)
    return PairScorer(corpus, PARAMS).score(a, b)


def test_the_runs_between_two_paragraphs_inside() -> None:
    rows = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert gaps(rows, {1, 3, 6}) == [2, 4, 5]
    assert gaps(rows, {1, 3, 6}, most=1) == [2]
    assert gaps(rows, {1, 9}) == []  # seven in a row: a story of its own
    assert gaps(rows, {4}) == []


def test_a_paragraph_told_between_two_passages_of_an_event_joins_it() -> None:
    vecs = vectors(0.45)
    assert W.enclosed <= score(vecs, 11, 20) < W.link  # no edge of its own
    assert events(vecs) == [{10, 11, 12, 20}]


def test_one_not_about_the_event_stays_out() -> None:
    vecs = vectors(0.1)
    assert score(vecs, 11, 20) < W.enclosed
    assert events(vecs) == [{10, 12, 20}]


def test_only_what_lies_between_two_passages_joins() -> None:
    vecs = vectors(0.1, last=0.55)
    assert W.enclosed <= score(vecs, 13, 20) < W.link  # as close, but after the last passage
    assert events(vecs) == [{10, 12, 20}]


def test_one_that_names_none_of_what_the_event_is_about_stays_out() -> None:
    # As close in meaning, but about the divers alone: the event's key terms (Valdora, harbour,
    # grain, ships) are not in it.
    report = (*REPORT[:1], (11, "Divers had inspected every quay wall."), *REPORT[2:])
    vecs = vectors(0.45)
    alone = (ArticleInput(1, "Wire", None, report), ArticleInput(2, "Daily", None, OTHER))
    assert W.enclosed <= score(vecs, 11, 20, alone) < W.link
    assert events(vecs, report) == [{10, 12, 20}]
    assert events(vecs) == [{10, 11, 12, 20}]
