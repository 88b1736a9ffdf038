"""The matcher: paragraphs in, events and alignments out. Arrays and dataclasses only.

The pipeline, each stage with its own module and named data between them:

1. candidates (``candidates``): pairs of paragraphs of different articles among each other's
   ``params.NEIGHBOURS`` nearest, at a cosine of at least ``Weights.min_cosine`` (below it no
   evidence can lift a pair to ``link``);
2. score (``scorer.PairScorer``, with ``context.ArticlePairs`` for what the two articles say):
   the candidates that score ``link`` or above are the match graph's edges
   (``links.link_edges``);
3. group (``grouping``): each connected part of the graph is grouped on its score matrix into
   events that do not chain; people's corrections (``constraints``: must-link, cannot-link)
   add and remove edges, fix their pairs' scores and keep must-links in one event;
4. describe (``describe``): each paragraph of an event is aligned, with the evidence, to its
   ``params.PARTNERS`` strongest partners of other articles, and the event gets its label, key
   terms and period.

``match`` runs it on an in-memory corpus (the benchmarks, the tests); the service runs the same
stages on the part of the stored corpus a new article touches, and both turn the graph's edges
into events with ``events_of``.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence

import numpy as np

from newsdiff.matching.core.candidates import candidate_pairs
from newsdiff.matching.core.constraints import NO_CONSTRAINTS, Constraints
from newsdiff.matching.core.corpus import Corpus, Pair
from newsdiff.matching.core.describe import describe
from newsdiff.matching.core.enclosed import enclosed
from newsdiff.matching.core.evidence import with_against
from newsdiff.matching.core.features import ArticleInput
from newsdiff.matching.core.grouping import (
    components,
    group_matrix,
    means_to,
    partner_pairs,
    score_matrix,
)
from newsdiff.matching.core.holding import Before, regroup_part
from newsdiff.matching.core.links import link_edges
from newsdiff.matching.core.params import DEFAULT_PARAMS, Params
from newsdiff.matching.core.results import AlignmentResult, MatchResult
from newsdiff.matching.core.scorer import PairScorer
from newsdiff.matching.core.timex import Anchor


def component_events(
    scorer: PairScorer,
    nodes: Sequence[int],
    rules: Constraints = NO_CONSTRAINTS,
    before: Before | None = None,
    lone: Container[int] = (),
) -> MatchResult:
    """Events and alignments of one connected part of the match graph; people's decisions
    (``rules``) fix their pairs' scores, keep must-links together and cannot-links apart;
    ``before``: the events that held there before this match, to regroup from (``holding``);
    ``lone``: the paragraphs with no edge, which an event its article tells them within takes
    in (``enclosed``)."""
    result = MatchResult()
    params = scorer.params
    matrix = score_matrix(scorer, nodes, params.neighbours, params.full_part)
    cannot = rules.cannot  # all of them: an enclosed paragraph is no node of the part
    rules = rules.on(matrix.nodes)
    rules.constrain(matrix.nodes, matrix.scores)
    row = {n: i for i, n in enumerate(matrix.nodes)}
    if before and before.within(row):
        groups, against = regroup_part(scorer, matrix, before, rules.cannot)
    else:
        groups, against = group_matrix(matrix, *scorer.grouping(matrix.nodes)), {}
    for members in rules.together(groups) if rules else groups:
        index = len(result.events)
        pairs = [
            p for p in partner_pairs(matrix, members, params.partners) if p not in rules.cannot
        ]
        for a, b in pairs:
            score, evidence = scorer.scored(a, b)
            if (a, b) in against:
                why = against[a, b]
                evidence = with_against(evidence, why.event, why.member, list(why.conflicts))
            result.alignments.append(AlignmentResult(a, b, round(score, 4), evidence, index))
        means = means_to(matrix, [row[m] for m in members])
        scored = tuple((m, round(float(means[row[m]]), 4)) for m in members)
        taken = enclosed(scorer, members, pairs, lone, params.partners, cannot)
        for found in taken:
            for (a, b), _ in found.pairs:
                score, evidence = scorer.scored(a, b)
                evidence["enclosed"] = list(found.between)
                result.alignments.append(AlignmentResult(a, b, round(score, 4), evidence, index))
                pairs.append((a, b))
        if taken:
            scored = tuple(sorted(scored + tuple((f.paragraph, round(f.mean, 4)) for f in taken)))
            members, pairs = [m for m, _ in scored], sorted(pairs)
        result.events.append(describe(scorer.corpus, members, pairs, scored))
    return result


def events_of(
    scorer: PairScorer,
    edges: Iterable[Pair],
    rules: Constraints = NO_CONSTRAINTS,
    before: Before | None = None,
) -> MatchResult:
    """The events of the match graph of ``edges``: each connected part grouped alone (parts
    never interact), from the events that held there ``before`` when given. ``rules``:
    people's decisions; their cannot-links leave the graph here, while their must-links must
    be among ``edges`` already (``Constraints.edges`` adds them all, a walk those it reaches)."""
    vectors = scorer.corpus.vectors
    rules = Constraints(
        frozenset(p for p in rules.must if p[0] in vectors and p[1] in vectors), rules.cannot
    )
    graph = [e for e in edges if e not in rules.cannot and e[0] in vectors and e[1] in vectors]
    nodes = {n for e in graph for n in e}
    lone = {p for p in vectors if p not in nodes}
    result = MatchResult()
    for component in components(nodes, graph):
        result.extend(component_events(scorer, component, rules, before, lone))
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
