"""Pair scores: each signal moves the score the way it should, and the evidence says why."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.core.features import (
    ArticleFeatures,
    ArticleInput,
    analyse_article,
    paragraph_features,
)
from newsdiff.matching.core.params import (
    DEFAULT_WEIGHTS,
    FIRST_STAGE_PARAMS,
    PAIR_PARAMS,
    Params,
    Weights,
)
from newsdiff.matching.core.scoring import score_ceiling, score_pair
from newsdiff.matching.core.timex import load_anchors
from newsdiff.text.rarity import rarity

ANCHORS = load_anchors(None)


def pair(a_texts, b_texts, a_date=dt.date(2023, 12, 15), b_date=dt.date(2024, 1, 18), cos=0.6):
    """Score the first paragraph of article A against the first of article B."""
    a = analyse_article(ArticleInput(1, "A", a_date, list(enumerate(a_texts, 100))), ANCHORS)
    b = analyse_article(ArticleInput(2, "B", b_date, list(enumerate(b_texts, 200))), ANCHORS)
    return scored_pair(100, 200, a, b, cos, DEFAULT_WEIGHTS)


def scored_pair(
    pa: int,
    pb: int,
    a: ArticleFeatures,
    b: ArticleFeatures,
    cos: float,
    weights: Weights,
    article: float = 0.0,
) -> tuple[float, Evidence]:
    """The pair's score and evidence."""
    scored = score_pair(pa, pb, a, b, cos, weights, article)
    return scored.total, scored.evidence(a, b, a.paragraphs[pa])


FILLER = "The minister spoke to reporters about the economy and the weather."


def test_rarity_tells_chance_words_from_telling_ones() -> None:
    assert rarity("ready") < 0.2 < rarity("istanbul") and rarity("arakhamia") == 1.0
    assert rarity("security guarantee") == rarity(
        "guarantee"
    )  # a pair is as rare as its rarer word


def test_names_and_titles() -> None:
    _terms, names, phrases, numbers, _ = paragraph_features(
        "Then-British Prime Minister Boris Johnson discouraged the talks in Istanbul, "
        "where 100,000 people and 2022 plans were discussed."
    )
    assert {"boris", "johnson", "istanbul"} <= names and "minister" not in names
    assert "boris johnson" in phrases and "100000" in numbers and "2022" not in numbers


def test_shared_rare_name_raises_the_score() -> None:
    plain, _ = pair(["Talks were held last month."], ["Talks were held in the capital."])
    named, evidence = pair(
        ["Talks were held in Istanbul, Arakhamia said."],
        ["Arakhamia confirmed the Istanbul talks."],
    )
    assert named > plain + 0.15
    assert {"Istanbul", "Arakhamia"} <= set(evidence["shared_entities"])


def test_a_first_name_counts_only_with_its_surname() -> None:
    putin = ["Vladimir Putin met the envoys in Istanbul.", "Putin said the talks went well."]
    zelensky = ["Vladimir Zelensky met the envoys in Istanbul.", "Zelensky said little."]
    _, evidence = pair(putin, zelensky)
    assert "Istanbul" in evidence["shared_entities"]
    assert not {"Vladimir", "vladimir"} & set(evidence["shared_entities"])
    _, same = pair(putin, ["Vladimir Putin met the envoys in Istanbul.", "Putin left."])
    assert "Vladimir Putin" in same["shared_entities"]
    _, twice = pair(["Sirhan Sirhan was denied parole."], ["Sirhan Sirhan stays in prison."])
    assert "Sirhan Sirhan" in twice["shared_entities"]
    # Los Angeles is a place: its first word never stands for a person, and still matches.
    _, place = pair(["Fires spread in Los Angeles."], ["Los Angeles burned."])
    assert any("Los" in name for name in place["shared_entities"])


def test_a_name_all_over_both_articles_counts_less() -> None:
    once, _ = pair(["Lavrov spoke."], ["Lavrov answered."])
    everywhere, _ = pair(
        ["Lavrov spoke.", "Lavrov added more.", "Lavrov left."],
        ["Lavrov answered.", "Lavrov again.", "Lavrov, finally."],
    )
    assert once > everywhere


def test_same_month_said_differently_matches() -> None:
    _score, evidence = pair(
        ["Last week, Moscow filed draft security documents."],
        ["Back in December last year, Moscow asked NATO for guarantees."],
        a_date=dt.date(2021, 12, 22),
        b_date=dt.date(2022, 2, 14),
    )
    assert evidence["dates"] and not evidence["date_conflict"]
    assert evidence["parts"]["date"] > 0


