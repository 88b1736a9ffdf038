"""Queueing upload work: one background task per uploaded file, so every worker on every
machine takes a share. What a worker then does with its file is ``pipeline.py``."""

from __future__ import annotations

from django.db import transaction
from django_tasks import TaskContext, task

from newsdiff.uploads.models import BatchItem
from newsdiff.uploads.pipeline import process_item


@task(takes_context=True)
def process_upload(context: TaskContext, item_id: int) -> str:
    workers = context.task_result.worker_ids
    return process_item(item_id, worker=workers[-1] if workers else "")


def enqueue(items: list[BatchItem]) -> None:
    """Queue the queued items of a new batch (inside its transaction: the queue is a table in
    the same database, so the batch and its tasks exist together or not at all)."""
    for item in items:
        if item.state == BatchItem.State.QUEUED:
            process_upload.enqueue(item.pk)


def requeue(item: BatchItem) -> bool:
    """Queue a failed or stale item again; False when it is neither (nothing to do)."""
    with transaction.atomic():
        queued = (
            BatchItem.objects.retryable()
            .filter(pk=item.pk)
            .update(state=BatchItem.State.QUEUED, error="", transient=False, heartbeat=None)
        )
        if queued:
            process_upload.enqueue(item.pk)
    return bool(queued)
