"""Scoring many pairs in arrays gives what scoring them one by one gives, bit for bit.

The matcher scores its candidate pairs in arrays (``PairScorer.scores``, ``ArticlePairs.prime``)
and the pairs it stores one by one (``score_pair``, with the evidence): a stored score, an edge
and an event must not depend on which path scored a pair first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import replace

import numpy as np
import pytest

from newsdiff.matching.core.context import ArticlePairs
from newsdiff.matching.core.corpus import Corpus
from newsdiff.matching.core.pairarrays import row_fsums
from newsdiff.matching.core.pairmodel import FEATURES, MAX_WORDS
from newsdiff.matching.core.params import FIRST_STAGE_PARAMS, PAIR_PARAMS, Params, Weights
from newsdiff.matching.core.scorer import PairScorer
from newsdiff.matching.core.scoring import score_pair
from newsdiff.matching.core.timex import load_anchors
from newsdiff.text.names import different_bearers
from tests.conftest import FakeEncoder
from tests.matching.test_versions import frozen_corpus


def seed_corpus() -> Corpus:
    """The seed articles' body paragraphs, two of them with a headline, and a third copy of one
    under another outlet a day later (pairs of near-identical paragraphs, threads and dates)."""
    articles = frozen_corpus()
    first = articles[0]
    copy = replace(
        first,
        id=max(a.id for a in articles) + 1,
        outlet="Another outlet",
        published=first.published and first.published.replace(day=first.published.day % 28 + 1),
        paragraphs=tuple((pid + 100_000, text) for pid, text in first.paragraphs),
    )
    articles = [
        replace(a, headline=a.paragraphs[0][0]) if i in (1, 2) else a
        for i, a in enumerate(articles)
    ] + [copy]
    texts = {pid: text for a in articles for pid, text in a.paragraphs}
    ids = sorted(texts)
    vectors = dict(zip(ids, FakeEncoder().encode([texts[i] for i in ids]), strict=True))
    corpus = Corpus(load_anchors(None))
    for article in articles:
        corpus.add(article, vectors)
    return corpus


def cross_pairs(corpus: Corpus) -> list[tuple[int, int]]:
    ids = sorted(corpus.vectors)
    of = corpus.article_of
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if of[a] != of[b]]


WEIGHTS = [
    FIRST_STAGE_PARAMS.weights,
    # Threads lent easily, dates and names weighing more: every part of the score in play.
    Weights(lend=0.3, thread=0.25, date=0.4, entities=0.7, saturation=0.6, numbers=0.2),
    Weights(article_lift=0.0, article_veto=0.0),
]


@pytest.mark.parametrize("weights", WEIGHTS)
def test_scores_in_arrays_are_the_scores_one_by_one(weights: Weights) -> None:
    corpus = seed_corpus()
    params = Params(weights)
    pairs = cross_pairs(corpus)
    one, many = PairScorer(corpus, params), PairScorer(corpus, params)
    expected = [one.score(a, b) for a, b in pairs]
    random.Random(3).shuffle(pairs)
    half = len(pairs) // 2
    # In two calls, as a walk and then grouping ask: the second meets paragraphs the first did
    # not (added to the arrays as they come).
    got = dict(zip(pairs[:half], many.scores(pairs[:half]), strict=True))
    got.update(zip(pairs[half:], many.scores(pairs[half:]), strict=True))
    assert [got[p] for p in sorted(got)] == expected  # ==: the same floats, not close ones
    assert [many.base(*p) for p in sorted(got)] == [one.base(*p) for p in sorted(got)]
    assert len(pairs) > 1000 and len(set(expected)) > 500  # the corpus exercises the score
    assert any(one.score(*p) - one.base(*p)[0] > 0 for p in pairs) == (weights.lend < 0.5)


def test_article_parts_in_a_batch_are_the_parts_one_by_one() -> None:
    corpus = seed_corpus()
    weights = FIRST_STAGE_PARAMS.weights
    one = ArticlePairs(corpus, weights, FIRST_STAGE_PARAMS.article_model)
    many = ArticlePairs(corpus, weights, FIRST_STAGE_PARAMS.article_model)
    keys = [(a, b) for a in sorted(corpus.articles) for b in sorted(corpus.articles) if a < b]
    many.prime([(b, a) for a, b in keys])  # either way round
    assert [many.part(a, b) for a, b in keys] == [one.part(a, b) for a, b in keys]
    assert [many.best_matches(a, b) for a, b in keys] == [one.best_matches(a, b) for a, b in keys]
    assert len({one.part(a, b) for a, b in keys}) > 3


def test_row_sums_are_fsums() -> None:
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 9, 2000)
    indptr = np.concatenate([[0], np.cumsum(counts)])
    # Weights of many magnitudes, where the order of a plain sum changes its last bits.
    values = rng.random(indptr[-1]) / rng.integers(1, 50, indptr[-1]) ** 2
    expected = [math.fsum(values[s:e]) for s, e in itertools.pairwise(indptr)]
    assert row_fsums(indptr, values).tolist() == expected


def named_corpus() -> Corpus:
    """The seed corpus with two more reports a day apart: one names Vladimir Putin and Boris
    Johnson, the other Vladimir Zelensky and Boris Johnson (a first name shared by two
    bearers, a full name both write), one of each pair of paragraphs dated by its predecessor."""
    corpus = seed_corpus()
    first = frozen_corpus()[0]
    texts = [
        [
            "Vladimir Putin met Boris Johnson in Moscow on March 3, 2022.",
            "Vladimir Putin told Boris Johnson that the talks in Istanbul would go on.",
        ],
        [
            "Vladimir Zelensky met Boris Johnson in Kyiv on April 9, 2022.",
            "Vladimir Zelensky told Boris Johnson that the talks in Istanbul had failed.",
        ],
    ]
    base = max(corpus.vectors) + 1
    articles = []
    for i, paragraphs in enumerate(texts):
        day = first.published and first.published.replace(day=first.published.day % 27 + 1 + i)
        articles.append(
            replace(
                first,
                id=max(corpus.articles) + 1 + i,
                outlet=f"Outlet {i}",
                published=day,
                paragraphs=tuple((base + 10 * i + j, t) for j, t in enumerate(paragraphs)),
            )
        )
    text = {pid: t for a in articles for pid, t in a.paragraphs}
    ids = sorted(text)
    vectors = dict(zip(ids, FakeEncoder().encode([text[i] for i in ids]), strict=True))
    for article in articles:
        corpus.add(article, vectors)
    return corpus


@pytest.mark.parametrize("params", [FIRST_STAGE_PARAMS, PAIR_PARAMS])
def test_names_of_different_bearers_score_alike_in_arrays(params: Params) -> None:
    corpus = named_corpus()
    pairs = cross_pairs(corpus)
    one, many = PairScorer(corpus, params), PairScorer(corpus, params)
    expected = [one.score(a, b) for a, b in pairs]
    if params.pair_model is None:
        assert many.scores(pairs) == expected
    else:  # the pair model's product of a batch may round its last bit otherwise
        assert many.scores(pairs) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    of = corpus.features
    dropped = [
        p
        for p in pairs
        if different_bearers(
            of(p[0]).entities & of(p[1]).entities, of(p[0]).phrases, of(p[1]).phrases
        )
    ]
    assert dropped  # the corpus holds names of different bearers


def test_far_scores_are_the_pair_models_scores_of_cosine_and_veto_alone() -> None:
    """``PairScorer.cheap`` scores the far pairs of a large part from the cosine and the veto
    without building their feature rows: the same floats as the model's scores of those rows."""
    corpus = seed_corpus()
    model, weights = PAIR_PARAMS.pair_model, PAIR_PARAMS.weights
    assert model is not None and model.unguarded and model.guard > 0
    ids = sorted(corpus.vectors)
    vectors = np.stack([corpus.vectors[i] for i in ids])
    sims = (vectors @ vectors.T).astype(np.float64).ravel()
    rng = np.random.default_rng(11)
    veto = np.where(rng.random(sims.size) < 0.5, 0.0, -rng.random(sims.size))
    x = np.zeros((sims.size, len(FEATURES)))
    x[:, FEATURES.index("cosine")], x[:, FEATURES.index("veto")] = sims, veto
    shift = weights.link - model.link
    assert model.far_scores(sims, veto, shift).tolist() == model.scores(x, shift)[0].tolist()
    single = (vectors @ vectors.T).ravel()  # as grouping has them
    assert model.far_scores(single, veto, shift).tolist() == model.scores(x, shift)[0].tolist()
    assert sims.size > 4000


