"""Faults on the production stack: a worker killed mid-file, PostgreSQL restarted mid-batch.

Real processes on a real PostgreSQL (as in tests/test_stack.py): each fault must leave every
file either done or retryable (failed with its reason, or stalled), and never a half-written
article; a retry then finishes the batch with no duplicate. (The third fault, a write error in
the upload folder, is in tests/uploads/test_upload_handlers.py: it happens inside the web request.)
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import stack

pytestmark = pytest.mark.stack
STALE = 3  # seconds without a heartbeat before an item in progress may be retried


def article(title: str, topic: str) -> bytes:
    text = f"{title}\n\n" + "\n\n".join(
        f"{topic} paragraph {n}: officials said on Tuesday that the {topic} would go on."
        for n in range(4)
    )
    return text.encode()


@pytest.fixture(scope="module")
def pg() -> Iterator[tuple[Any, str, dict[str, str], Path]]:
    with stack.scratch("faults") as folder, stack.postgres(folder / "pg") as (server, database_url):
        env = stack.production_env(database_url, 0, NEWSDIFF_STALE_SECONDS=str(STALE))
        stack.manage(env, "migrate", "--no-input")
        stack.manage(env, "ensure_admin")
        yield server, database_url, env, folder


def create_batch(env: dict[str, str], files: dict[str, bytes]) -> int:
    """The upload view's own write (create_batch), without the HTTP around it."""
    code = (
        "from django.contrib.auth.models import User\n"
        "from newsdiff.uploads.intake import Incoming, create_batch\n"
        f"files = {files!r}\n"
        "items = [Incoming(name=n, key=n, data=d, size=len(d)) for n, d in files.items()]\n"
        "print(create_batch(User.objects.get(username='admin'), 'faults', items).pk)\n"
    )
    return int(stack.manage(env, "shell", "-c", code).split()[-1])


def retry_all(env: dict[str, str], batch: int) -> int:
    """What the batch page's Retry buttons do, for every retryable file of the batch."""
    code = (
        "from newsdiff.uploads.models import BatchItem\n"
        "from newsdiff.uploads.tasks import requeue\n"
        f"print(sum(requeue(i) for i in BatchItem.objects.filter(batch={batch}).retryable()))\n"
    )
    return int(stack.manage(env, "shell", "-c", code).split()[-1])


def wait_until(database_url: str, batch: int, states: set[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not any(s in states for s, _, _ in stack.batch_states(database_url, batch).values()):
        assert time.monotonic() < deadline, stack.batch_states(database_url, batch)
        time.sleep(0.05)


def articles_are_whole(database_url: str) -> tuple[int, list[int]]:
    """(articles, ids of any article missing paragraphs or a body paragraph's vector)."""
    import psycopg

    with psycopg.connect(stack.conninfo(database_url)) as conn:
        rows = conn.execute(
            """SELECT a.id, count(DISTINCT p.id), count(DISTINCT e.id)
               FROM articles_article a
               LEFT JOIN articles_paragraph p ON p.article_id = a.id AND p.kind = 'body'
               LEFT JOIN articles_paragraphembedding e ON e.paragraph_id = p.id
               GROUP BY a.id"""
        ).fetchall()
    return len(rows), [pk for pk, body, vectors in rows if body == 0 or vectors != body]


def settle(database_url: str, batch: int) -> dict[str, tuple[str, str, int | None]]:
    """After a fault: every file done, failed with a reason, or left in progress (stalled)."""
    states = stack.batch_states(database_url, batch)
    for name, (state, error, _) in states.items():
        assert state != "failed" or error, f"{name} failed without a reason"
    _count, broken = articles_are_whole(database_url)
    assert broken == [], f"half-written articles {broken}"
    return states


def finish(env: dict[str, str], database_url: str, batch: int, log: Path) -> None:
    time.sleep(STALE + 0.5)  # what was in progress is now stalled, so it can be retried
    retry_all(env, batch)
    worker = stack.db_worker(env, log)
    try:
        states = stack.wait_for_batch(database_url, batch, timeout=240)
    finally:
        stack.stop(worker)
    assert {s for s, _, _ in states.values()} == {"done"}, states
    ids = [a for _, _, a in states.values()]
    assert len(set(ids)) == len(ids)  # no duplicate article
    assert articles_are_whole(database_url)[1] == []


def test_a_worker_killed_mid_file_leaves_a_retryable_item(pg) -> None:
    _, database_url, env, tmp_path = pg
    before = articles_are_whole(database_url)[0]
    batch = create_batch(env, {"killed.txt": article("Harbour strike", "harbour strike")})
    worker = stack.db_worker(env, tmp_path / "doomed.log")
    # The first file of a fresh worker waits in "embedding" while the model loads: mid-file.
    wait_until(database_url, batch, {"embedding"})
    stack.stop(worker, signal.SIGKILL)
    (state, error, article_id) = settle(database_url, batch)["killed.txt"]
    assert state in {"embedding", "matching"} and error == ""  # in progress, owner dead
    assert articles_are_whole(database_url)[0] == before + (article_id is not None)
    finish(env, database_url, batch, tmp_path / "worker.log")


def test_postgres_restarted_mid_batch_leaves_retryable_items(pg) -> None:
    server, database_url, env, tmp_path = pg
    files = {
        f"{topic}.txt": article(f"{topic.title()} report", topic)
        for topic in ("flood", "election", "vaccine")
    }
    batch = create_batch(env, files)
    worker = stack.db_worker(env, tmp_path / "worker1.log")
    try:
        wait_until(database_url, batch, {"embedding"})
        stack.restart_postgres(server)  # every connection is cut mid-batch
        time.sleep(5)  # the worker hits the dead connection (and may exit; compose restarts it)
        states = settle(database_url, batch)
        # The file in progress at the restart cannot have finished: the fault did strike.
        assert any(state != "done" for state, _, _ in states.values()), states
    finally:
        stack.stop(worker)
    finish(env, database_url, batch, tmp_path / "worker2.log")
