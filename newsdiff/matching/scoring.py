"""The score of a pair of paragraphs from different articles, with its evidence.

score = cosine·w_cosine                      how close the sentence embeddings are
      + w_terms·sat(Σ specificity of shared terms)      "draft", "security guarantees"
      + w_entities·sat(Σ specificity of shared names)   "Istanbul", "Arakhamia", "Boris Johnson"
      + w_numbers·[a quantity in common]                "100,000", "14,000"
      + w_date·[resolved periods overlap]·precision      both mean December 2021
      − w_conflict·[both dated, no period in common]     March 2022 vs December 2021

A term's specificity in a pair is 1/√(df_A·df_B), df being the number of body paragraphs of each
article that use it: a word all over both articles is their topic, not this paragraph's event.
``sat(x) = 1 − exp(−x/saturation)``: the first strong shared term counts most, more terms add
less. Dates are the strongest *negative* evidence, because topically identical paragraphs about
different moments ("talks in January" vs "talks in Istanbul") are exactly what embeddings
confuse. The weights are tuned on the seed gold and the synthetic corpus
(``bench/match_quality.py --tune``); see ``Weights`` for the values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from newsdiff.matching.features import ArticleFeatures, Features
from newsdiff.matching.timex import Period


@dataclass(frozen=True)
class Weights:
    cosine: float = 1.0
    terms: float = 0.25
    entities: float = 0.3
    numbers: float = 0.1
    date: float = 0.15
    conflict: float = 0.35
    saturation: float = 1.0
    # An inherited date (from the previous paragraph) is weaker evidence than a stated one.
    inherited: float = 0.5
    # Pairs under ``link`` are not edges of the match graph; an event only forms (average
    # linkage) while the mean score between its parts stays at or above ``merge``.
    link: float = 0.75
    merge: float = 0.7
    # A paragraph already in one event joins another when its mean score to that event's
    # paragraphs of other articles reaches ``extend``.
    extend: float = 0.85

    @property
    def bonus_max(self) -> float:
        """The most the non-embedding signals can add: bounds the cosine worth scoring."""
        return self.terms + self.entities + self.numbers + self.date

    @property
    def min_cosine(self) -> float:
        """No pair with a lower cosine can reach ``link``, so the search may skip it."""
        return (self.link - self.bonus_max) / self.cosine


DEFAULT_WEIGHTS = Weights()


def _sat(x: float, saturation: float) -> float:
    return 1.0 - math.exp(-x / saturation)


def _specific(
    shared: frozenset[str], a: ArticleFeatures, b: ArticleFeatures
) -> list[tuple[str, float]]:
    weighted = [(t, 1.0 / math.sqrt(a.df[t] * b.df[t])) for t in shared]
    return sorted(weighted, key=lambda tw: (-tw[1], tw[0]))


def _date_evidence(fa: Features, fb: Features) -> tuple[float, bool, list[Period]]:
    """(match strength 0..1, conflict, the overlapping periods)."""
    if not fa.context or not fb.context:
        return 0.0, False, []
    common = [p for p in fa.context for q in fb.context if p.overlaps(q)]
    common_b = [q for p in fa.context for q in fb.context if p.overlaps(q)]
    if not common:
        # Only what both paragraphs *state* can contradict; an inherited date is a guess.
        return 0.0, bool(fa.periods and fb.periods), []
    # A shared month is good evidence; a shared year much less ("in 2022" overlaps everything).
    span = min(max(p.days, q.days) for p, q in zip(common, common_b, strict=True))
    precision = 1.0 if span <= 62 else 0.5 if span <= 190 else 0.25
    narrowest = sorted(set(common + common_b), key=lambda p: (p.days, p.start))
    return precision, False, narrowest[:2]


def score_pair(
    pa: int,
    pb: int,
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[float, dict[str, Any]]:
    fa, fb = a.paragraphs[pa], b.paragraphs[pb]
    names = fa.entities & fb.entities
    # Names are scored as names; their words are not counted a second time as terms.
    terms = _specific((fa.terms & fb.terms) - names, a, b)
    entities = _specific(names, a, b)
    numbers = sorted(fa.numbers & fb.numbers)
    date, conflict, dates = _date_evidence(fa, fb)
    if fa.inherited or fb.inherited:
        date *= weights.inherited
    parts = {
        "cosine": weights.cosine * cosine,
        "terms": weights.terms * _sat(sum(w for _, w in terms), weights.saturation),
        "entities": weights.entities * _sat(sum(w for _, w in entities), weights.saturation),
        "numbers": weights.numbers if numbers else 0.0,
        "date": weights.date * date,
        "conflict": -weights.conflict if conflict else 0.0,
    }
    score = sum(parts.values())
    evidence = {
        "similarity": round(cosine, 4),
        "shared_terms": [fa.surface.get(t, t) for t, w in terms if w >= 0.2][:12],
        "shared_entities": [fa.surface.get(t, t) for t, w in entities if w >= 0.2][:12],
        "numbers": numbers,
        "dates": [p.label for p in dates],
        "date_conflict": conflict,
        "parts": {k: round(v, 4) for k, v in parts.items()},
    }
    return score, evidence
