"""The score of a pair of paragraphs from different articles, with its evidence.

score = cosine·w_cosine                      how close the sentence embeddings are
      + w_terms·sat(Σ specificity of shared terms)      "draft", "security guarantees"
      + w_entities·sat(Σ specificity of shared names)   "Istanbul", "Arakhamia", "Boris Johnson"
      + w_numbers·[a quantity in common]                "100,000", "14,000"
      + w_date·[resolved periods overlap]·precision      both mean December 2021
      − w_conflict·[both dated, no period in common]     March 2022 vs December 2021
      + w_thread·[continues a paragraph linked to the other]  "...has rejected the demands"

A term's specificity in a pair is 1/(df_A·df_B), df being the number of body paragraphs of each
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

from newsdiff.lib.dates import HALF_YEAR_DAYS, TWO_MONTHS_DAYS
from newsdiff.matching.core.context import DEFAULT_ARTICLE_MODEL, ArticleModel
from newsdiff.matching.core.evidence import MAX_SHARED, MIN_SHARED_WEIGHT, Evidence
from newsdiff.matching.core.features import FINE_DAYS, ArticleFeatures, Features, rarity
from newsdiff.matching.core.timex import Period


@dataclass(frozen=True)
class Weights:
    cosine: float = 1.0
    terms: float = 0.3
    entities: float = 0.4
    numbers: float = 0.1
    date: float = 0.15
    conflict: float = 1.0
    saturation: float = 1.0
    # How much a date counts by where it comes from: the paragraph's own words, the previous
    # paragraph's, or (no time expression near it) the article's publication date.
    stated: float = 1.0
    inherited: float = 0.6
    implicit: float = 0.5
    # A paragraph that only continues the one before it ("The West, however, has rejected the
    # demands") borrows this much when the paragraph before it is linked to the other one.
    thread: float = 0.2
    lend: float = 0.95  # the predecessor's own score must reach this: a strong link only
    # Pairs under ``link`` are not edges of the match graph; an event only forms (average
    # linkage) while the mean score between its parts stays at or above ``merge``.
    link: float = 0.7
    merge: float = 0.7
    # A paragraph already in one event joins another when its mean score to that event's
    # paragraphs of other articles reaches ``extend``.
    extend: float = 0.85
    # Article context (``context.py``): t = tanh(logit/2) in −1..1 says how surely the two
    # articles report one event; a pair gains ``article_lift``·t when t > 0 and loses
    # ``article_veto``·|t| when t < 0. Only articles published within ``article_days`` of each
    # other can be two reports of one piece of news: later pieces may *recall* an event, which
    # their paragraphs must show on their own. A missing publication date neither allows nor
    # forbids anything: it is no evidence.
    article_lift: float = 0.8
    article_veto: float = 0.6
    article_days: int = 3
    article_model: ArticleModel = DEFAULT_ARTICLE_MODEL

    @property
    def bonus_max(self) -> float:
        """The most the non-embedding signals can add: bounds the cosine worth scoring."""
        return (
            self.terms + self.entities + self.numbers + self.date + self.thread + self.article_lift
        )

    def article(self, logit: float, gap_days: int | None, recalls: bool = False) -> float:
        """The article part of a pair's score, from the article model's logit, the days
        between the two publication dates (None when either is unknown) and whether either
        article only recalls the past (then its date says nothing of what it reports)."""
        t = math.tanh(logit / 2)
        if t < 0:
            return self.article_veto * t
        return self.article_lift * t if self.liftable(gap_days, recalls) else 0.0

    def liftable(self, gap_days: int | None, recalls: bool) -> bool:
        """Whether two articles can be lifted at all: published within ``article_days`` (or a
        date unknown: no evidence), and neither only recalls the past."""
        return not recalls and (gap_days is None or gap_days <= self.article_days)

    # Paragraphs whose embeddings are further apart than this are never linked, whatever words
    # they share: it keeps chance overlaps of names out, and it is what lets the vector search
    # skip almost all of a large corpus. (The lowest cosine of a true pair in the seed gold: 0.35.)
    floor: float = 0.35

    @property
    def min_cosine(self) -> float:
        """No pair with a lower cosine can be an edge, so the search may skip it."""
        return max(self.floor, (self.link - self.bonus_max) / self.cosine)

    def certainty(self, when: str) -> float:
        if when == "stated":
            return self.stated
        if when == "inherited":
            return self.inherited
        return self.implicit if when == "implicit" else 0.0


DEFAULT_WEIGHTS = Weights()


def _sat(x: float, saturation: float) -> float:
    return 1.0 - math.exp(-x / saturation)


def _specific(
    shared: frozenset[str], a: ArticleFeatures, b: ArticleFeatures
) -> list[tuple[str, float]]:
    weighted = [(t, rarity(t) / (a.df[t] * b.df[t])) for t in shared]
    return sorted(weighted, key=lambda tw: (-tw[1], tw[0]))


def _date_match(fa: Features, fb: Features) -> tuple[float, bool, list[tuple[Period, Period]]]:
    """(match precision 0..1, conflict, the overlapping pairs of periods).

    Precise periods (a day to a quarter) are compared when both paragraphs have one: "in
    2023" said in passing must not excuse "18 January 2024" against "December 2023". Otherwise
    the coarse ones are, and a shared year is weak evidence.
    """
    if not fa.context or not fb.context:
        return 0.0, False, []
    fine_a = [p for p in fa.context if p.days <= FINE_DAYS]
    fine_b = [q for q in fb.context if q.days <= FINE_DAYS]
    a, b = (fine_a, fine_b) if fine_a and fine_b else (fa.context, fb.context)
    if not a or not b:
        return 0.0, False, []
    common = [(p, q) for p in a for q in b if p.overlaps(q)]
    if not common:
        return 0.0, True, []
    span = min(max(p.days, q.days) for p, q in common)
    precision = 1.0 if span <= TWO_MONTHS_DAYS else 0.5 if span <= HALF_YEAR_DAYS else 0.25
    return precision, False, common


def _narrowest(common: list[tuple[Period, Period]]) -> list[Period]:
    """The two narrowest of the overlapping periods: the dates the evidence names (by label
    last, so two periods of one length and start come in the same order in every process)."""
    periods = {x for pq in common for x in pq}
    return sorted(periods, key=lambda p: (p.days, p.start, p.label))[:2]


# The parts of a score, in the order ``_parts`` gives them.
PARTS = ("cosine", "terms", "entities", "numbers", "date", "conflict", "article")


def _parts(
    fa: Features,
    fb: Features,
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    weights: Weights,
    article: float,
) -> tuple[tuple[float, ...], frozenset[str], frozenset[str], bool, list[tuple[Period, Period]]]:
    """The score's parts (``PARTS``), with the shared terms and names and the date evidence they
    rest on. A tuple, not a dict: this runs for every candidate pair."""
    terms, entities = fa.terms & fb.terms, fa.entities & fb.entities
    date, conflict, common = _date_match(fa, fb)
    # A date is only as sure as the less sure of the two. A publication date can contradict a
    # stated one, but "matching" it says nothing: everything published that week matches it.
    certainty = min(weights.certainty(fa.when), weights.certainty(fb.when))
    if "implicit" in (fa.when, fb.when):
        date = 0.0
    parts = (
        weights.cosine * cosine,
        weights.terms * _sat(_weight(terms, a, b), weights.saturation),
        weights.entities * _sat(_weight(entities, a, b), weights.saturation),
        weights.numbers if fa.numbers & fb.numbers else 0.0,
        weights.date * date * certainty,
        -weights.conflict * certainty if conflict else 0.0,
        # Two articles about one event may still recall other moments: a paragraph pair whose
        # dates disagree gets no lift from its articles (a veto still applies). Nor does a
        # headline: a line that sums up its article would be lifted towards every paragraph of
        # the other; it joins an event on its own words.
        article if article < 0 or not (conflict or fa.headline or fb.headline) else 0.0,
    )
    return parts, terms, entities, conflict, common


def _weight(shared: frozenset[str], a: ArticleFeatures, b: ArticleFeatures) -> float:
    # fsum is exact, so the sum does not depend on the order a set iterates in.
    if not shared:
        return 0.0
    dfa, dfb = a.df, b.df
    return math.fsum([rarity(t) / (dfa[t] * dfb[t]) for t in shared])


def pair_score(
    pa: int,
    pb: int,
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    weights: Weights = DEFAULT_WEIGHTS,
    article: float = 0.0,
) -> tuple[float, float]:
    """(``score_pair``'s score, the article part it took), without building the evidence: the
    hot path of matching."""
    parts = _parts(a.paragraphs[pa], b.paragraphs[pb], a, b, cosine, weights, article)[0]
    return math.fsum(parts), parts[-1]


def gap_days(a: ArticleFeatures, b: ArticleFeatures) -> int | None:
    """Days between the two articles' publication dates; None when either is unknown."""
    da, db = a.published, b.published
    return abs((da - db).days) if da and db else None


def score_ceiling(
    pa: int, pb: int, a: ArticleFeatures, b: ArticleFeatures, cosine: float, weights: Weights
) -> float:
    """The most the pair can score whatever its articles' context says: infinite where the two
    articles could be lifted at all (``Weights.article``: published within ``article_days``, or
    a date unknown, and neither only recalls: the lift alone takes almost any pair above the
    floor to ``link``), else its own parts and a thread bonus (the context can only veto).

    Lets the matcher skip loading a whole neighbouring article (every paragraph vector, for
    its context) for a pair that cannot reach ``link`` anyway: most neighbours in a long archive
    were published months away.
    """
    if weights.liftable(gap_days(a, b), a.recalls or b.recalls):
        return math.inf
    return pair_score(pa, pb, a, b, cosine, weights, 0.0)[0] + weights.thread


def score_pair(
    pa: int,
    pb: int,
    a: ArticleFeatures,
    b: ArticleFeatures,
    cosine: float,
    weights: Weights = DEFAULT_WEIGHTS,
    article: float = 0.0,
) -> tuple[float, Evidence]:
    """``article``: the article part (``Weights.article``), computed once per article pair."""
    fa, fb = a.paragraphs[pa], b.paragraphs[pb]
    values, terms, entities, conflict, common = _parts(fa, fb, a, b, cosine, weights, article)
    parts = dict(zip(PARTS, values, strict=True))
    evidence: Evidence = {
        "similarity": round(cosine, 4),
        "shared_terms": _listed(_specific(terms, a, b), fa),
        "shared_entities": _listed(_specific(entities, a, b), fa),
        "numbers": sorted(fa.numbers & fb.numbers),
        "dates": [p.label for p in _narrowest(common)],
        "date_conflict": conflict,
        "parts": {k: round(v, 4) for k, v in parts.items()},
    }
    return math.fsum(values), evidence


def _listed(shared: list[tuple[str, float]], fa: Features) -> list[str]:
    return [fa.surface.get(t, t) for t, w in shared if w >= MIN_SHARED_WEIGHT][:MAX_SHARED]


def thread_pairs(fa: Features, fb: Features, pa: int, pb: int) -> list[tuple[int, int]]:
    """The pairs whose link a continuing paragraph may borrow: (its predecessor, the other)."""
    pairs = []
    if fa.when == "inherited" and fa.previous is not None:
        pairs.append((fa.previous, pb))
    if fb.when == "inherited" and fb.previous is not None:
        pairs.append((pa, fb.previous))
    if len(pairs) == 2:  # both continue: their predecessors' link
        pairs.append((fa.previous, fb.previous))  # type: ignore[arg-type]
    return pairs
