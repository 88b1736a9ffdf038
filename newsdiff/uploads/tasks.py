"""Background tasks: one per uploaded file, so every worker on every machine takes a share."""

from __future__ import annotations

from django_tasks import TaskContext, task

from newsdiff.uploads.pipeline import process_item


@task(takes_context=True)
def process_upload(context: TaskContext, item_id: int) -> str:
    workers = context.task_result.worker_ids
    return process_item(item_id, worker=workers[-1] if workers else "")