def test_different_moments_conflict() -> None:
    same, _ = pair(["Talks were held in March 2022."], ["Talks were held in March 2022."])
    other, evidence = pair(["Talks were held in March 2022."], ["Talks were held in January 2022."])
    assert evidence["date_conflict"] and other < same - DEFAULT_WEIGHTS.conflict


def test_undated_paragraph_inherits_the_previous_date() -> None:
    a = analyse_article(
        ArticleInput(
            1, "A", dt.date(2022, 2, 14),
            [(1, "Back in December last year, Moscow asked NATO."), (2, "The West rejected it."), (3, FILLER)],
        ),
        ANCHORS,
    )  # fmt: skip
    assert (
        a.paragraphs[2].when == "inherited" and a.paragraphs[2].context == a.paragraphs[1].periods
    )
    # Only one step: the third paragraph is dated by publication.
    assert a.paragraphs[3].when == "implicit"


def test_the_datelines_day_dates_the_lead_not_a_year_said_in_passing() -> None:
    lead = (
        "The U.S. policy of NATO expansion provoked the conflict, Russian Foreign Minister "
        "Sergey Lavrov said at a press conference on the results of Russian diplomacy in 2023."
    )
    body = [(1, lead), (2, FILLER)]
    undated = analyse_article(ArticleInput(1, "BelTA", dt.date(2024, 1, 18), body), ANCHORS)
    dated = analyse_article(
        ArticleInput(1, "BelTA", dt.date(2024, 1, 18), body, None, dt.date(2024, 1, 18)), ANCHORS
    )
    assert [p.label for p in undated.paragraphs[1].context] == ["2023"]
    assert "18 January 2024" in [p.label for p in dated.paragraphs[1].context]
    assert dated.paragraphs[2].when == "inherited"  # the next paragraph follows the lead's day
    # Against a report of a month before, "2023" excused the lead; the day it was filed does not.
    talks = (
        "The foreign minister said talks must account for NATO expansion and Russia's interests."
    )
    before = analyse_article(ArticleInput(2, "RT", dt.date(2023, 12, 15), [(3, talks)]), ANCHORS)
    _, evidence = scored_pair(3, 1, before, undated, 0.6, DEFAULT_WEIGHTS)
    assert not evidence["date_conflict"]
    _, evidence = scored_pair(3, 1, before, dated, 0.6, DEFAULT_WEIGHTS)
    assert evidence["date_conflict"]


def test_shared_numbers_count() -> None:
    with_number, evidence = pair(
        ["They massed 100,000 troops."], ["Some 100,000 troops were seen."]
    )
    without, _ = pair(["They massed troops."], ["Troops were seen."])
    assert evidence["numbers"] == ["100000"] and with_number > without


def test_evidence_has_the_documented_keys_and_adds_up_to_the_score() -> None:
    score, evidence = pair(["Talks in Istanbul."], ["Istanbul talks."])
    assert set(evidence) == Evidence.__required_keys__
    assert "Istanbul" in evidence["shared_entities"] or "Istanbul" in evidence["shared_terms"]
    # The parts are the score, summand by summand, each with its weight applied.
    assert sum(evidence["parts"].values()) == pytest.approx(score, abs=1e-3)
    assert evidence["parts"]["cosine"] == pytest.approx(DEFAULT_WEIGHTS.cosine * 0.6, abs=1e-4)


def test_an_article_that_only_looks_back_dates_nothing_by_publication() -> None:
    """A 2024 piece about the 2022 talks: its undated paragraphs are not "around publication",
    so they neither contradict nor confirm the March 2022 they are about."""
    texts = [
        "Delegations met in Istanbul in March 2022.",
        "Johnson came to Kiev shortly afterwards.",
        FILLER,
    ]
    a = analyse_article(ArticleInput(1, "A", dt.date(2024, 2, 5), list(enumerate(texts))), ANCHORS)
    assert a.paragraphs[1].when == "inherited" and a.paragraphs[2].when == ""
    news = analyse_article(
        ArticleInput(2, "B", dt.date(2022, 3, 30), list(enumerate(texts))), ANCHORS
    )
    assert news.paragraphs[2].when == "implicit"
    assert a.recalls and not news.recalls


