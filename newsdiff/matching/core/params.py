"""Every weight, threshold and window of the matcher, in one place; the fitted article model is
read from ``fitted.json`` beside this file (written by ``bench/ecb_dev.py --fit``), the fitted
pair model from ``pairmodel.json`` (``bench/ecb_pairs.py --fit``).

The score of a pair (``scoring``) is a sum of weighted parts, ``Weights`` below; the rest are the
windows of the analysis (``features``, ``timex``), the bounds of the search and of grouping
(``candidates``, ``grouping``) and what an event's description shows (``describe``). The weights
are tuned on the seed gold and the synthetic corpus (``bench/match_quality.py --tune``) and on the
ECB+ development topics (``bench/ecb_dev.py``). Plain Python: no Django imports.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path

from newsdiff.lib.dates import HALF_YEAR_DAYS, TWO_MONTHS_DAYS
from newsdiff.matching.core.pairmodel import PairModel, load_pair_model

# --- Analysis windows (``features``, ``timex``) ---------------------------------------------

# A paragraph without a time expression reports the last days before publication: an outlet
# covering an event a few days later still overlaps.
IMPLICIT_DAYS = 3
# An article none of whose precise dates falls within this many days before its publication
# recalls the past (an anniversary piece, an interview looking back), not the news of its week.
RECENT_DAYS = 90
# A period this short or shorter dates an event ("March 2022", "last week"); a longer one
# ("in 2022") only places it.
FINE_DAYS = 93
# How many days apart two paragraphs' periods may be without contradicting each other, by where
# the less sure of the two dates comes from (``features.Features.when``): two stated dates that
# do not overlap contradict; a date inherited from the previous paragraph may be a thread's next
# step ("...has rejected the demands", told after the demands' December), so it contradicts
# only beyond a month; a publication date is what news reports, within days.
CONFLICT_SLACK_DAYS = {"stated": 0, "inherited": 31, "implicit": 0, "": 0}
# "weeks before the start of the conflict": how far before a named moment (in characters) a
# shift is looked for, and the stretch each unit of it stands for.
SHIFT_LOOKBACK_CHARS = 30
# An article's lead (``context.ArticlePairs.lead``): the day its news happened is the precise
# period (LEAD_DAYS or fewer) within LEAD_WINDOW days up to its publication stated in the first
# of its first LEAD_PARAGRAPHS body paragraphs that states one.
LEAD_PARAGRAPHS = 2
LEAD_DAYS = 3
LEAD_WINDOW = 7
SHIFT_DAYS = {"days": 7, "weeks": 45, "months": 120}

# --- Search and grouping bounds (``candidates``, ``grouping``) --------------------------------

# How many nearest paragraphs a paragraph is compared with in full: the candidate search keeps
# each paragraph's NEIGHBOURS nearest above the floor (the in-memory search and pgvector's
# query alike), and grouping scores each paragraph's NEIGHBOURS nearest of its component in full
# (``grouping.score_matrix``). Both bound the work to n·k on dense corpora. The setting
# ``NEWSDIFF_NEIGHBOURS`` overrides it for the stored corpus.
NEIGHBOURS = 100
# A part of the match graph up to this size is scored in full: the parts of a week of real news
# (ECB+'s largest is ~750 paragraphs) keep every pair's bonuses and article lift, which far
# pairs of one event need to hold it together; only a part of many near-copies grows past it.
FULL_PART = 1000
# Each paragraph of an event is stored aligned with its PARTNERS strongest partners (all of them
# in an event of up to PARTNERS + 1 paragraphs): a passage lists its four best, and many copies
# of one story would otherwise store n² pairs (``grouping.partner_pairs``).
PARTNERS = 8
# How many paragraphs in a row an article may tell between two passages of one event and still
# have them join it (``enclosed``): a quote or two, a detail; a longer run is a story of its own.
ENCLOSED_GAP = 2
# ... and it must name one of the event's ENCLOSED_TERMS most telling key terms: further down
# the list come the words every report of the region writes ("Ukraine", "Moscow").
ENCLOSED_TERMS = 3
# Matrix products round differently by shape: the stored corpus is searched a hair wider than
# the floor (and bounded a hair lower than ``link``); the exact score decides.
SEARCH_EPSILON = 1e-4

# --- What an event's description shows (``describe``, ``evidence``) --------------------------

# An event's label names its LABEL_TERMS most telling shared terms (then its month); the event
# page lists KEY_TERMS of them.
LABEL_TERMS = 2
KEY_TERMS = 8
# A shared term weighs more in the key terms when it is a name or a run of names ("Boris
# Johnson"), and again when it is two words ("security guarantees" says more than "security").
NAME_BOOST = 1.5
TWO_WORD_BOOST = 1.3
# The most shared terms and names an alignment's evidence lists: enough to say why, few enough
# to read at a glance; and the least weight of one listed (rarer words weigh more).
MAX_SHARED = 12
MIN_SHARED_WEIGHT = 0.1

# --- The pair score (``scoring``) --------------------------------------------------------------

# How precisely two paragraphs' overlapping periods date them, by the longer of the narrowest
# overlapping pair: within two months is a match, within half a year half of one, else a quarter.
DATE_PRECISION = ((TWO_MONTHS_DAYS, 1.0), (HALF_YEAR_DAYS, 0.5), (math.inf, 0.25))


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
    # With the pair model, a part of the graph most of whose paragraphs are long is scored by
    # the first stage (``PairModel.long_words``) and grouped with its thresholds: these.
    long_merge: float = 0.7
    long_extend: float = 0.85
    # A report's paragraphs join an event that held before the match (``holding``) when one of
    # their pairs with it is an edge and their ``ATTACH_PAIRS`` strongest pairs with it average
    # at least ``attach``: two of the event's passages corroborate it, so one strong pair alone
    # does not chain a report of another moment into an event.
    attach: float = 0.6
    # A paragraph with no edge that its article tells between two of an event's passages (at
    # most ``ENCLOSED_GAP`` apart) joins the event when it scores this much with one of the
    # event's passages of other articles (``enclosed``): the report's own order says it is
    # part of the telling, so it needs only to be about the event, not to match a passage.
    enclosed: float = 0.4
    # Article context (``context``): t = tanh(logit/2) in −1..1 says how surely the two
    # articles report one event; a pair gains ``article_lift``·t when t > 0 and loses
    # ``article_veto``·|t| when t < 0. Only articles published within ``article_days`` of each
    # other can be two reports of one piece of news, so only they are lifted or held apart:
    # later pieces may *recall* an event, which their paragraphs must show on their own. A
    # missing publication date neither allows nor forbids anything: it is no evidence.
    article_lift: float = 0.8
    article_veto: float = 0.6
    article_days: int = 3
    # With the pair model, the lift fades instead of stopping: whole from 0 to ``article_days``
    # apart, then linearly to none at ``article_fade`` days (a weekly's report of the news of
    # five to ten days before is still a report of it; the article model says whether it is).
    article_fade: int = 14
    # Paragraphs whose embeddings are further apart than this are never linked, whatever words
    # they share: it keeps chance overlaps of names out, and it is what lets the vector search
    # skip almost all of a large corpus. (The lowest cosine of a true pair in the seed gold: 0.35.)
    floor: float = 0.35

    @property
    def bonus_max(self) -> float:
        """The most the non-embedding signals can add: bounds the cosine worth scoring."""
        return (
            self.terms + self.entities + self.numbers + self.date + self.thread + self.article_lift
        )

    @property
    def min_cosine(self) -> float:
        """No pair with a lower cosine can be an edge, so the search may skip it."""
        return max(self.floor, (self.link - self.bonus_max) / self.cosine)

    def article(self, logit: float, gap_days: int | None, recalls: bool = False) -> float:
        """The article part of a pair's score, from the article model's logit, the days
        between the two publication dates (None when either is unknown) and whether either
        article only recalls the past (then its date says nothing of what it reports)."""
        t = math.tanh(logit / 2)
        if t < 0:
            # Two articles published weeks apart are no two reports of one news item, whatever
            # they share: that the model says so is no evidence against their paragraphs.
            near = gap_days is None or gap_days <= self.article_days
            return self.article_veto * t if near else 0.0
        return self.article_lift * t if self.liftable(gap_days, recalls) else 0.0

    def liftable(self, gap_days: int | None, recalls: bool) -> bool:
        """Whether two articles can be lifted at all: published within ``article_days`` (or a
        date unknown: no evidence), and neither only recalls the past."""
        return not recalls and (gap_days is None or gap_days <= self.article_days)

    def far(self, gap_days: int | None) -> bool:
        """Whether two articles were published further apart than the pair model's lift fades
        (``article_fade``): their pairs are the first stage's, whose parts weigh dates."""
        return gap_days is not None and gap_days > self.article_fade

    def lift_share(self, gap_days: int | None, recalls: bool) -> float:
        """How much of the article lift two articles may take with the pair model: all of it
        within ``article_days`` (or a date unknown), fading to none at ``article_fade``; none
        when either only recalls the past."""
        if recalls:
            return 0.0
        if gap_days is None or gap_days <= self.article_days:
            return 1.0
        span = self.article_fade - self.article_days
        return max(0.0, 1.0 - (gap_days - self.article_days) / span) if span > 0 else 0.0

    def certainty(self, when: str) -> float:
        if when == "stated":
            return self.stated
        if when == "inherited":
            return self.inherited
        return self.implicit if when == "implicit" else 0.0


