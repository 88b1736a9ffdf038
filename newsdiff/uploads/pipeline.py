"""What a worker does with one uploaded file: the stages of ``ingest.ingest`` for one item.

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
import logging
from typing import Any

from django.db.models import F
from django.utils import timezone

from newsdiff.articles.ingest import Steps
from newsdiff.articles.sources import IngestError, Source, check_size
from newsdiff.lib.fields import fit
from newsdiff.uploads.ingest import ingest, match
from newsdiff.uploads.models import BatchItem

logger = logging.getLogger(__name__)
State = BatchItem.State


class LostClaim(Exception):
    """The item was retried (or deleted) while this worker held it: stop, write nothing."""


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


def _run(item: BatchItem) -> None:
    """Ingest the item's file and match it; each stage is recorded as it is reached."""
    saved = item.article if not item.duplicate else None
    if saved is not None:  # the article was saved before a crash: resume at matching
        if item.state != State.MATCHING:
            advance(item, State.MATCHING)
        match([saved], lambda: advance(item, State.DONE))
        return
    check_size(item.name, item.size)  # a file refused as too large has no bytes to parse
    report = ingest(
        [Source(name=item.name, data=bytes(item.original), meta=item.meta)],
        # A dateline's year: the upload's day, however late a retry.
        received=timezone.localdate(item.batch.created),
        uploaded_by=item.batch.created_by,
        steps=Steps(
            embedding=lambda: advance(item, State.EMBEDDING),
            saved=lambda article: advance(item, State.MATCHING, article=article, duplicate=False),
        ),
        matched=lambda: advance(item, State.DONE),
    )
    if report.failures:
        raise report.failures[0]
    for _, article in report.duplicates:  # the same text was saved before (the file, again)
        problem = f"duplicate of article {article.pk} ({article.title})"
        fail(item, problem, article=article, duplicate=True)


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
        _run(item)
    except LostClaim:
        logger.warning("upload item %s was taken over by a retry; dropping this attempt", item_id)
        return "lost"
    except IngestError as exc:
        fail(item, exc.problem)
    except Exception as exc:
        # A bug or a database outage: the item says so and stays retryable; the task result
        # keeps the traceback.
        fail(item, f"internal error ({type(exc).__name__}: {exc}); retry, or report it")
        raise
    return item.state
