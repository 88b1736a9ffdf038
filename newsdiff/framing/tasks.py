"""Finding an event's differences ahead of its pages: after a match writes events, a task
worker (which holds the parser and the embedding model already) finds the differences of
their pairs and stores them (``engine.warm``), so no reader waits for the parse of whole
articles. Off with ``NEWSDIFF_WARM_DIFFERENCES=0``: the pages then find them on first view."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from newsdiff.framing import engine


@task()
def warm_differences(event_ids: list[int]) -> int:
    return engine.warm(event_ids)


def on_events_written(sender: Any, event_ids: list[int], **kwargs: Any) -> None:
    """Queue the written events' differences once the match's transaction commits (the task
    reads what it wrote)."""
    if settings.NEWSDIFF_WARM_DIFFERENCES and event_ids:
        transaction.on_commit(functools.partial(warm_differences.enqueue, sorted(event_ids)))
