"""The corpus the matcher reads: analysed articles and their paragraph vectors.

Every stage reads it (the article context, the pair scorer, grouping, the description); it is
filled by ``match`` from memory or by the service from the stored corpus, an article at a time.
Plain Python and numpy: no Django imports.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import replace

import numpy as np

from newsdiff.matching.core.features import ArticleFeatures, ArticleInput, Features, analyse_article
from newsdiff.matching.core.timex import Anchor

Pair = tuple[int, int]  # two paragraph ids


def with_vectors(article: ArticleInput, vectors: Container[int]) -> ArticleInput:
    """The article as the matcher analyses it: only paragraphs that have a vector take part (a
    paragraph still to be embedded waits)."""
    body = tuple((pid, text) for pid, text in article.paragraphs if pid in vectors)
    return replace(article, paragraphs=body)


class Corpus:
    """Analysed articles, and each of their paragraphs' vector, text and article."""

    def __init__(self, anchors: Iterable[Anchor] = ()) -> None:
        self.anchors = tuple(anchors)
        self.articles: dict[int, ArticleFeatures] = {}
        self.article_of: dict[int, int] = {}
        self.vectors: dict[int, np.ndarray] = {}
        self.texts: dict[int, str] = {}  # for the event labels
        self.rows: dict[int, list[int]] = {}  # article -> its paragraph ids, in body order

    def add(
        self,
        article: ArticleInput,
        vectors: Mapping[int, np.ndarray],
        analysed: ArticleFeatures | None = None,
    ) -> None:
        """``analysed``: the analysis of ``with_vectors(article, vectors)`` when the caller has
        it (stored: ``store.analyses``); else it is analysed here."""
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

    def features(self, paragraph: int) -> Features:
        return self.articles[self.article_of[paragraph]].paragraphs[paragraph]

    def analysis_of(self, paragraph: int) -> ArticleFeatures:
        """The analysis of the paragraph's article."""
        return self.articles[self.article_of[paragraph]]