def test_article_part_lifts_and_vetoes() -> None:
    w = DEFAULT_WEIGHTS
    assert w.article(6.0, 1) > 0.9 * w.article_lift
    assert w.article(6.0, None) == w.article(6.0, 1)  # no date is no evidence
    assert w.article(6.0, w.article_days + 1) == 0.0  # weeks apart: a recall, not one news item
    assert w.article(-6.0, 1) < -0.9 * w.article_veto
    assert w.article(-6.0, None) == w.article(-6.0, 1)
    # Weeks apart, a day-of report and a look-back differ as articles whatever their
    # paragraphs share: neither lifted nor held apart, the paragraphs speak for themselves.
    assert w.article(-6.0, 400) == 0.0
    # A piece that only recalls the past, published the same week as a report of the news, is
    # no second report of it; that the two disagree is still evidence.
    assert w.article(6.0, 1, recalls=True) == 0.0
    assert w.article(-6.0, 1, recalls=True) == w.article(-6.0, 1)


def test_article_lift_needs_agreeing_dates_and_no_headline() -> None:
    a = analyse_article(
        ArticleInput(1, "A", dt.date(2022, 3, 30), [(100, "Talks in March 2022.")]), ANCHORS
    )
    b = analyse_article(
        ArticleInput(2, "B", dt.date(2022, 3, 30), [(200, "Talks in January 2022.")]), ANCHORS
    )
    c = analyse_article(
        ArticleInput(
            3, "C", dt.date(2022, 3, 30), [(300, "It has grown hotter and drier over the years.")]
        ),
        ANCHORS,
    )
    texts = [(400, "Talks collapse in Istanbul"), (401, "The talks ended in March 2022.")]
    d = analyse_article(ArticleInput(4, "D", dt.date(2022, 3, 30), texts, headline=400), ANCHORS)
    _, conflicting = scored_pair(100, 200, a, b, 0.6, DEFAULT_WEIGHTS, article=0.5)
    _, background = scored_pair(100, 300, a, c, 0.6, DEFAULT_WEIGHTS, article=0.5)
    _, vetoed = scored_pair(100, 300, a, c, 0.6, DEFAULT_WEIGHTS, article=-0.5)
    _, agreeing = scored_pair(100, 100, a, a, 0.6, DEFAULT_WEIGHTS, article=0.5)
    _, headline = scored_pair(400, 100, d, a, 0.6, DEFAULT_WEIGHTS, article=0.5)
    _, body = scored_pair(401, 100, d, a, 0.6, DEFAULT_WEIGHTS, article=0.5)
    assert conflicting["parts"]["article"] == 0.0
    assert background["parts"]["article"] == 0.5  # an undated paragraph: no date is no evidence
    assert vetoed["parts"]["article"] == -0.5
    assert agreeing["parts"]["article"] == 0.5
    assert headline["parts"]["article"] == 0.0 and body["parts"]["article"] == 0.5
    assert d.paragraphs[400].headline and not d.paragraphs[401].headline


def test_the_article_s_own_outlet_is_not_a_name_in_it() -> None:
    text = "KYIV (Harbor Wire) – Delegations met at the Dolmabahce Palace in Istanbul."
    a = analyse_article(ArticleInput(1, "Harbor Wire", None, [(1, text)]), ANCHORS)
    assert {"harbor", "wire"}.isdisjoint(a.paragraphs[1].entities)
    assert {"istanbul", "dolmabahce"} <= a.paragraphs[1].entities


@pytest.mark.parametrize("gap_days", [0, 3, 4, 400])
def test_the_ceiling_bounds_the_score_whatever_the_articles_say(gap_days: int) -> None:
    texts = ["Talks in Istanbul ended with a draft on neutrality, Arakhamia said."]
    day = dt.date(2022, 3, 30)
    a = analyse_article(ArticleInput(1, "A", day, list(enumerate(texts, 100))), ANCHORS)
    b_day = day + dt.timedelta(days=gap_days)
    b = analyse_article(ArticleInput(2, "B", b_day, list(enumerate(texts, 200))), ANCHORS)
    ceiling = score_ceiling(100, 200, a, b, 0.5, DEFAULT_WEIGHTS)
    w = DEFAULT_WEIGHTS
    for article in (w.article_lift if gap_days <= w.article_days else 0.0, 0.0, -w.article_veto):
        assert score_pair(100, 200, a, b, 0.5, w, article).total + w.thread <= ceiling
    if gap_days <= w.article_days:
        assert ceiling == float("inf")  # the lift could apply: only the context can tell
    else:
        # Published apart, no lift can apply: the ceiling is the pair's own parts and a thread,
        # so a weak pair of a distant article is dropped without reading the rest of it.
        assert ceiling == pytest.approx(score_pair(100, 200, a, b, 0.5, w, 0.0).total + w.thread)


