"""The matcher: paragraphs in, events and alignments out. Arrays and dataclasses only.

The pipeline, each stage with its own module and named data between them:

1. candidates (``candidates``): pairs of paragraphs of different articles among each other's
   ``params.NEIGHBOURS`` nearest, at a cosine of at least ``Weights.min_cosine`` (below it no
   evidence can lift a pair to ``link``);
2. score (``scoring.PairScorer``, with ``context.ArticlePairs`` for what the two articles say):
   the candidates that score ``link`` or above are the match graph's edges (``link_edges``);
3. group (``grouping``): each connected part of the graph is grouped on its score matrix into
   events that do not chain; people's corrections (``constraints``: must-link, cannot-link)
   add and remove edges, fix their pairs' scores and keep must-links in one event;
4. describe (``describe``): each paragraph of an event is aligned, with the evidence, to its
   ``params.PARTNERS`` strongest partners of other articles, and the event gets its label, key
   terms and period.

``match`` runs it on an in-memory corpus (the benchmarks, the tests); the service runs the same
stages on the part of the stored corpus a new article touches, and both turn the graph's parts
into events with ``events_of``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from newsdiff.matching.core.candidates import candidate_pairs
from newsdiff.matching.core.constraints import NO_CONSTRAINTS, Constraints
from newsdiff.matching.core.corpus import Corpus, Pair
from newsdiff.matching.core.describe import describe
from newsdiff.matching.core.features import ArticleInput
from newsdiff.matching.core.grouping import (
    components,
    group_matrix,
    means_to,
    partner_pairs,
    score_matrix,
)
from newsdiff.matching.core.params import DEFAULT_PARAMS, Params
from newsdiff.matching.core.results import AlignmentResult, MatchResult
from newsdiff.matching.core.scoring import PairScorer
from newsdiff.matching.core.timex import Anchor


def link_edges(scorer: PairScorer, pairs: Iterable[Pair]) -> list[Pair]:
    """The candidate pairs (of different articles) that score at least ``link``, each once
    as (low id, high id)."""
    corpus, w, article_pairs = scorer.corpus, scorer.weights, scorer.article_pairs
    floor, link = w.min_cosine, w.link
    # Everything but the article part at its most: a pair that cannot reach ``link`` with
    # it is not scored at all (most topical pairs of different-event articles).
    others = w.bonus_max - w.article_lift
    article_of = corpus.article_of
    unique = sorted({(min(a, b), max(a, b)) for a, b in pairs if article_of[a] != article_of[b]})
    out = []
    for (a, b), cosine in zip(unique, corpus.cosines(unique), strict=True):
        art_a, art_b = article_of[a], article_of[b]
        if cosine < floor or w.cosine * cosine + others + article_pairs.part(art_a, art_b) < link:
            continue
        score = scorer.score(a, b)
        if score < link:
            continue
        # The article lift makes a pair an edge only between a paragraph and its closest
        # paragraph in the other article: it still joins two reports of one event, but
        # many copies of one story no longer link every paragraph to every other (one
        # giant part of the graph to regroup). Inside a part, grouping uses the full score.
        lift = scorer.base(a, b)[1]  # what the pair took, not what it might have
        if lift <= 0 or score - lift >= link or (a, b) in article_pairs.best_matches(art_a, art_b):
            out.append((a, b))
    return out


def component_events(
    scorer: PairScorer, nodes: Sequence[int], rules: Constraints = NO_CONSTRAINTS
) -> MatchResult:
    """Events and alignments of one connected part of the match graph; people's decisions
    (``rules``) fix their pairs' scores, keep must-links together and cannot-links apart."""
    result = MatchResult()
    params = scorer.params
    matrix = score_matrix(scorer, nodes, params.neighbours, params.full_part)
    rules = rules.on(matrix.nodes)
    rules.constrain(matrix.nodes, matrix.scores)
    row = {n: i for i, n in enumerate(matrix.nodes)}
    grouped = group_matrix(matrix, params.weights.merge, params.weights.extend)
    for members in rules.together(grouped) if rules else grouped:
        index = len(result.events)
        pairs = [
            p for p in partner_pairs(matrix, members, params.partners) if p not in rules.cannot
        ]
        for a, b in pairs:
            score, evidence = scorer.scored(a, b)
            result.alignments.append(AlignmentResult(a, b, round(score, 4), evidence, index))
        means = means_to(matrix, [row[m] for m in members])
        scored = tuple((m, round(float(means[row[m]]), 4)) for m in members)
        result.events.append(describe(scorer.corpus, members, pairs, scored))
    return result


def events_of(
    scorer: PairScorer, edges: Iterable[Pair], rules: Constraints = NO_CONSTRAINTS
) -> MatchResult:
    """The events of the match graph of ``edges``: each connected part grouped alone (parts
    never interact, which is what makes an incremental match equal a rebuild). ``rules``:
    people's decisions; their cannot-links leave the graph here, while their must-links must
    be among ``edges`` already (``Constraints.edges`` adds them all, a walk those it reaches)."""
    vectors = scorer.corpus.vectors
    rules = Constraints(
        frozenset(p for p in rules.must if p[0] in vectors and p[1] in vectors), rules.cannot
    )
    graph = [e for e in edges if e not in rules.cannot and e[0] in vectors and e[1] in vectors]
    result = MatchResult()
    for component in components({n for e in graph for n in e}, graph):
        result.extend(component_events(scorer, component, rules))
    return result


def match(
    articles: Sequence[ArticleInput],
    vectors: Mapping[int, np.ndarray],
    params: Params = DEFAULT_PARAMS,
    anchors: Iterable[Anchor] = (),
    rules: Constraints = NO_CONSTRAINTS,
) -> MatchResult:
    """Match a whole corpus from scratch."""
    corpus = Corpus(anchors)
    for article in articles:
        corpus.add(article, vectors)
    ids = sorted(corpus.vectors)
    if not ids:
        return MatchResult()
    matrix = np.stack([corpus.vectors[i] for i in ids])
    scorer = PairScorer(corpus, params)
    found = candidate_pairs(ids, matrix, params.weights.min_cosine, params.neighbours)
    return events_of(scorer, rules.edges(link_edges(scorer, found)), rules)
