from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Plain static names: the hashed ones need a collectstatic run, which tests of pages
    # should not depend on (tests/test_serving.py checks the production storage).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # whitenoise then finds files in static/ as it does under DEBUG (no STATIC_ROOT needed).
    settings.WHITENOISE_AUTOREFRESH = settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _no_differences_ahead(settings):
    """Matches queue no task finding their events' differences ahead (the tests that check it
    turn it on): a test's queue holds only what it looks at."""
    settings.NEWSDIFF_WARM_DIFFERENCES = False


@pytest.fixture(autouse=True)
def _real_model_only_when_marked(request, monkeypatch):
    """`make test-fast` leaves out the `model` tests: a test that loads the real model without
    the marker fails here rather than slowing the fast suite down."""
    if request.node.get_closest_marker("model") is None:

        def refuse(model: str) -> None:
            raise AssertionError("this test loads the real model: mark it @pytest.mark.model")

        monkeypatch.setattr("newsdiff.articles.embeddings.load_encoder", refuse)
        # The differences engine reads words only, as NEWSDIFF_DIFFERENCES_ENCODER=0 has it.
        request.getfixturevalue("settings").NEWSDIFF_DIFFERENCES_ENCODER = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Shared pgvector searches keep their side connections open in this process: close them
    before the test database is dropped (DROP DATABASE refuses while one is connected)."""
    yield
    from newsdiff.matching.store.pgsearch import side_connections

    side_connections.close_all()
    from django.conf import settings

    if settings.NEWSDIFF_PGBOUNCER:  # and PgBouncer's pooled server connections to it
        import psycopg
        from django.db import connection

        db = connection.settings_dict
        admin = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "dbname": "pgbouncer"}
        with psycopg.connect(**admin, autocommit=True) as console:
            console.pgconn.exec_(f"KILL {db['NAME']}".encode())  # its console speaks simple SQL


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def encoder():
    """The real embedding model (loaded once for the whole run)."""
    from newsdiff.articles.embeddings import get_encoder

    return get_encoder()


class FakeEncoder:
    """Hashed bag of words: deterministic, instant, and similar texts get similar vectors.

    For tests of code around the model (ingest plumbing, views), never of the model itself.
    """

    name = "fake-bow"
    dimensions = 384

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dimensions] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; never a downloaded browser."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; ``page.base_url`` is the live server's address."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_server.url
    page.set_default_timeout(15_000)
    yield page
    context.close()
