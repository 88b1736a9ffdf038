"""Shared start-up for the benchmark scripts: a scratch database, Django set up, migrated."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_without_db() -> None:
    """Set Django up for a script that reads files and models, never the database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    import django

    django.setup()


def django_on_scratch_db(name: str) -> Path:
    """Point DATABASE_URL at a fresh SQLite file (unless one is given), set up and migrate."""
    sys.path.insert(0, str(ROOT))
    path = Path(tempfile.mkdtemp(prefix=f"newsdiff-{name}-")) / "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's host
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    # With DEBUG off, pages name their static files through the collected manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    return path


def measure(  # type: ignore[no-untyped-def]
    client, url: str, runs: int, ok: tuple[int, ...] = (200,)
) -> tuple[float, float, int]:
    """Median and p95 milliseconds of ``runs`` GETs of ``url``, and its query count."""
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)  # warm-up, and the query count
    assert response.status_code in ok, (url, response.status_code)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    return statistics.median(times), p95, len(queries)
