"""The matcher: paragraphs in, events and alignments out. Arrays and dataclasses only.

``match`` runs the whole pipeline on an in-memory corpus (a rebuild, the benchmarks, the tests);
the service runs the same steps on the part of the stored corpus a new article touches:

1. candidate pairs: paragraphs of different articles whose cosine is at least
   ``Weights.min_cosine`` (below it no evidence can lift a pair to ``link``);
2. ``scoring.score_pair`` on each candidate; pairs at ``link`` or above are the graph's edges;
3. ``grouping.group`` per connected component: events that do not chain;
4. each paragraph of an event is aligned, with the evidence, to its ``PARTNERS`` strongest
   partners of other articles (every cross-article pair in an event of a few reports); each event
   is labelled by ``labels.event_label`` (what happened, where or by whom, from what its
   passages share; the names and terms its alignments share as a fallback) and the period
   most of its articles point at.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from newsdiff.lib.dates import TWO_MONTHS_DAYS, YEAR_DAYS
from newsdiff.matching.core.context import ArticleContext, article_context, article_signals
from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.core.features import (
    FINE_DAYS,
    ArticleFeatures,
    ArticleInput,
    analyse_article,
    rarity,
)
from newsdiff.matching.core.grouping import (
    ScoreMatrix,
    components,
    cross_articles,
    group_matrix,
    means_to,
    partner_pairs,
)
from newsdiff.matching.core.labels import event_label
from newsdiff.matching.core.scoring import (
    DEFAULT_WEIGHTS,
    Weights,
    gap_days,
    pair_score,
    score_pair,
    thread_pairs,
)
from newsdiff.matching.core.timex import Anchor, Period, month, year
from newsdiff.text.words import ROLES

# An event's label names its LABEL_TERMS most telling shared terms (then its month); the event
# page lists KEY_TERMS of them.
LABEL_TERMS = 2
KEY_TERMS = 8

# How many nearest paragraphs a paragraph is compared with in full: the candidate search keeps
# each paragraph's NEIGHBOURS nearest above the floor (as pgvector's query does, with
# ``NEWSDIFF_NEIGHBOURS``), and grouping scores each paragraph's NEIGHBOURS nearest of its
# component in full (``Corpus.score_matrix``). Both bound the work to n·k on dense corpora.
NEIGHBOURS = 100
# A part of the match graph up to this size is scored in full: the parts of a week of real news
# (ECB+'s largest is ~750 paragraphs) keep every pair's bonuses and article lift, which far
# pairs of one event need to hold it together; only a part of many near-copies grows past it.
FULL_PART = 1000
# Each paragraph of an event is stored aligned with its PARTNERS strongest partners (all of them
# in an event of up to PARTNERS + 1 paragraphs): a passage lists its four best, and many copies
# of one story would otherwise store n² pairs (``grouping.partner_pairs``).
PARTNERS = 8


@dataclass(frozen=True)
class EventResult:
    members: tuple[tuple[int, float], ...]  # (paragraph id, mean score to the other articles)
    label: str
    period: Period | None
    key_terms: tuple[str, ...]


@dataclass(frozen=True)
class AlignmentResult:
    paragraph_a: int  # always < paragraph_b
    paragraph_b: int
    score: float
    evidence: Evidence
    event: int  # index into MatchResult.events


@dataclass
class MatchResult:
    events: list[EventResult] = field(default_factory=list)
    alignments: list[AlignmentResult] = field(default_factory=list)

    def extend(self, other: MatchResult) -> None:
        offset = len(self.events)
        self.events += other.events
        self.alignments += [
            AlignmentResult(a.paragraph_a, a.paragraph_b, a.score, a.evidence, a.event + offset)
            for a in other.alignments
        ]


def with_vectors(article: ArticleInput, vectors: Container[int]) -> ArticleInput:
    """The article as the matcher analyses it: only paragraphs that have a vector take part (a
    paragraph still to be embedded waits)."""
    body = tuple((pid, text) for pid, text in article.paragraphs if pid in vectors)
    return replace(article, paragraphs=body)


class Corpus:
    """Analysed articles and paragraph vectors: what scoring a pair needs, with a score cache."""

    def __init__(self, weights: Weights = DEFAULT_WEIGHTS, anchors: Iterable[Anchor] = ()) -> None:
        self.weights = weights
        self.anchors = tuple(anchors)
        self.articles: dict[int, ArticleFeatures] = {}
        self.article_of: dict[int, int] = {}
        self.vectors: dict[int, np.ndarray] = {}
        self.texts: dict[int, str] = {}  # for the event labels
        self._scores: dict[tuple[int, int], tuple[float, Evidence]] = {}
        self._base_scores: dict[tuple[int, int], tuple[float, Evidence]] = {}
        self._quick: dict[tuple[int, int], float] = {}
        self._base_quick: dict[tuple[int, int], tuple[float, float]] = {}
        self.contexts: dict[int, ArticleContext] = {}
        self._article_parts: dict[tuple[int, int], float] = {}
        self._best: dict[tuple[int, int], set[tuple[int, int]]] = {}
        self.rows: dict[int, list[int]] = {}  # article -> its paragraph ids, in matrix order

    def add(
        self,
        article: ArticleInput,
        vectors: Mapping[int, np.ndarray],
        analysed: ArticleFeatures | None = None,
    ) -> None:
        """``analysed``: the analysis of ``with_vectors(article, vectors)`` when the caller has
        it (stored, ``analyses.py``); else it is analysed here."""
        if article.id in self.articles:
            return
        article = with_vectors(article, vectors)
        body = article.paragraphs
        if analysed is None:
            analysed = analyse_article(article, self.anchors)
        self.articles[article.id] = analysed
        for pid, text in body:
            self.texts[pid] = text
            self.article_of[pid] = article.id
            self.vectors[pid] = np.asarray(vectors[pid], dtype=np.float32)
        self.rows[article.id] = [pid for pid, _ in body]

    def context(self, article: int) -> ArticleContext:
        """The article's context (``context.py``), built when first asked for: most articles a
        new one meets are only ever scored on a paragraph or two."""
        found = self.contexts.get(article)
        if found is None:
            rows = self.rows[article]
            matrix = np.stack([self.vectors[p] for p in rows]) if rows else np.zeros((0, 0))
            found = self.contexts[article] = article_context(self.articles[article], matrix)
        return found

    def best_matches(self, a: int, b: int) -> set[tuple[int, int]]:
        """Pairs (low id, high id) of articles ``a`` and ``b`` whose paragraphs are each the
        other's closest in its article."""
        key = (min(a, b), max(a, b))
        found = self._best.get(key)
        if found is None:
            ra, rb = self.rows[key[0]], self.rows[key[1]]
            found = set()
            if ra and rb:
                sims = self.context(key[0]).matrix @ self.context(key[1]).matrix.T
                best_b, best_a = sims.argmax(axis=1).tolist(), sims.argmax(axis=0).tolist()
                for i, j in enumerate(best_b):
                    if best_a[j] == i:  # each is the other's closest
                        found.add((min(ra[i], rb[j]), max(ra[i], rb[j])))
            self._best[key] = found
        return found

    def article_part(self, a: int, b: int) -> float:
        """The article part of the score of any paragraph pair of articles ``a`` and ``b``."""
        key = (min(a, b), max(a, b))
        found = self._article_parts.get(key)
        if found is None:
            w = self.weights
            if w.article_lift or w.article_veto:
                signals = article_signals(self.context(key[0]), self.context(key[1]))
                fa, fb = self.articles[key[0]], self.articles[key[1]]
                logit = w.article_model.logit(signals)
                found = w.article(logit, gap_days(fa, fb), fa.recalls or fb.recalls)
            else:
                found = 0.0
            self._article_parts[key] = found
        return found

    def _base(self, a: int, b: int) -> tuple[float, Evidence]:
        key = (min(a, b), max(a, b))
        if key not in self._base_scores:
            lo, hi = key
            cosine = float(self.vectors[lo] @ self.vectors[hi])
            a_lo, a_hi = self.article_of[lo], self.article_of[hi]
            self._base_scores[key] = score_pair(
                lo, hi, self.articles[a_lo], self.articles[a_hi], cosine, self.weights,
                self.article_part(a_lo, a_hi),
            )  # fmt: skip
        return self._base_scores[key]

    def _base_score(self, lo: int, hi: int) -> tuple[float, float]:
        """The pair's base score and the article part it took (no evidence: the hot path)."""
        key = (lo, hi)
        found = self._base_quick.get(key)
        if found is None:
            fa, fb = self.articles[self.article_of[lo]], self.articles[self.article_of[hi]]
            cosine = float(self.vectors[lo] @ self.vectors[hi])
            article = self.article_part(self.article_of[lo], self.article_of[hi])
            found = pair_score(lo, hi, fa, fb, cosine, self.weights, article)
            self._base_quick[key] = found
        return found

    def _borrowed(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Strong predecessor links a continuing paragraph borrows (``scoring.thread_pairs``).

        Only the predecessor's own (base) score counts, so threads do not chain.
        """
        fa = self.articles[self.article_of[lo]].paragraphs[lo]
        fb = self.articles[self.article_of[hi]].paragraphs[hi]
        return [
            (x, y)
            for x, y in thread_pairs(fa, fb, lo, hi)
            if x in self.vectors and y in self.vectors
            and self._base_score(min(x, y), max(x, y))[0] >= self.weights.lend
        ]  # fmt: skip

    def pair(self, a: int, b: int) -> tuple[float, Evidence]:
        """The pair's score and evidence, with the thread bonus."""
        key = (min(a, b), max(a, b))
        if key not in self._scores:
            score, evidence = self._base(*key)
            borrowed = self._borrowed(*key)
            if borrowed:
                score += self.weights.thread
                parts = {**evidence["parts"], "thread": self.weights.thread}
                thread = [list(p) for p in borrowed]
                evidence = {**evidence, "thread": thread, "parts": parts}
            self._scores[key] = (score, evidence)
        return self._scores[key]

    def score(self, a: int, b: int) -> float:
        """``pair(a, b)[0]`` without building the evidence (the hot path of grouping)."""
        key = (min(a, b), max(a, b))
        if key in self._scores:
            return self._scores[key][0]
        found = self._quick.get(key)
        if found is None:
            found = self._base_score(*key)[0]
            if self._borrowed(*key):
                found += self.weights.thread
            self._quick[key] = found
        return found

    def edges(self, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """The candidate pairs (of different articles) that score at least ``link``, each once
        as (low id, high id)."""
        w = self.weights
        floor, link = w.min_cosine, w.link
        # Everything but the article part at its most: a pair that cannot reach ``link`` with
        # it is not scored at all (most topical pairs of different-event articles).
        others = w.bonus_max - w.article_lift
        unique = sorted(
            {(min(a, b), max(a, b)) for a, b in pairs if self.article_of[a] != self.article_of[b]}
        )
        out = []
        for (a, b), cosine in zip(unique, self._cosines(unique), strict=True):
            art_a, art_b = self.article_of[a], self.article_of[b]
            if (
                cosine < floor
                or w.cosine * cosine + others + self.article_part(art_a, art_b) < link
            ):
                continue
            score = self.score(a, b)
            if score < link:
                continue
            # The article lift makes a pair an edge only between a paragraph and its closest
            # paragraph in the other article: it still joins two reports of one event, but
            # many copies of one story no longer link every paragraph to every other (one
            # giant part of the graph to regroup). Inside a part, grouping uses the full score.
            lift = self._base_score(a, b)[1]  # what the pair took, not what it might have
            if lift <= 0 or score - lift >= link or (a, b) in self.best_matches(art_a, art_b):
                out.append((a, b))
        return out

    def _cosines(self, pairs: Sequence[tuple[int, int]], chunk: int = 20_000) -> list[float]:
        """Each pair's cosine, in numpy chunks (a dot product per pair in Python is slow)."""
        out: list[float] = []
        for start in range(0, len(pairs), chunk):
            part = pairs[start : start + chunk]
            left = np.stack([self.vectors[a] for a, _ in part])
            right = np.stack([self.vectors[b] for _, b in part])
            out += np.einsum("ij,ij->i", left, right).tolist()
        return out

    def events(self, nodes: Sequence[int]) -> MatchResult:
        """Events and alignments of one connected component."""
        result = MatchResult()
        w = self.weights
        matrix = self.score_matrix(nodes)
        row = {n: i for i, n in enumerate(matrix.nodes)}
        for members in group_matrix(matrix, w.merge, w.extend):
            index = len(result.events)
            pairs = partner_pairs(matrix, members, PARTNERS)
            for a, b in pairs:
                score, evidence = self.pair(a, b)
                result.alignments.append(AlignmentResult(a, b, round(score, 4), evidence, index))
            means = means_to(matrix, [row[m] for m in members])
            scored = tuple((m, round(float(means[row[m]]), 4)) for m in members)
            result.events.append(self._describe(members, pairs, scored))
        return result

    def score_matrix(
        self, nodes: Iterable[int], k: int = NEIGHBOURS, full: int = FULL_PART
    ) -> ScoreMatrix:
        """The component's pair scores for grouping.

        Each paragraph's ``k`` nearest of other articles in the component (ties kept), either
        way round, get their full score; every other pair a cheap one: the embedding part and
        the article veto, without the bonuses or the lift (``cheap_scores``). A component of at
        most ``full`` (or ``k + 1``) paragraphs is scored in full. On many copies of one story a
        component holds thousands of paragraphs of one topic: scoring all their pairs is what made
        matching quadratic, while the far pairs only ever weigh on a mean as "not alike".
        Depends on the component alone, so a rebuild and an incremental match agree.
        """
        order = sorted(nodes)
        arts = [self.article_of[n] for n in order]
        cross = cross_articles(arts)
        vectors = np.stack([self.vectors[n] for n in order]).astype(np.float32)
        sims = vectors @ vectors.T
        near = cross.copy()
        if len(order) > max(k + 1, full):
            masked = np.where(cross, sims, -np.inf)
            kth = np.partition(masked, -k, axis=1)[:, -k]
            near &= masked >= kth[:, None]
            near |= near.T
        scores = self.cheap_scores(arts, sims)
        for i, j in zip(*np.nonzero(np.triu(near)), strict=True):
            scores[i, j] = scores[j, i] = self.score(order[i], order[j])
        scores[~cross] = 0.0
        return ScoreMatrix(order, scores, cross)

    def cheap_scores(self, arts: Sequence[int], sims: np.ndarray) -> np.ndarray:
        """``cosine·w_cosine`` plus the article part when it is a veto, for every pair."""
        distinct = sorted(set(arts))
        at = {a: i for i, a in enumerate(distinct)}
        veto = np.zeros((len(distinct), len(distinct)))
        for i, a in enumerate(distinct):
            for j in range(i + 1, len(distinct)):
                veto[i, j] = veto[j, i] = min(self.article_part(a, distinct[j]), 0.0)
        index = np.array([at[a] for a in arts], dtype=np.int64)
        return self.weights.cosine * sims.astype(np.float64) + veto[np.ix_(index, index)]

    def _describe(
        self,
        members: list[int],
        pairs: list[tuple[int, int]],
        scored: tuple[tuple[int, float], ...],
    ) -> EventResult:
        terms = key_terms(self, pairs)
        period = event_period(self, members)
        passages = [(self.article_of[m], self.texts[m]) for m in members]
        label = event_label(passages, period.label if period else None, terms[:LABEL_TERMS])
        return EventResult(scored, label, period, tuple(terms[:KEY_TERMS]))


@functools.cache
def _names_nobody(term: str) -> bool:
    return all(w in ROLES for w in term.split(" "))


def key_terms(corpus: Corpus, pairs: list[tuple[int, int]]) -> list[str]:
    """The names and terms the event's alignments share most, as written in the text."""
    weight: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for a, b in pairs:
        art_a = corpus.articles[corpus.article_of[a]]
        art_b = corpus.articles[corpus.article_of[b]]
        fa, fb = art_a.paragraphs[a], art_b.paragraphs[b]
        for t in fa.terms & fb.terms | fa.entities & fb.entities | fa.phrases & fb.phrases:
            if _names_nobody(t):
                continue  # "Prime Minister" names nobody in particular
            boost = 1.5 if t in fa.entities or t in fa.phrases else 1.0
            boost *= 1.3 if " " in t else 1.0  # "security guarantees" says more than "security"
            weight[t] += boost * rarity(t) / (art_a.df[t] * art_b.df[t]) ** 0.5
            surface.setdefault(t, fa.surface.get(t, t))
    ranked = sorted(weight, key=lambda t: (-round(weight[t], 6), t))
    chosen: list[str] = []
    for t in ranked:
        # "Boris Johnson" makes "Johnson" redundant, and the other way round.
        if any(t in c.split(" ") or c in t.split(" ") for c in chosen):
            continue
        chosen.append(t)
    return [surface[t] for t in chosen]


def event_period(corpus: Corpus, members: list[int]) -> Period | None:
    """The month (else year) that the periods of most of the event's articles point at.

    Ties go to the month more paragraphs date precisely, then to the narrower period.
    """
    spans: list[tuple[int, int, Period]] = []
    for m in members:
        art = corpus.article_of[m]
        features = corpus.articles[art].paragraphs[m]
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

    return max(candidates, key=support)


def candidate_pairs(
    ids: Sequence[int],
    matrix: np.ndarray,
    min_cosine: float,
    k: int = NEIGHBOURS,
    block: int = 2048,
) -> list[tuple[int, int]]:
    """Pairs (i < j by id order in ``ids``) with cosine ≥ ``min_cosine`` where one is among the
    other's ``k`` nearest (ties at the k-th kept), blockwise."""
    found: set[tuple[int, int]] = set()
    for start in range(0, len(ids), block):
        sims = matrix[start : start + block] @ matrix.T
        rows, cols = np.nonzero(nearest(sims, np.arange(start, start + len(sims)), k, min_cosine))
        for r, c in zip((rows + start).tolist(), cols.tolist(), strict=True):
            found.add((r, c) if r < c else (c, r))
    return [(ids[r], ids[c]) for r, c in sorted(found)]


def nearest(sims: np.ndarray, own: np.ndarray, k: int, min_cosine: float) -> np.ndarray:
    """Mask of each row's ``k`` nearest columns (its own column ``own[row]`` left out, ties at
    the k-th kept) with cosine ≥ ``min_cosine``; the pgvector query's rule, done in memory."""
    sims = sims.copy()
    sims[np.arange(len(sims)), own] = -np.inf
    keep = sims >= min_cosine
    if sims.shape[1] > k:
        kth = np.partition(sims, -k, axis=1)[:, -k]
        keep &= sims >= kth[:, None]
    return keep


def match(
    articles: Sequence[ArticleInput],
    vectors: Mapping[int, np.ndarray],
    weights: Weights = DEFAULT_WEIGHTS,
    anchors: Iterable[Anchor] = (),
) -> MatchResult:
    """Match a whole corpus from scratch."""
    corpus = Corpus(weights, anchors)
    for article in articles:
        corpus.add(article, vectors)
    ids = sorted(corpus.vectors)
    if not ids:
        return MatchResult()
    matrix = np.stack([corpus.vectors[i] for i in ids])
    edges = corpus.edges(candidate_pairs(ids, matrix, weights.min_cosine))
    result = MatchResult()
    for component in components({n for e in edges for n in e}, edges):
        result.extend(corpus.events(component))
    return result