@pytest.mark.parametrize("gap_days", [0, 3, 8, 400])
@pytest.mark.parametrize("params", [PAIR_PARAMS, FIRST_STAGE_PARAMS], ids=["pair model", "first"])
def test_the_ceiling_with_the_most_the_articles_logit_can_be_bounds_the_score(
    gap_days: int, params: Params
) -> None:
    """Two articles whose model logit is at most some value (``core.searched``): the ceiling
    bounds the score of every logit up to it, and far below zero it drops a pair the lift
    would otherwise have kept."""
    texts = ["Talks in Istanbul ended with a draft on neutrality, Arakhamia said."]
    day = dt.date(2022, 3, 30)
    a = analyse_article(ArticleInput(1, "A", day, list(enumerate(texts, 100))), ANCHORS)
    b_day = day + dt.timedelta(days=gap_days)
    b = analyse_article(ArticleInput(2, "B", b_day, list(enumerate(texts, 200))), ANCHORS)
    w, model = params.weights, params.pair_model
    for most in (-4.0, -0.5, 0.0, 1.5, 6.0):
        for long in (False, True):
            ceiling = score_ceiling(100, 200, a, b, 0.5, w, model, long, most)
            for logit in np.linspace(-8.0, most, 9):
                article = w.article(float(logit), gap_days)
                first = score_pair(100, 200, a, b, 0.5, w, article).total + w.thread
                if model is None or long or w.far(gap_days):
                    assert first <= ceiling + 1e-12  # summed in another order
                    continue
                t = math.tanh(logit / 2)
                lift, veto = (t * w.lift_share(gap_days, False), 0.0) if t > 0 else (0.0, t)
                upper = model.upper(0.5, lift, veto, w.link - model.link) + w.thread
                assert upper <= ceiling + 1e-12
    if gap_days <= w.article_days:
        # Two articles the model holds apart: no lift, but the veto.
        apart = score_ceiling(100, 200, a, b, 0.5, w, model, False, -4.0)
        assert apart < score_ceiling(100, 200, a, b, 0.5, w, model, False, 6.0)
        assert apart < score_ceiling(100, 200, a, b, 0.5, w, model, False)
        if model is not None:  # so much that the pair cannot link
            assert apart < w.link <= score_ceiling(100, 200, a, b, 0.5, w, model, False)


@pytest.mark.parametrize("article", [0.5, -0.4])
def test_the_score_is_the_sum_of_its_parts_and_takes_the_article_part(article: float) -> None:
    a = analyse_article(
        ArticleInput(1, "A", dt.date(2022, 3, 30), [(100, "Talks in Istanbul on 29 March 2022.")]),
        ANCHORS,
    )
    b = analyse_article(
        ArticleInput(
            2, "B", dt.date(2022, 3, 30), [(200, "Arakhamia at Istanbul talks, 100,000.")]
        ),
        ANCHORS,
    )
    scored = score_pair(100, 200, a, b, 0.62, DEFAULT_WEIGHTS, article)
    evidence = scored.evidence(a, b, a.paragraphs[100])
    assert scored.total == pytest.approx(sum(evidence["parts"].values()), abs=1e-3)
    assert scored.article == evidence["parts"]["article"] == article


def test_a_copy_of_a_paragraph_is_analysed_as_the_paragraph_is_under_its_own_outlet() -> None:
    """Copies of one paragraph share what is read of it, but each article still leaves its own
    outlet's name out of its paragraphs' names, and its date resolves its periods."""
    text = "Harbor Wire reported that Lavrov met Arakhamia in Istanbul on Tuesday."
    day = dt.date(2022, 3, 31)
    wire = analyse_article(ArticleInput(1, "Harbor Wire", day, [(10, text)]), ANCHORS)
    other = analyse_article(ArticleInput(2, "Daily Post", day, [(20, text)]), ANCHORS)
    later = analyse_article(ArticleInput(3, "Daily Post", day.replace(day=7), [(30, text)]))
    again = analyse_article(ArticleInput(4, "Harbor Wire", day, [(40, text)]), ANCHORS)
    assert "harbor" not in wire.paragraphs[10].entities
    assert {"harbor", "lavrov", "arakhamia"} <= other.paragraphs[20].entities
    assert wire.paragraphs[10].entities == again.paragraphs[40].entities
    assert other.paragraphs[20].periods != later.paragraphs[30].periods
    assert [p.label for p in other.paragraphs[20].periods] == ["29 March 2022"]
