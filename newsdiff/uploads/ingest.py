"""The one ingest path: parse, embed, save (``articles.ingest``), then match into events.

``manage.py ingest`` and the upload worker (``pipeline``) both come through ``ingest``. Every
change to a stored article's outlet, date or text matches it again: a correction from its page
or its batch page, or a re-upload that replaces the earlier copy's (``replacement``), comes
through ``correct``; an edit in the Django admin through ``edited`` (``articles.signals``).

It lives here, above both the articles and the matcher, because it is the one place that needs
both: articles sit below the matcher and cannot call it, and the matcher's service stays the
matcher's boundary with the database, knowing nothing of files, encoders or progress bars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from newsdiff.articles.embeddings import get_encoder
from newsdiff.articles.ingest import IngestReport, ingest_sources
from newsdiff.articles.models import Article, Paragraph, ParagraphEmbedding
from newsdiff.articles.sources import IngestError, Source, parse
from newsdiff.matching.service import align_articles
from newsdiff.uploads.models import BatchItem, Replacement


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


def correct(article: Article, outlet: str, published: dt.date | None, by: str) -> bool:
    """Correct an article's outlet and/or date and match it again, in one transaction: the
    matcher's scores depend on both (dates resolve against the publication date). False when
    nothing changed (and nothing was matched)."""
    with transaction.atomic():
        changed = article.correct(outlet, published, by)
        if changed:
            align_articles([article.pk])
    return changed


def replacement(item: BatchItem, article: Article) -> Replacement:
    """The outlet and date a duplicate upload gives ``article`` (its earlier copy) where they
    differ from the stored ones: the batch page offers to let them replace those (``correct``)."""
    source = Source(name=item.name, data=bytes(item.original), meta=item.meta)
    try:
        parsed = parse(source, "", timezone.localdate(item.batch.created))
    except IngestError:
        return Replacement("", None)
    outlet = parsed.outlet if parsed.outlet_how != Article.How.UNKNOWN else ""
    if outlet.casefold() == article.outlet.name.casefold():
        outlet = ""
    published = parsed.published if parsed.published != article.published else None
    return Replacement(outlet, published)


def edited(article: Article, paragraphs: Collection[int], **signal: Any) -> None:
    """An article edited by hand: embed the paragraphs whose text changed, match it again."""
    with transaction.atomic():
        stale = Paragraph.objects.filter(pk__in=paragraphs)
        ParagraphEmbedding.objects.filter(paragraph__in=stale).delete()
        matched = list(stale.matched().order_by("position"))
        if matched:
            encoder = get_encoder()
            vectors = encoder.encode([p.text for p in matched])
            ParagraphEmbedding.objects.bulk_create(
                ParagraphEmbedding(paragraph=p, model_name=encoder.name, vector=v)
                for p, v in zip(matched, vectors, strict=True)
            )
        align_articles([article.pk])