DEFAULT_WEIGHTS = Weights()
# How many of a report's strongest pairs with a held event say how close it is (``holding``).
ATTACH_PAIRS = 2
# A new paragraph is direct evidence against a loosely held member of an event (``holding``)
# only when it matches the member at least this strongly ("strong" on the pair page).
AGAINST = 1.0

# --- The fitted article model (``context``) ----------------------------------------------------

FITTED = Path(__file__).with_name("fitted.json")
# The order of the model's signals (``context.article_signals``) and coefficients.
SIGNALS = ("coverage", "closest", "names", "numbers")


@dataclass(frozen=True)
class ArticleModel:
    """Logistic model of "same event" over (coverage, closest, names, numbers)."""

    intercept: float
    coverage: float
    closest: float
    names: float
    numbers: float

    def logit(self, signals: tuple[float, float, float, float]) -> float:
        c, m, n, q = signals
        return (
            self.intercept
            + self.coverage * c
            + self.closest * m
            + self.names * n
            + self.numbers * q
        )


def load_article_model(path: Path = FITTED) -> ArticleModel:
    """The article model stored in ``path`` (its ``coefficients``: the intercept and one per
    signal), with a clear error when the file lacks one."""
    coefficients = json.loads(path.read_text(encoding="utf-8"))["coefficients"]
    missing = [k for k in ("intercept", *SIGNALS) if k not in coefficients]
    if missing:
        raise ValueError(f"{path}: the fitted article model lacks {', '.join(missing)}")
    return ArticleModel(**{k: float(coefficients[k]) for k in ("intercept", *SIGNALS)})


