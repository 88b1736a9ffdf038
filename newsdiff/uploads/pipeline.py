"""What a worker does with one uploaded file: extract, embed, save, match.

Worker side only: queueing work (a new batch, a retry) is ``tasks.py``'s.

Every state change is a compare-and-set on (state, attempts): a claim bumps ``attempts``, and
a worker moves an item on only while its attempt is still the current one. A worker that dies
leaves its item "in progress" with an old heartbeat; the batch page offers a retry, which
re-queues it, and the dead worker (should it wake up) can no longer write to it.

The article, its paragraphs and vectors are written in one transaction together with the
item's move to "matching", so an item is either before the save (re-run from the bytes) or
after it (resume at matching); never half-ingested.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsdiff.articles.embeddings import get_encoder
from newsdiff.articles.ingest import save_parsed
from newsdiff.articles.models import Article
from newsdiff.articles.sources import IngestError, Source, check_size, parse
from newsdiff.lib.fields import fit
from newsdiff.matching.service import align_articles
from newsdiff.uploads.models import BatchItem

logger = logging.getLogger(__name__)
State = BatchItem.State


class LostClaim(Exception):
    """The item was retried (or deleted) while this worker held it: stop, write nothing."""


class Duplicate(IngestError):
    def __init__(self, name: str, article: Article) -> None:
        self.article = article
        super().__init__(name, f"duplicate of article {article.pk} ({article.title})")


def claim(item_id: int, worker: str) -> BatchItem | None:
    """Take a queued item for this worker, or None if another worker was first."""
    taken = BatchItem.objects.filter(pk=item_id, state=State.QUEUED).update(
        state=State.EXTRACTING,
        attempts=F("attempts") + 1,
        heartbeat=timezone.now(),
        worker=fit(BatchItem, "worker", worker),
        error="",
    )
    return BatchItem.objects.select_related("batch").get(pk=item_id) if taken else None


def advance(item: BatchItem, state: str, **fields: Any) -> None:
    moved = BatchItem.objects.filter(pk=item.pk, state=item.state, attempts=item.attempts).update(
        state=state, heartbeat=timezone.now(), **fields
    )
    if not moved:
        raise LostClaim(item.pk)
    item.state = state
    for name, value in fields.items():
        setattr(item, name, value)


def _ingest(item: BatchItem) -> Article:
    """Extract, embed and save the item's article; it moves to "matching" with the save."""
    check_size(item.name, item.size)  # a file refused as too large has no bytes to parse
    # A dateline's year is the upload's (the latest such day not after it), however late a retry.
    received = timezone.localdate(item.batch.created)
    parsed = parse(Source(name=item.name, data=bytes(item.original), meta=item.meta), "", received)
    existing = Article.objects.filter(content_hash=parsed.content_hash).first()
    if existing is not None:
        raise Duplicate(item.name, existing)
    advance(item, State.EMBEDDING)
    encoder = get_encoder()
    vectors = encoder.encode(parsed.matched)
    with transaction.atomic():
        article, created = save_parsed(parsed, vectors, encoder.name, item.batch.created_by)
        if not created:  # saved by another worker since our check (the same file twice)
            raise Duplicate(item.name, article)
        advance(item, State.MATCHING, article=article, duplicate=False)
    return article


def _match(item: BatchItem, article: Article) -> None:
    if item.state != State.MATCHING:
        advance(item, State.MATCHING)
    with transaction.atomic():
        align_articles([article.pk])
        advance(item, State.DONE)


def rematch(article: Article, outlet: str, published: dt.date | None, by: str) -> None:
    """Correct an article's outlet and/or date and match it again, in one transaction: the
    matcher's scores depend on both (dates resolve against the publication date)."""
    with transaction.atomic():
        article.correct(outlet, published, by)
        align_articles([article.pk])


def fail(item: BatchItem, message: str, **fields: Any) -> None:
    # A lost claim means a retry owns the item now; its outcome is the one to keep.
    with contextlib.suppress(LostClaim):
        advance(item, State.FAILED, error=message, **fields)


def process_item(item_id: int, worker: str = "") -> str:
    """Run one item through the stages; returns its final state (or "skipped")."""
    item = claim(item_id, worker)
    if item is None:
        return "skipped"
    try:
        # An item that saved its article before a crash resumes at matching.
        article = item.article if item.article_id and not item.duplicate else None
        _match(item, article or _ingest(item))
    except LostClaim:
        logger.warning("upload item %s was taken over by a retry; dropping this attempt", item_id)
        return "lost"
    except Duplicate as exc:
        fail(item, exc.problem, article=exc.article, duplicate=True)
    except IngestError as exc:
        fail(item, exc.problem)
    except Exception as exc:
        # A bug or a database outage: the item says so and stays retryable; the task result
        # keeps the traceback.
        fail(item, f"internal error ({type(exc).__name__}: {exc}); retry, or report it")
        raise
    return item.state
