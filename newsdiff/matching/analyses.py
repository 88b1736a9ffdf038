"""Stored article analyses: the matcher reads an article's terms, names and dates instead of
working them out again each time a new article lands next to it.

Analysing an article costs 10-20 ms, and matching one new article meets hundreds of stored ones
(every article holding a neighbour of one of its paragraphs, ~250 at 100k paragraphs, ~800 at
1M); reading and decoding a stored analysis costs about a millisecond. An analysis is analysed
once, when its article is first aligned (or by ``manage.py analyse``), and stays valid while:

- ``version``: the analysis code (the source of the modules it runs) and the time anchors are
  the same, so a change to either invalidates every row at once;
- ``digest``: the analysed input is the same (outlet, publication date, the body paragraphs that
  have a vector, and their texts), so an edited or re-embedded article is analysed again.

A row that fails either check is analysed afresh and replaced once the matching transaction
has committed, in a short transaction of its own (``save``): two workers matching at once may
each need the other's new article analysed, and writing inside their long transactions would
make them wait on each other's rows, or deadlock.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path

from django.db import transaction

from newsdiff.lib import codec, dates, words
from newsdiff.matching import features, timex
from newsdiff.matching.features import ArticleFeatures, ArticleInput, analyse_article
from newsdiff.matching.models import ArticleAnalysis
from newsdiff.matching.timex import Anchor

# The modules whose code decides what an analysis holds, and how it is stored.
ANALYSIS_CODE = (features, timex, words, dates, codec)
CHUNK = 1000  # articles per query: bounds the stored text held at once


def _hash(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part)
    return h.hexdigest()


@functools.cache
def version(anchors: tuple[Anchor, ...]) -> str:
    """The analysis code and time anchors in force, as a short hash."""
    sources = [Path(m.__file__ or "").read_bytes() for m in ANALYSIS_CODE]
    return _hash(*sources, repr(anchors).encode())


def digest(article: ArticleInput) -> str:
    """What the analysis of ``article`` depends on (every field of its input but the id, the
    row's key), as a short hash."""
    body = tuple((pid, text) for pid, text in article.paragraphs)  # a list reads otherwise
    return _hash(repr(dataclasses.replace(article, id=0, paragraphs=body)).encode())


def dumps(analysis: ArticleFeatures) -> str:
    return codec.dumps(analysis)


def loads(data: str) -> ArticleFeatures:
    decoded: ArticleFeatures = codec.loads(ArticleFeatures, data)
    return decoded


def analysed(
    articles: Sequence[ArticleInput], anchors: tuple[Anchor, ...]
) -> dict[int, ArticleFeatures]:
    """Each article's analysis, by id: the stored one where it is still valid, else analysed
    now, and stored when the caller's transaction commits."""
    current = version(anchors)
    found: dict[int, ArticleFeatures] = {}
    fresh: list[ArticleAnalysis] = []
    for start in range(0, len(articles), CHUNK):
        chunk = articles[start : start + CHUNK]
        stored = {
            aid: (key, data)
            for aid, key, data in ArticleAnalysis.objects.filter(
                article_id__in=[a.id for a in chunk], version=current
            ).values_list("article_id", "digest", "data")
        }
        for article in chunk:
            key = digest(article)
            row = stored.get(article.id)
            if row is not None and row[0] == key:
                found[article.id] = loads(row[1])
                continue
            found[article.id] = analysis = analyse_article(article, anchors)
            fresh.append(
                ArticleAnalysis(
                    article_id=article.id, version=current, digest=key, data=dumps(analysis)
                )
            )
    if fresh:
        # Robust: a failed write (the article deleted meanwhile) only costs a later analysis.
        transaction.on_commit(functools.partial(save, fresh), robust=True)
    return found


def save(rows: list[ArticleAnalysis]) -> None:
    """Insert or replace, in article order, in one transaction (two workers storing the same
    articles lock their rows in the same order: one waits, neither deadlocks)."""
    with transaction.atomic():
        ArticleAnalysis.objects.bulk_create(
            sorted(rows, key=lambda r: r.article_id),
            batch_size=200,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["version", "digest", "data"],
        )
