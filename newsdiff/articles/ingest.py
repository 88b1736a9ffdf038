"""Parse, embed and save articles: the part of ingest below the matcher.

Sources are parsed first (cheap); the new ones (the one duplicate check, by content hash, a
query per chunk) have the body paragraphs of many articles embedded in one batched ``encode``
call (the expensive part); then each article is written in its own transaction together with
its paragraphs and vectors, so an article is never half-written. Matching the new articles into
events is the next step, which needs the matcher: every entry point (``manage.py ingest``, the
upload worker) calls ``uploads.ingest.ingest``, which runs this and then matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from newsdiff.articles.embeddings import Encoder, get_encoder
from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding, is_matched
from newsdiff.articles.sources import IngestError, ParsedArticle, Source, parse

# Articles encoded per model call, and the most bytes of source files a chunk holds (each parsed
# article keeps its original bytes): bounds memory on big ingests. sentence-transformers sorts a
# call's texts by length into batches, so larger calls pad less: 300 articles in chunks of 128
# took 8% longer to encode than in one call.
CHUNK = 512
CHUNK_BYTES = 64 * 2**20


@dataclass
class IngestReport:
    created: list[Article] = field(default_factory=list)
    duplicates: list[tuple[str, Article]] = field(default_factory=list)  # (source name, existing)
    failures: list[IngestError] = field(default_factory=list)
    paragraphs: int = 0  # body paragraphs embedded and saved


def _nothing(*args: object) -> None:
    pass


@dataclass(frozen=True)
class Steps:
    """Told as an ingest goes (the upload worker records its item's stage from these)."""

    embedding: Callable[[], None] = _nothing  # the model is about to run on new articles
    # Called inside the transaction that saves the article: a caller's own write (an upload
    # item's move on) commits with the article or not at all.
    saved: Callable[[Article], None] = _nothing


def save_parsed(
    parsed: ParsedArticle,
    vectors: np.ndarray,
    model_name: str,
    uploaded_by: User | None = None,
    saved: Callable[[Article], None] = _nothing,
) -> tuple[Article, bool]:
    """Write one article, its paragraphs and body embeddings atomically (with ``saved``).

    Returns (article, created); when an article with the same content hash exists (saved since
    the duplicate check, by another process or earlier in the same chunk), the unique
    constraint refuses the insert and that article is returned.
    """
    try:
        with transaction.atomic():
            outlet, _ = Outlet.objects.get_or_create(name=parsed.outlet)
            article = Article.objects.create(
                title=parsed.title,
                outlet=outlet,
                url=parsed.url,
                published=parsed.published,
                published_precision=parsed.published_precision,
                language=parsed.language,
                outlet_how=parsed.outlet_how,
                published_how=parsed.published_how,
                how_known=parsed.how_known,
                original=parsed.source.data,
                source_file=parsed.source.name,
                source_format=parsed.source.format,
                content_hash=parsed.content_hash,
                uploaded_by=uploaded_by,
            )
            paragraphs = Paragraph.objects.bulk_create(
                Paragraph(
                    article=article, position=i, text=line.text, kind=line.kind, reason=line.reason
                )
                for i, line in enumerate(parsed.lines)
            )
            matched = [p for p in paragraphs if is_matched(p.kind, p.reason)]
            ParagraphEmbedding.objects.bulk_create(
                ParagraphEmbedding(paragraph=p, model_name=model_name, vector=v)
                for p, v in zip(matched, vectors, strict=True)
            )
            saved(article)
    except IntegrityError:
        return Article.objects.get(content_hash=parsed.content_hash), False
    return article, True


def _save_chunk(
    chunk: list[ParsedArticle],
    encoder: Encoder | None,
    uploaded_by: User | None,
    report: IngestReport,
    steps: Steps,
) -> Encoder | None:
    """Embed the new articles of ``chunk`` in one batch and save each; returns the encoder."""
    hashes = [p.content_hash for p in chunk]
    known = {a.content_hash: a for a in Article.objects.filter(content_hash__in=hashes)}
    new = [p for p in chunk if p.content_hash not in known]
    report.duplicates += [
        (p.source.name, known[p.content_hash]) for p in chunk if p.content_hash in known
    ]
    if not new:
        return encoder
    steps.embedding()
    encoder = encoder or get_encoder()  # loaded only when there is something to embed
    vectors = encoder.encode([text for parsed in new for text in parsed.matched])
    start = 0
    for parsed in new:
        count = len(parsed.matched)
        article, created = save_parsed(
            parsed, vectors[start : start + count], encoder.name, uploaded_by, steps.saved
        )
        start += count
        if created:
            report.created.append(article)
            report.paragraphs += len(parsed.body)
        else:  # the same text twice in one chunk: the first copy was just saved
            report.duplicates.append((parsed.source.name, article))
    return encoder


def ingest_sources(
    sources: Iterable[Source],
    *,
    default_outlet: str = "",
    received: dt.date | None = None,
    uploaded_by: User | None = None,
    encoder: Encoder | None = None,
    progress: Callable[[int], None] | None = None,
    steps: Steps | None = None,
) -> IngestReport:
    """Parse, embed and save every source; failures are collected, never raised.

    ``received``: the day the files arrived, for a dateline without a year. Matching the new
    articles into events is the caller's next step (``uploads.ingest``): articles sit below
    matching.
    """
    report, steps = IngestReport(), steps or Steps()
    chunk: list[ParsedArticle] = []
    held = 0  # bytes of the chunk's sources
    for source in sources:
        try:
            chunk.append(parse(source, default_outlet, received))
            held += len(source.data)
        except IngestError as exc:
            report.failures.append(exc)
            if progress:
                progress(1)
        if len(chunk) >= CHUNK or held >= CHUNK_BYTES:
            held = 0
            encoder = _save_chunk(chunk, encoder, uploaded_by, report, steps)
            if progress:
                progress(len(chunk))
            chunk = []
    if chunk:
        _save_chunk(chunk, encoder, uploaded_by, report, steps)
        if progress:
            progress(len(chunk))
    return report
