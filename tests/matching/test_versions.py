"""The declared versions of stored analyses and edges move with what is stored.

A stored analysis or edge is read only under the version it was made with
(``newsdiff/matching/store/versions.py``). Here a small frozen corpus (the seed articles' body
paragraphs, ``versions_corpus.json``), embedded by the fake encoder, is analysed and matched, and a hash of the results is compared with the one recorded beside
each version: a change that alters them without bumping the version fails, and says what to do.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from newsdiff.lib import codec
from newsdiff.matching.core.candidates import candidate_pairs
from newsdiff.matching.core.corpus import Corpus
from newsdiff.matching.core.features import ArticleInput, analyse_article
from newsdiff.matching.core.links import link_edges
from newsdiff.matching.core.matcher import events_of
from newsdiff.matching.core.params import DEFAULT_PARAMS
from newsdiff.matching.core.scorer import PairScorer
from newsdiff.matching.core.timex import load_anchors
from newsdiff.matching.store import versions
from tests.conftest import FakeEncoder

VERSIONS = "newsdiff/matching/store/versions.py"
CORPUS = Path(__file__).with_name("versions_corpus.json")


def frozen_corpus() -> list[ArticleInput]:
    """The test corpus: the seed articles' body paragraphs as the ingest parser once read them,
    frozen here so that a change to the parser does not pass for one to the matcher."""
    rows = json.loads(CORPUS.read_text(encoding="utf-8"))
    return [
        ArticleInput(
            row["id"],
            row["outlet"],
            dt.date.fromisoformat(row["published"]) if row["published"] else None,
            tuple((pid, text) for pid, text in row["paragraphs"]),
        )
        for row in rows
    ]


def sha256(value: Any) -> str:
    """A hash of ``value`` that no set's or dict's order changes."""
    text = json.dumps(codec.encode(value), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def results() -> tuple[str, str, int, int]:
    """(hash of the analyses, hash of the edges, events and alignments; how many edges and
    events)."""
    anchors = load_anchors(None)
    articles = frozen_corpus()
    analyses = [analyse_article(a, anchors) for a in articles]
    texts = {pid: text for a in articles for pid, text in a.paragraphs}
    ids = sorted(texts)
    matrix = FakeEncoder().encode([texts[i] for i in ids])
    corpus = Corpus(anchors)
    for article, analysis in zip(articles, analyses, strict=True):
        corpus.add(article, dict(zip(ids, matrix, strict=True)), analysis)
    scorer = PairScorer(corpus, DEFAULT_PARAMS)
    found = candidate_pairs(ids, matrix, scorer.weights.min_cosine, DEFAULT_PARAMS.neighbours)
    edges = link_edges(scorer, found)
    matched = events_of(scorer, edges)
    return sha256(analyses), sha256([edges, matched]), len(edges), len(matched.events)


def test_the_analysis_version_is_bumped_when_the_analyses_change() -> None:
    got = results()[0]
    assert got == versions.ANALYSIS_RESULTS, (
        f"The analyses of the test corpus changed under ANALYSIS_VERSION = "
        f"{versions.ANALYSIS_VERSION}: stored analyses would be read as current. Bump "
        f'ANALYSIS_VERSION in {VERSIONS} and re-record ANALYSIS_RESULTS = "{got}".'
    )


def test_the_edge_version_is_bumped_when_the_edges_or_events_change() -> None:
    _, got, edges, events = results()
    assert edges and events  # the corpus exercises the scoring and the grouping
    assert got == versions.EDGE_RESULTS, (
        f"The edges, events or alignments of the test corpus changed under EDGE_VERSION = "
        f"{versions.EDGE_VERSION}: stored edges would be read as current. Bump EDGE_VERSION in "
        f'{VERSIONS} and re-record EDGE_RESULTS = "{got}".'
    )
