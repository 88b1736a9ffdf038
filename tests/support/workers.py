"""Running the real task worker inside a test: the db_worker command, or its loop in a thread."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connections

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def work_off_queue() -> None:
    """`manage.py db_worker --batch`: process every queued task, then return."""
    saved = {s: signal.getsignal(s) for s in SIGNALS}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        # The worker installs its own Ctrl-C handlers; give pytest back its own.
        for s, handler in saved.items():
            signal.signal(s, handler)


@contextmanager
def worker_thread(interval: float = 0.2) -> Iterator[None]:
    """The db_worker's loop in a thread, beside a live server, until the block ends.

    The test database is SQLite in memory, which only exists on the test's connection: like
    Django's live server thread, the worker shares that connection.
    """
    from newsdiff.uploads.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-thread",
        excluded_queue_names=[],
    )
    shared = {alias: connections[alias] for alias in connections}
    for conn in shared.values():
        conn.inc_thread_sharing()

    def run() -> None:
        for alias, conn in shared.items():
            connections[alias] = conn
        worker.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        worker.running = False
        thread.join(timeout=30)
        for conn in shared.values():
            conn.dec_thread_sharing()
