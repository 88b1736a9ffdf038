"""Paragraphs a report tells between two of its passages of one event join that event.

A report tells an event in a run of paragraphs: "The United States and NATO delivered written
responses ..." (linked), then what Blinken and Stoltenberg said of them (each too unlike any
other outlet's passage to be an edge of the match graph), then "The demands, which Moscow
published in December ..." (linked). The two paragraphs in between are that report's telling of
the event: they join it when each is still plainly about it, its best score with the event's
passages of other articles at least ``Weights.enclosed`` (on the first stage's scale, whatever
scores the links), far under ``link``, and it names one of the event's most telling key terms
(the first ``ENCLOSED_TERMS`` of ``describe.shared_terms``: "NATO" of the December drafts).
The score alone would not do: a background paragraph (what the war has cost) can score as high
with an event's passages as a paragraph of its telling, but it names none of what the event is
about.

Only a paragraph with no edge at all is filled in this way (``lone``): one that has edges is
grouped with its own part of the graph. So the decision depends on the part of the graph the
event is in and the article's paragraphs alone, and an incremental match and a rebuild agree
(the service's walk reaches every paragraph that lies between two it reached, and every member
of a stored event holding one it reached). Plain Python.
"""

from __future__ import annotations

import itertools
from collections.abc import Container, Sequence
from dataclasses import dataclass

from newsdiff.matching.core.corpus import Pair
from newsdiff.matching.core.describe import shared_terms
from newsdiff.matching.core.params import ENCLOSED_GAP, ENCLOSED_TERMS
from newsdiff.matching.core.scorer import PairScorer


@dataclass(frozen=True)
class Enclosed:
    paragraph: int
    between: tuple[int, int]  # the two passages of its article that enclose it
    pairs: tuple[tuple[Pair, float], ...]  # its best pairs with the event, strongest first
    mean: float  # its mean score with the event's passages of other articles


def gaps(rows: Sequence[int], inside: Container[int], most: int = ENCLOSED_GAP) -> list[int]:
    """The paragraphs of an article (``rows``, in order) that lie in a run of at most ``most``
    between two paragraphs ``inside``."""
    at = [i for i, p in enumerate(rows) if p in inside]
    return [p for i, j in itertools.pairwise(at) if j - i - 1 <= most for p in rows[i + 1 : j]]


def enclosed(
    scorer: PairScorer,
    members: Sequence[int],
    pairs: list[Pair],
    lone: Container[int],
    partners: int,
    cannot: Container[Pair] = (),
) -> list[Enclosed]:
    """The lone paragraphs an event of ``members`` takes in: each enclosed in its article by two
    members at most ``ENCLOSED_GAP`` paragraphs apart, naming one of the first ``ENCLOSED_TERMS``
    key terms of the event's ``pairs``, and scoring at least ``enclosed`` with one of its
    passages of other articles (its ``partners`` best pairs are kept); none that people decided
    is not of one event with a member (``cannot``)."""
    corpus, bar = scorer.corpus, scorer.weights.enclosed
    inside = set(members)
    found: list[Enclosed] = []
    keys: frozenset[str] | None = None  # the event's key terms, read once a paragraph needs them
    for article in sorted({corpus.article_of[m] for m in members}):
        rows = corpus.rows[article]
        others = [m for m in members if corpus.article_of[m] != article]
        for p in gaps(rows, inside):
            if p not in lone or p not in corpus.vectors or not others:
                continue
            if any((min(p, m), max(p, m)) in cannot for m in members):
                continue
            if keys is None:
                keys = frozenset(shared_terms(corpus, pairs)[:ENCLOSED_TERMS])
            f = corpus.features(p)
            if not keys & (f.terms | f.entities | f.phrases):
                continue
            scored = sorted(
                (((min(p, m), max(p, m)), scorer.first_stage(p, m)) for m in others),
                key=lambda x: (-x[1], x[0]),
            )
            if scored[0][1] >= bar:
                mean = sum(s for _, s in scored) / len(scored)
                between = _between(rows, inside, p)
                found.append(Enclosed(p, between, tuple(scored[:partners]), mean))
    return found


def _between(rows: Sequence[int], inside: Container[int], p: int) -> tuple[int, int]:
    i = rows.index(p)
    before = next(q for q in reversed(rows[:i]) if q in inside)
    after = next(q for q in rows[i + 1 :] if q in inside)
    return before, after
