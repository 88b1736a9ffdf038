"""A stored paragraph's sketch bounds its pairs from above, without its words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter

import numpy as np
import pytest

from newsdiff.matching.core.features import ArticleFeatures, Features, analyse_article
from newsdiff.matching.core.params import FIRST_STAGE_PARAMS, PAIR_PARAMS, Params
from newsdiff.matching.core.scoring import date_parts, score_ceiling
from newsdiff.matching.core.sketch import (
    Dates,
    Head,
    Sketches,
    _date_bounds,
    key,
    keyed,
    sketch,
    sketch_ceiling,
    sketch_ceilings,
)
from newsdiff.matching.core.timex import Period, load_anchors
from tests.matching.test_versions import frozen_corpus


@pytest.mark.parametrize("params", [PAIR_PARAMS, FIRST_STAGE_PARAMS], ids=["pair model", "first"])
def test_the_bound_is_at_or_above_the_ceiling_on_every_pair_of_the_seeds(params: Params) -> None:
    anchors = load_anchors(None)
    day = dt.date(2022, 3, 30)
    articles = [dataclasses.replace(a, published=a.published or day) for a in frozen_corpus()]
    # Each article also as if published 200 days later: its pairs are bounded, not lifted.
    later = [
        dataclasses.replace(a, id=a.id + 1000, published=a.published + dt.timedelta(days=200))
        for a in articles
    ]
    analysed = {a.id: analyse_article(a, anchors) for a in [*articles, *later]}
    w, model = params.weights, params.pair_model
    pruned = bounded = 0
    for a, b in itertools.permutations(analysed.values(), 2):
        if abs(a.id - b.id) in (0, 1000):
            continue
        for pa, pb in itertools.product(a.paragraphs, b.paragraphs):
            own, other = keyed(pa, a), sketch(b.paragraphs[pb])
            head = Head(b.published, b.recalls)
            for cosine, long in ((0.45, False), (0.62, True), (0.8, False)):
                exact = score_ceiling(pa, pb, a, b, cosine, w, model, long)
                bound = sketch_ceiling(own, a, other, head, cosine, w, model, long)
                assert bound >= exact, (pa, pb, cosine)
                if exact < w.link:
                    bounded += 1
                    pruned += bound < w.link
    # And it is a bound worth having: most pairs that cannot link are dropped on it.
    assert bounded > 1000 and pruned > 0.8 * bounded


# Two words whose keys are equal (found by searching; CRC-32 has 2^32 values).
TWINS = ("yhcbdjwhj", "cfmwjcitz")


def test_two_terms_of_one_key_count_both() -> None:
    assert key(TWINS[0]) == key(TWINS[1])
    paragraph = Features(frozenset(TWINS), frozenset(), frozenset(), frozenset(), (), (), "", None)
    a = ArticleFeatures(1, "A", None, {10: paragraph}, Counter(TWINS), *[frozenset()] * 2, False)
    b = dataclasses.replace(a, id=2, paragraphs={20: paragraph})
    far = dataclasses.replace(b, published=dt.date(2020, 1, 1))
    a = dataclasses.replace(a, published=dt.date(2022, 1, 1))
    w = FIRST_STAGE_PARAMS.weights
    exact = score_ceiling(10, 20, a, far, 0.3, w)
    # One of the two alone would bound the pair below its score.
    alone = dataclasses.replace(paragraph, terms=frozenset(TWINS[:1]))
    lower = score_ceiling(10, 20, a, dataclasses.replace(far, paragraphs={20: alone}), 0.3, w)
    assert lower < exact
    head = Head(far.published, far.recalls)
    assert sketch_ceiling(keyed(10, a), a, sketch(paragraph), head, 0.3, w) >= exact


def test_sketches_read_in_two_rounds_hold_and_bound_as_read_in_one() -> None:
    """A walk reads sketches round after round and adds them up (``Sketches.__add__``)."""
    anchors = load_anchors(None)
    day = dt.date(2022, 3, 30)
    a, b, c = (
        analyse_article(dataclasses.replace(article, published=day), anchors)
        for article in frozen_corpus()[:3]
    )
    first = {p: sketch(f) for p, f in b.paragraphs.items()}
    second = {p: sketch(f) for p, f in c.paragraphs.items()}
    both = Sketches.of(first) + Sketches.of(second)
    assert len(both) == len(first) + len(second)
    assert {p: both.get(p) for p in both.rows} == first | second
    assert both.get(-1) is None
    w, model = PAIR_PARAMS.weights, PAIR_PARAMS.pair_model
    q = next(iter(a.paragraphs))
    others = [*first, *second]
    heads = [Head(dt.date(2021, 1, 1), False)] * len(others)
    cosines = [0.4 + 0.5 * i / len(others) for i in range(len(others))]
    at_once = sketch_ceilings(keyed(q, a), a, both, others, heads, cosines, w, model)
    one_by_one = [
        sketch_ceiling(keyed(q, a), a, (first | second)[p], heads[i], cosines[i], w, model)
        for i, p in enumerate(others)
    ]
    assert at_once == one_by_one and len(set(at_once)) > 1


def test_the_dates_parts_in_arrays_are_date_parts_for_every_shape_of_dates() -> None:
    """``_date_bounds``: one period, none or several on either side, precise or coarse, from
    every source, overlapping, near or far: the parts ``date_parts`` gives, pair by pair."""
    day = dt.date(2022, 3, 1)
    shapes = [
        (),
        (Period(day, day),),
        (Period(day + dt.timedelta(days=2), day + dt.timedelta(days=2)),),
        (Period(day, day + dt.timedelta(days=30)),),
        (Period(day - dt.timedelta(days=70), day + dt.timedelta(days=80)),),
        (Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31)),),
        (Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31)),),
        (Period(day + dt.timedelta(days=40), day + dt.timedelta(days=40)),),
        (Period(day, day), Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))),
    ]
    whens = ("stated", "inherited", "implicit", "")
    stored = [Dates(w, c) for c in shapes for w in whens]
    sketches = Sketches.build(
        list(range(len(stored))), np.zeros(0, np.int64), np.zeros((len(stored), 3)),
        range(len(stored)), stored,
    )  # fmt: skip
    rows = np.arange(len(stored))
    for params in (PAIR_PARAMS, FIRST_STAGE_PARAMS):
        for own in stored:
            found = _date_bounds(own, sketches, rows, params.weights)
            expected = [sum(date_parts(own, d, params.weights)[0]) for d in stored]
            assert found.tolist() == pytest.approx(expected, abs=1e-12), own
