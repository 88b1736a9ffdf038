"""The matcher's parameters: the fitted article model is the one its data file records, and the
model says "same event" where the signals say so."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path

import pytest
from django.conf import settings

from newsdiff.matching.core import params
from newsdiff.matching.core.params import (
    ARTICLE_MODEL,
    DEFAULT_WEIGHTS,
    FITTED,
    SIGNALS,
    load_article_model,
)


def test_the_loaded_article_model_is_the_fitted_file_at_full_precision() -> None:
    fitted = json.loads(FITTED.read_text(encoding="utf-8"))
    assert fitted["coefficients"] == dataclasses.asdict(ARTICLE_MODEL)
    assert fitted["signals"] == list(SIGNALS)
    # Where it comes from: the data and its hash, the encoder, the commit, the date, how well
    # it does on topics it was not fitted on.
    assert len(fitted["data"]["sha256"]) == 64 and fitted["data"]["article_pairs"] > 0
    assert fitted["encoder"] and len(fitted["commit"].split("-")[0]) == 40 and fitted["date"]
    assert 0.5 < fitted["held_out_auc"] <= 1.0


def test_a_fitted_file_without_a_coefficient_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fitted.json"
    path.write_text(json.dumps({"coefficients": {"intercept": -1.0, "coverage": 2.0}}))
    with pytest.raises(ValueError, match="lacks closest, names, numbers"):
        load_article_model(path)


def test_the_article_model_tells_one_event_from_a_similar_one() -> None:
    # Two reports of one event: their paragraphs cover each other, one pair is near-identical,
    # they share their rare names and a few figures. Two earthquakes: the topic, not the names.
    same = ARTICLE_MODEL.logit((0.75, 0.95, 0.6, math.log1p(3)))
    similar = ARTICLE_MODEL.logit((0.55, 0.7, 0.05, 0.0))
    assert same > 0 > similar
    # The article part of the score: a lift for the first, a veto for the second.
    assert 0 < DEFAULT_WEIGHTS.article(same, gap_days=1) <= DEFAULT_WEIGHTS.article_lift
    assert -DEFAULT_WEIGHTS.article_veto <= DEFAULT_WEIGHTS.article(similar, gap_days=1) < 0
    # Published a year apart, or one only recalling the past: no lift, the veto still holds.
    assert DEFAULT_WEIGHTS.article(same, gap_days=365) == 0.0
    assert DEFAULT_WEIGHTS.article(same, gap_days=1, recalls=True) == 0.0


def test_the_neighbours_setting_defaults_to_the_matcher_s_value() -> None:
    if "NEWSDIFF_NEIGHBOURS" in os.environ:
        pytest.skip("NEWSDIFF_NEIGHBOURS is set in the environment")
    assert settings.NEWSDIFF_NEIGHBOURS == params.NEIGHBOURS