ARTICLE_MODEL = load_article_model()

# --- The fitted pair model (``pairmodel``) ------------------------------------------------------

# Read from ``pairmodel.json`` beside this file (written by ``bench/ecb_pairs.py --fit``).
PAIR_MODEL = load_pair_model()


def pair_weights(weights: Weights, model: PairModel) -> Weights:
    """``weights`` with the grouping thresholds the pair model was tuned with: its scores are
    probabilities moved so that its link threshold sits at ``weights.link``."""
    shift = weights.link - model.link
    return dataclasses.replace(weights, merge=model.merge + shift, extend=model.extend + shift)


PAIR_WEIGHTS = pair_weights(DEFAULT_WEIGHTS, PAIR_MODEL)


@dataclass(frozen=True)
class Params:
    """What one matching run is configured with: the score's weights, the fitted article model,
    the fitted pair model (None: the first stage's sum of weighted parts is the score;
    ``DEFAULT_PARAMS`` has one) and how many nearest paragraphs it compares each with."""

    weights: Weights = DEFAULT_WEIGHTS
    article_model: ArticleModel = ARTICLE_MODEL
    pair_model: PairModel | None = None
    neighbours: int = NEIGHBOURS
    full_part: int = FULL_PART
    partners: int = PARTNERS


# The first stage alone: its weighted sum is the score (``NEWSDIFF_PAIR_MODEL=0``).
FIRST_STAGE_PARAMS = Params()
# The matcher with the pair model, gated (``PairModel``: long pairs are left to the first stage,
# a pair sharing nothing specific is held back): the default.
PAIR_PARAMS = Params(PAIR_WEIGHTS, pair_model=PAIR_MODEL)
DEFAULT_PARAMS = PAIR_PARAMS