def features_one_by_one(scorer: PairScorer, pairs: list[tuple[int, int]]) -> np.ndarray:
    """The pair model's features of each pair from its own two paragraphs and articles:
    ``score_pair`` at unit weight, and what ``ArticlePairs`` says of that one pair."""
    c, context = scorer.corpus, scorer.article_pairs
    x = np.zeros((len(pairs), len(FEATURES)))
    for row, (lo, hi) in enumerate(pairs):
        a_lo, a_hi = c.article_of[lo], c.article_of[hi]
        cosine = float(c.vectors[lo] @ c.vectors[hi])
        t, share = context.tilt(a_lo, a_hi)
        headline = c.features(lo).headline or c.features(hi).headline
        share = 0.0 if context.apart(a_lo, a_hi) else share
        relative, central = context.placement(lo, hi, cosine)
        words = min(len(c.texts[lo].split()), len(c.texts[hi].split()), MAX_WORDS)
        first = score_pair(lo, hi, c.analysis_of(lo), c.analysis_of(hi), cosine, scorer._unit)
        lift = t * share if t > 0 and not headline and not first.parts[5] else 0.0
        x[row] = (*first.parts[:6], lift, min(t, 0.0), float(headline), relative, central,
                  math.log1p(words))  # fmt: skip
    return x


