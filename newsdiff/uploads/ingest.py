"""The one ingest path: parse, embed, save (``articles.ingest``), then match into events.

``manage.py ingest`` and the upload worker (``pipeline``) both come through ``ingest``; a
correction of an article's outlet or date comes through ``correct``. It lives here, above both
the articles and the matcher, because it is the one place that needs both: articles sit below
the matcher and cannot call it, and the matcher's service stays the matcher's boundary with the
database, knowing nothing of files, encoders or progress bars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

from newsdiff.articles.ingest import IngestReport, ingest_sources
from newsdiff.articles.models import Article
from newsdiff.articles.sources import Source
from newsdiff.matching.service import align_articles


def ingest(
    sources: Iterable[Source], *, matched: Callable[[], None] | None = None, **options: Any
) -> IngestReport:
    """``articles.ingest.ingest_sources`` (same options), then match the new articles.

    ``matched``: called in the transaction that writes the new articles' events (the worker
    records its item as done there); only when something new was saved.
    """
    report = ingest_sources(sources, **options)
    if report.created:
        match(report.created, matched)
    return report


def match(articles: list[Article], then: Callable[[], None] | None = None) -> None:
    """Match saved articles into events; ``then`` commits with the events."""
    ids = [a.pk for a in articles]
    if then is None:  # outside any transaction, the matcher may search on side connections
        align_articles(ids)
        return
    with transaction.atomic():
        align_articles(ids)
        then()


def correct(article: Article, outlet: str, published: dt.date | None, by: str) -> None:
    """Correct an article's outlet and/or date and match it again, in one transaction: the
    matcher's scores depend on both (dates resolve against the publication date)."""
    with transaction.atomic():
        article.correct(outlet, published, by)
        align_articles([article.pk])
