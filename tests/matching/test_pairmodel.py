"""The second-stage pair model: the loaded model is its fitted file, its bound holds, it is
trusted only where it holds (long pairs go to the first stage, a pair sharing nothing specific is
held back), the article lift fades with the days between two reports, and articles leading with
different days' news lend their pairs no lift."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from newsdiff.matching.core.corpus import Corpus
from newsdiff.matching.core.features import ArticleInput
from newsdiff.matching.core.pairmodel import (
    COMPARED,
    FEATURES,
    PAIRMODEL,
    RANGES,
    load_pair_model,
)
from newsdiff.matching.core.params import (
    DEFAULT_PARAMS,
    DEFAULT_WEIGHTS,
    FIRST_STAGE_PARAMS,
    PAIR_MODEL,
    PAIR_PARAMS,
    Params,
)
from newsdiff.matching.core.scorer import PairScorer
from tests.conftest import FakeEncoder


def test_the_loaded_pair_model_is_the_fitted_file_with_its_provenance() -> None:
    fitted = json.loads(PAIRMODEL.read_text(encoding="utf-8"))
    assert fitted["features"] == list(FEATURES)
    assert tuple(fitted["coefficients"][f] for f in FEATURES) == PAIR_MODEL.coefficients
    assert fitted["intercept"] == PAIR_MODEL.intercept
    assert len(fitted["data"]["sha256"]) == 64 and fitted["data"]["pairs"] > 0
    assert fitted["encoder"] and len(fitted["commit"].split("-")[0]) == 40 and fitted["date"]
    assert 0.5 < fitted["held_out_auc"] <= 1.0
    # The matcher runs it by default, its thresholds placed around ``link``, and its gate is
    # the stored one.
    assert DEFAULT_PARAMS.pair_model == PAIR_PARAMS.pair_model == PAIR_MODEL
    assert FIRST_STAGE_PARAMS.pair_model is None
    gate = fitted["gate"]
    assert (PAIR_MODEL.long_words, PAIR_MODEL.guard, PAIR_MODEL.unguarded) == (
        gate["long_words"], gate["guard"], gate["unguarded"],
    )  # fmt: skip
    assert PAIR_MODEL.long_words > 0 and PAIR_MODEL.unguarded > 0
    shift = PAIR_PARAMS.weights.link - PAIR_MODEL.link
    assert PAIR_PARAMS.weights.merge == pytest.approx(PAIR_MODEL.merge + shift)


def test_a_model_fitted_on_other_features_is_refused(tmp_path: Path) -> None:
    data = json.loads(PAIRMODEL.read_text(encoding="utf-8"))
    path = tmp_path / "pairmodel.json"
    path.write_text(json.dumps({**data, "features": list(FEATURES[:-1])}))
    with pytest.raises(ValueError, match="fitted on other features"):
        load_pair_model(path)
    against = {**data, "coefficients": {**data["coefficients"], "veto": -0.5}}
    path.write_text(json.dumps(against))
    with pytest.raises(ValueError, match="must not weigh against a link"):
        load_pair_model(path)
    del data["thresholds"]
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="lacks thresholds"):
        load_pair_model(path)


def test_the_bound_holds_for_any_features() -> None:
    rng = np.random.default_rng(3)
    lows = np.array([RANGES[f][0] for f in FEATURES])
    highs = np.array([RANGES[f][1] for f in FEATURES])
    x = lows + rng.random((2000, len(FEATURES))) * (highs - lows)
    scores, lifts = PAIR_MODEL.scores(x, 0.2)
    # Bounded before the words and dates are compared: those features are not looked at.
    blind = x.copy()
    blind[:, list(COMPARED)] = 0.0
    assert (scores <= PAIR_MODEL.bound(blind, 0.2) + 1e-9).all()
    for row, score, lift in zip(x, scores, lifts, strict=True):
        cosine, veto = row[FEATURES.index("cosine")], row[FEATURES.index("veto")]
        assert score <= PAIR_MODEL.upper(cosine, None, veto, 0.2) + 1e-9
        assert score <= PAIR_MODEL.upper(cosine, row[FEATURES.index("lift")], veto, 0.2) + 1e-9
        # The veto at most some value: the bound of a pair whose articles are only known to
        # disagree at least so much (``core.searched``).
        assert score <= PAIR_MODEL.upper(cosine, None, min(veto + 0.3, 0.0), 0.2) + 1e-9
        assert lift >= 0  # the lift only ever raises a pair
    # The signals move the probability the way they should: more likeness, more lift, less
    # veto, no date conflict.
    for name in ("cosine", "lift", "veto", "conflict"):
        low, high = np.zeros((1, len(FEATURES))), np.zeros((1, len(FEATURES)))
        low[0, FEATURES.index(name)], high[0, FEATURES.index(name)] = RANGES[name]
        assert PAIR_MODEL.probabilities(high)[0] > PAIR_MODEL.probabilities(low)[0], name


def test_the_lift_fades_with_the_days_between_two_reports() -> None:
    w = DEFAULT_WEIGHTS
    assert w.lift_share(None, False) == w.lift_share(w.article_days, False) == 1.0
    shares = [w.lift_share(days, False) for days in range(w.article_days, w.article_fade + 2)]
    assert shares == sorted(shares, reverse=True) and 0 < shares[4] < 1
    assert w.lift_share(w.article_fade, False) == 0.0
    # An article that only recalls the past lends no lift, whatever its date.
    assert w.lift_share(0, True) == w.lift_share(None, True) == 0.0


def mine_report(aid: int, day: str, published: dt.date) -> ArticleInput:
    texts = [
        f"Four miners were killed in a methane explosion at the Pniowek mine early on {day}, "
        "the owner JSW said.",
        "Rescuers were searching for two missing miners in the shaft.",
        "Poland's coal mines are among the most dangerous in Europe. In 2022 explosions at the "
        "Pniowek mine killed 16 miners and rescuers.",
    ]
    return ArticleInput(aid, "Wire", published, tuple(enumerate(texts, aid * 10)))


def scorer_of(*articles: ArticleInput, params: Params = PAIR_PARAMS) -> PairScorer:
    texts = {pid: text for a in articles for pid, text in a.paragraphs}
    ids = sorted(texts)
    vectors = dict(zip(ids, FakeEncoder().encode([texts[i] for i in ids]), strict=True))
    corpus = Corpus()
    for article in articles:
        corpus.add(article, vectors)
    return PairScorer(corpus, params)


def test_articles_leading_with_news_of_different_days_lend_their_pairs_no_lift() -> None:
    monday, thursday = dt.date(2026, 3, 2), dt.date(2026, 3, 5)
    same = scorer_of(mine_report(1, "Monday", monday), mine_report(2, "Monday", thursday))
    apart = scorer_of(mine_report(1, "Monday", monday), mine_report(2, "Thursday", thursday))
    assert not same.article_pairs.apart(1, 2) and apart.article_pairs.apart(1, 2)
    background = (12, 22)  # the same background paragraph in both
    lift = FEATURES.index("lift")
    assert same.features([background])[0][lift] > 0
    assert apart.features([background])[0][lift] == 0.0
    assert apart.base(*background)[0] < same.base(*background)[0]
    # Without a publication date, an article has no lead: nothing to tell the days apart by.
    undated = dataclasses.replace(mine_report(2, "Thursday", thursday), published=None)
    assert not scorer_of(mine_report(1, "Monday", monday), undated).article_pairs.apart(1, 2)


def test_the_setting_switches_the_service_to_the_pair_model_and_its_own_edges(settings) -> None:
    from newsdiff.matching import service
    from newsdiff.matching.store import edges

    settings.NEWSDIFF_PAIR_MODEL = False
    assert service.params().pair_model is None
    assert service.params().weights == FIRST_STAGE_PARAMS.weights
    first = edges.version((), "model")
    settings.NEWSDIFF_PAIR_MODEL = True
    assert service.params().pair_model == PAIR_MODEL
    assert service.params().weights == PAIR_PARAMS.weights
    # Edges stored under one scoring are never read as the other's.
    assert edges.version((), "model") != first


def test_a_pair_sharing_nothing_specific_is_held_back() -> None:
    rng = np.random.default_rng(5)
    lows = np.array([RANGES[f][0] for f in FEATURES])
    highs = np.array([RANGES[f][1] for f in FEATURES])
    x = lows + rng.random((200, len(FEATURES))) * (highs - lows)
    specific = [FEATURES.index(f) for f in ("terms", "entities", "numbers")]
    bare, shared = x.copy(), x.copy()
    bare[:, specific] = 0.0
    shared[:, specific] = 0.0
    shared[:, FEATURES.index("entities")] = 1.0  # a specific name in common
    ungated = dataclasses.replace(PAIR_MODEL, unguarded=0.0)
    assert PAIR_MODEL.scores(bare, 0.2)[0] == pytest.approx(
        ungated.scores(bare, 0.2)[0] - PAIR_MODEL.unguarded
    )
    assert PAIR_MODEL.scores(shared, 0.2)[0] == pytest.approx(ungated.scores(shared, 0.2)[0])


def long_report(aid: int, published: dt.date) -> ArticleInput:
    """Paragraphs longer than ``PairModel.long_words``: a story told in several sentences each."""
    texts = [
        "Four miners were killed in a methane explosion at the Pniowek mine early on Monday, "
        "the owner JSW said. Rescuers were still searching for two of their colleagues in the "
        "shaft, a spokesman said, and the regional prosecutor opened an inquiry into the blast. "
        "The mine was closed for the rest of the week.",
        "Poland's coal mines are among the most dangerous in Europe. In 2022 explosions at the "
        "Pniowek mine killed 16 miners and rescuers, and the government promised an overhaul of "
        "safety rules that unions say has still not reached the shafts where most men work.",
    ]
    return ArticleInput(aid, "Wire", published, tuple(enumerate(texts, aid * 10)))


def test_long_paragraphs_are_scored_and_grouped_by_the_first_stage() -> None:
    day = dt.date(2026, 3, 2)
    articles = (long_report(1, day), long_report(2, day))
    gated = scorer_of(*articles)
    texts = dict(p for a in articles for p in a.paragraphs)
    assert min(len(t.split()) for t in texts.values()) > PAIR_MODEL.long_words
    ids = sorted(texts)
    first = scorer_of(*articles, params=FIRST_STAGE_PARAMS)
    pairs = [(10, 20), (10, 21), (11, 20), (11, 21)]
    assert gated.scores(pairs) == pytest.approx(first.scores(pairs))
    w = PAIR_PARAMS.weights
    assert gated.grouping(ids) == (w.long_merge, w.long_extend) == (
        FIRST_STAGE_PARAMS.weights.merge, FIRST_STAGE_PARAMS.weights.extend,
    )  # fmt: skip
    # Single sentences are the model's own: grouped with its thresholds.
    short = scorer_of(mine_report(1, "Monday", day), mine_report(2, "Monday", day))
    assert short.grouping([10, 11, 20, 21]) == (w.merge, w.extend)


def test_pairs_of_articles_weeks_apart_are_scored_by_the_first_stage() -> None:
    from newsdiff.matching.core.scoring import score_ceiling

    w = PAIR_PARAMS.weights
    day, later = dt.date(2026, 3, 2), dt.date(2026, 3, 2) + dt.timedelta(days=w.article_fade + 1)
    articles = (mine_report(1, "Monday", day), mine_report(2, "Monday", later))
    gated = scorer_of(*articles)
    texts = dict(p for a in articles for p in a.paragraphs)
    assert max(len(t.split()) for t in texts.values()) <= PAIR_MODEL.long_words  # short ones
    first = scorer_of(*articles, params=FIRST_STAGE_PARAMS)
    corpus, vectors = first.corpus, first.corpus.vectors
    pairs = [(10, 20), (11, 21), (12, 22), (10, 22)]
    assert gated.scores(pairs) == pytest.approx(first.scores(pairs))
    # The stand-in score of a large part's far pairs is the first stage's too (no veto here).
    nodes = [10, 11, 12, 20, 21, 22]
    sims = np.array([[vectors[a] @ vectors[b] for b in nodes] for a in nodes], dtype=np.float32)
    vetoes = np.zeros(sims.shape)
    cross = (slice(0, 3), slice(3, 6))
    expected = first.cheap(sims, vetoes, nodes)[cross]
    assert gated.cheap(sims, vetoes, nodes)[cross] == pytest.approx(expected)
    # So their bound before loading the other article is the first stage's, not the model's.
    a, b = corpus.articles[1], corpus.articles[2]
    bound = score_ceiling(11, 21, a, b, 0.4, w, PAIR_MODEL)
    assert bound == score_ceiling(11, 21, a, b, 0.4, w) < PAIR_MODEL.upper(0.4, None, 0.0, 0.0)
    # Within the fade the model scores them, its lift fading.
    near = scorer_of(mine_report(1, "Monday", day), mine_report(2, "Monday", day))
    assert near.scores(pairs) != pytest.approx(first.scores(pairs))