@pytest.mark.parametrize("corpus", [seed_corpus, named_corpus])
def test_pair_model_features_in_arrays_are_the_features_one_by_one(corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = corpus()
    pairs = cross_pairs(corpus)
    one, many = PairScorer(corpus, PAIR_PARAMS), PairScorer(corpus, PAIR_PARAMS)
    expected = features_one_by_one(one, pairs)
    random.Random(5).shuffle(pairs)
    half = len(pairs) // 2
    # In two calls, the second meeting paragraphs and articles the first did not.
    got = np.concatenate([many.features(pairs[:half]), many.features(pairs[half:])])
    order = np.argsort([a * 10**9 + b for a, b in pairs])
    assert got[order].tolist() == expected.tolist()  # the same floats, not close ones
    varied = {f for i, f in enumerate(FEATURES) if len(set(expected[:, i].tolist())) > 1}
    assert varied >= {"cosine", "terms", "entities", "date", "conflict", "lift", "veto", "headline",
                      "relative", "central", "length"}  # fmt: skip


def test_cheap_scores_of_short_and_long_paragraphs_are_each_stages_score() -> None:
    """The far pairs of a large part: the pair model's score where both paragraphs are short
    and their articles near in time, the first stage's where either is long or the articles far
    apart, the same floats as each stage gives every pair."""
    corpus = seed_corpus()
    # A copy of a seed article six weeks later: pairs of articles far apart in time.
    later = frozen_corpus()[3]
    assert later.published is not None
    later = replace(
        later,
        id=max(corpus.articles) + 1,
        published=later.published + dt.timedelta(days=42),
        paragraphs=tuple((pid + 200_000, text) for pid, text in later.paragraphs),
    )
    texts = dict(later.paragraphs)
    ids = sorted(texts)
    corpus.add(later, dict(zip(ids, FakeEncoder().encode([texts[i] for i in ids]), strict=True)))
    scorer = PairScorer(corpus, PAIR_PARAMS)
    model, weights = PAIR_PARAMS.pair_model, PAIR_PARAMS.weights
    assert model is not None
    nodes = sorted(corpus.vectors)
    long = np.array([len(corpus.texts[n].split()) > model.long_words for n in nodes])
    assert 0 < long.sum() < len(nodes)  # both kinds
    vectors = np.stack([corpus.vectors[n] for n in nodes])
    sims = vectors @ vectors.T
    vetoes = -np.random.default_rng(3).random(sims.shape) * 0.3
    x = np.zeros((sims.size, len(FEATURES)))
    x[:, FEATURES.index("cosine")] = sims.ravel()
    x[:, FEATURES.index("veto")] = vetoes.ravel() / weights.article_veto
    second = model.scores(x, weights.link - model.link)[0].reshape(sims.shape)
    first = weights.cosine * sims.astype(np.float64) + vetoes
    published = [corpus.analysis_of(n).published for n in nodes]
    far = np.array([[bool(a and b and abs((a - b).days) > weights.article_fade)
                     for b in published] for a in published])  # fmt: skip
    assert far.any() and not far.all()
    expected = np.where(long[:, None] | long[None, :] | far, first, second)
    assert scorer.cheap(sims, vetoes, nodes).tolist() == expected.tolist()
