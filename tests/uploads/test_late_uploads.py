"""Events hold under uploads: the late-upload corpus on top of the seeds, with the real model.

Each report alone, all of them one by one in several orders, and all of them as one batch
through the real task worker: every seed event keeps all its members, each paragraph that
reports a seed event joins it, and nothing joins a seed event it does not report
(``late_corpus.check_events_hold``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from newsdiff.articles.sources import collect
from newsdiff.uploads.ingest import ingest
from newsdiff.uploads.models import Batch
from tests.support.factories import make_user
from tests.support.workers import work_off_queue
from tests.uploads.late_corpus import (
    LATE,
    CachedEncoder,
    LateArticle,
    check_events_hold,
    corpus,
    seed_events,
)

pytestmark = pytest.mark.model

LATE_CORPUS = corpus()


@pytest.fixture(scope="session")
def cached(encoder) -> CachedEncoder:  # type: ignore[no-untyped-def]
    return CachedEncoder(encoder)


def ingest_seeds(seeds: Path, encoder: CachedEncoder) -> dict[str, set[int]]:
    sources, _ = collect([], seeds / "manifest.json")
    ingest(sources, encoder=encoder)
    return seed_events()


def upload_one_by_one(articles: list[LateArticle], encoder: CachedEncoder) -> None:
    for article in articles:
        report = ingest([article.source()], encoder=encoder)
        assert len(report.created) == 1, (article.file, report.failures)


def test_the_corpus_covers_both_seed_events_and_two_unrelated_ones() -> None:
    assert len(LATE_CORPUS) >= 16
    by_event = {
        name: [a for a in LATE_CORPUS if name in a.events] for name in ("istanbul", "draft")
    }
    assert all(len(reports) >= 6 for reports in by_event.values())
    unrelated = {a.file.split("_")[0] for a in LATE_CORPUS if not a.events}
    assert unrelated == {"grain", "madrid"}


@pytest.mark.django_db
@pytest.mark.parametrize("article", LATE_CORPUS, ids=lambda a: a.file.removesuffix(".txt"))
def test_each_report_uploaded_alone(seeds: Path, cached: CachedEncoder, article) -> None:
    before = ingest_seeds(seeds, cached)
    upload_one_by_one([article], cached)
    check_events_hold(before, [article])


ORDERS = {
    "as-listed": LATE_CORPUS,
    "reversed": LATE_CORPUS[::-1],
    "shuffled": random.Random(26).sample(LATE_CORPUS, len(LATE_CORPUS)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("order", ORDERS)
def test_every_report_one_by_one(seeds: Path, cached: CachedEncoder, order: str) -> None:
    before = ingest_seeds(seeds, cached)
    # After each upload the events hold and nothing strays; once all are in, every paragraph
    # reporting a seed event is in it (reports bridge what one report alone cannot).
    for done in range(1, len(ORDERS[order]) + 1):
        upload_one_by_one(ORDERS[order][done - 1 : done], cached)
        check_events_hold(before, ORDERS[order][:done], joined=done == len(ORDERS[order]))


def upload(client: Client, files: dict[str, bytes]) -> Batch:
    data = [SimpleUploadedFile(name, body) for name, body in files.items()]
    response = client.post("/upload/files/", {"articles": data})
    assert response.status_code == 302, response.content[:500]
    return Batch.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


# Transactional: the worker commits for real.
@pytest.mark.django_db(transaction=True)
def test_a_batch_of_late_uploads_through_the_worker(
    client: Client, seeds: Path, cached: CachedEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsdiff.articles.ingest.get_encoder", lambda: cached)
    client.force_login(make_user("admin"))
    files = {p.name: p.read_bytes() for p in sorted((seeds / "articles").glob("*.txt"))}
    upload(client, {**files, "manifest.json": (seeds / "manifest.json").read_bytes()})
    work_off_queue()
    before = seed_events()

    rows = [{"file": a.file, **a.upload} for a in LATE_CORPUS if a.upload]
    files = {a.file: (LATE / a.file).read_bytes() for a in LATE_CORPUS}
    batch = upload(client, {**files, "manifest.json": json.dumps(rows).encode()})
    work_off_queue()
    assert {i.name: (i.state, i.error) for i in batch.items.exclude(name="manifest.json")} == {
        a.file: ("done", "") for a in LATE_CORPUS
    }
    check_events_hold(before, LATE_CORPUS)
