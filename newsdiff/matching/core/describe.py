"""Describe an event: its label, its key terms and its period, from what its passages share.

``describe`` names an event from its members and its stored pairs: the label (``labels``: what
happened, where or by whom; the names and terms its alignments share as a fallback), the key
terms the event page lists, and the period most of its articles point at. Plain Python: no
Django imports.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

from newsdiff.lib.dates import TWO_MONTHS_DAYS, YEAR_DAYS
from newsdiff.matching.core.corpus import Corpus, Pair
from newsdiff.matching.core.labels import event_label
from newsdiff.matching.core.params import (
    FINE_DAYS,
    KEY_TERMS,
    LABEL_TERMS,
    NAME_BOOST,
    TWO_WORD_BOOST,
)
from newsdiff.matching.core.results import EventResult
from newsdiff.matching.core.timex import Period, month, year
from newsdiff.text.rarity import rarity
from newsdiff.text.words import ROLES


def describe(
    corpus: Corpus, members: list[int], pairs: list[Pair], scored: tuple[tuple[int, float], ...]
) -> EventResult:
    """The event of ``members`` (``scored``: each with its mean score to the other articles),
    whose stored alignments are ``pairs``."""
    terms = key_terms(corpus, pairs)
    period = event_period(corpus, members)
    passages = [(corpus.article_of[m], corpus.texts[m]) for m in members]
    label = event_label(passages, period.label if period else None, terms[:LABEL_TERMS])
    return EventResult(scored, label, period, tuple(terms[:KEY_TERMS]))


@functools.cache
def _names_nobody(term: str) -> bool:
    return all(w in ROLES for w in term.split(" "))


def _geometric_mean(x: int, y: int) -> float:
    return (x * y) ** 0.5


def key_terms(corpus: Corpus, pairs: list[Pair]) -> list[str]:
    """The names and terms the event's alignments share most, as written in the text: each
    weighs its rarity over how many paragraphs of the two articles use it."""
    surface: dict[str, str] = {}
    return [surface[t] for t in shared_terms(corpus, pairs, surface)]


def shared_terms(
    corpus: Corpus, pairs: list[Pair], surface: dict[str, str] | None = None
) -> list[str]:
    """``key_terms`` as the analysis writes them (normalised), most telling first; each one's
    written form goes into ``surface`` when given."""
    weight: defaultdict[str, float] = defaultdict(float)
    written: dict[str, str] = {} if surface is None else surface
    for a, b in pairs:
        art_a, art_b = corpus.analysis_of(a), corpus.analysis_of(b)
        fa, fb = art_a.paragraphs[a], art_b.paragraphs[b]
        for t in fa.terms & fb.terms | fa.entities & fb.entities | fa.phrases & fb.phrases:
            if _names_nobody(t):
                continue  # "Prime Minister" names nobody in particular
            boost = NAME_BOOST if t in fa.entities or t in fa.phrases else 1.0
            boost *= TWO_WORD_BOOST if " " in t else 1.0
            weight[t] += boost * rarity(t) / _geometric_mean(art_a.df[t], art_b.df[t])
            written.setdefault(t, fa.surface.get(t, t))
    ranked = sorted(weight, key=lambda t: (-round(weight[t], 6), t))
    chosen: list[str] = []
    for t in ranked:
        # "Boris Johnson" makes "Johnson" redundant, and the other way round.
        if any(t in c.split(" ") or c in t.split(" ") for c in chosen):
            continue
        chosen.append(t)
    return chosen


def event_period(corpus: Corpus, members: list[int]) -> Period | None:
    """The month (else year) that the periods of most of the event's articles point at.

    Ties go to the month more paragraphs date precisely, then to the narrower period. A month
    that two articles name wins over the year it lies in, however many articles name only the
    year: an event that gathers look-backs ("the talks of 2022") stays "March 2022".
    """
    spans: list[tuple[int, int, Period]] = []
    for m in members:
        art = corpus.article_of[m]
        features = corpus.features(m)
        if features.when in ("stated", "inherited"):  # publication dates say nothing here
            spans += [(art, m, p) for p in features.context]
    candidates: set[Period] = set()
    for _, _, p in spans:
        if p.days <= TWO_MONTHS_DAYS:
            candidates |= {month(p.start.year, p.start.month), month(p.end.year, p.end.month)}
        elif p.days <= YEAR_DAYS:
            candidates.add(year(p.start.year))
    if not candidates:
        return None

    def support(c: Period) -> tuple[int, int, int, dt.date]:
        articles = {art for art, _, p in spans if p.overlaps(c)}
        precise = {m for _, m, p in spans if p.overlaps(c) and p.days <= FINE_DAYS}
        return len(articles), len(precise), -c.days, c.start

    best = max(candidates, key=support)
    months = [c for c in candidates if c.days <= TWO_MONTHS_DAYS]
    month_best = max(months, key=support) if months else None
    if month_best is not None and support(month_best)[0] >= 2:
        return month_best
    return best
