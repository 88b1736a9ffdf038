"""Uploads processed by the real task worker (`manage.py db_worker`), stage by stage."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from unittest.mock import Mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding
from newsdiff.matching.models import Event, EventParagraph
from newsdiff.uploads.models import Batch, BatchItem
from newsdiff.uploads.pipeline import LostClaim, advance, claim
from tests.factories import make_user
from tests.workers import work_off_queue

# Transactional: the worker commits for real, and on PostgreSQL it closes a connection that is
# left inside a transaction (as the test case's wrapping transaction would be).
pytestmark = pytest.mark.django_db(transaction=True)

GOOD = (
    b"Ceasefire talks resume\n\n"
    b"Negotiators from both sides met in Istanbul on Tuesday and agreed to continue the talks.\n\n"
    b"The next round is planned for the end of the month, officials said.\n"
)


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(make_user("admin"))
    return client


@pytest.fixture
def fake_model(monkeypatch, fake_encoder):
    """The fake encoder for tests of the plumbing; the end-to-end test uses the real model."""
    monkeypatch.setattr("newsdiff.articles.ingest.get_encoder", lambda: fake_encoder)
    return fake_encoder


def upload(client: Client, files: dict[str, bytes]) -> Batch:
    data = [SimpleUploadedFile(name, body) for name, body in files.items()]
    response = client.post("/upload/files/", {"articles": data})
    assert response.status_code == 302, response.content[:500]
    return Batch.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


def outcomes(batch: Batch) -> dict[str, tuple[str, str]]:
    return {i.name: (i.state, i.error) for i in batch.items.all()}


@pytest.mark.model
def test_multi_file_upload_ends_with_articles_embeddings_and_events(
    admin_client: Client, seeds: Path, encoder
) -> None:
    files = {p.name: p.read_bytes() for p in sorted((seeds / "articles").glob("*.txt"))}
    files["manifest.json"] = (seeds / "manifest.json").read_bytes()
    batch = upload(admin_client, files)
    assert DBTaskResult.objects.ready().count() == 5
    work_off_queue()
    assert set(outcomes(batch).values()) == {("done", "")}
    assert DBTaskResult.objects.successful().count() == 5
    articles = Article.objects.select_related("outlet")
    assert sorted(a.outlet.name for a in articles) == [
        "Associated Press",
        "BelTA",
        "Press TV",
        "RT",
        "RT",
    ]
    # Every body paragraph embedded by the real model.
    # the 59 body paragraphs and the five headlines
    assert ParagraphEmbedding.objects.filter(model_name=encoder.name).count() == 59 + 5
    assert Paragraph.objects.body().count() == 59
    # The matcher ran on each new article: events across outlets exist.
    assert Event.objects.count() >= 2
    assert EventParagraph.objects.values("article").distinct().count() >= 3
    page = admin_client.get(batch.get_absolute_url()).content.decode()
    assert 'data-complete="true"' in page and "hx-trigger" not in page
    for article in articles:
        assert f'href="/articles/{article.pk}/"' in page
    assert "Events:" in page


def test_each_bad_input_has_its_message_and_writes_nothing(
    admin_client: Client, fake_model, settings
) -> None:
    settings.NEWSDIFF_MAX_FILE_BYTES = 2000
    manifest = [{"file": "dated.txt", "published": "last week"}, {"file": "ghost.txt"}]
    batch = upload(
        admin_client,
        {
            "empty.txt": b"  \n",
            "binary.txt": b"\x00\x01\x02\x03" * 50,
            "report.pdf": b"%PDF-1.4",
            "latin1.txt": "Caf\u00e9 au lait in Minsk.".encode("latin-1"),
            "huge.txt": b"word " * 500,
            "broken.json": b'{"title": "x", ',
            "nav.html": b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "dated.txt": GOOD,
            "manifest.json": json.dumps(manifest).encode(),
        },
    )
    work_off_queue()
    assert outcomes(batch) == {
        "empty.txt": ("failed", "file is empty"),
        "binary.txt": ("failed", "looks like a binary file, not text"),
        "report.pdf": (
            "failed",
            "unsupported file type ('.pdf'); expected .txt, .html, .htm or .json",
        ),
        "latin1.txt": (
            "failed",
            "cannot decode as UTF-8 text (invalid byte 0xe9 at offset 3); save the file as UTF-8",
        ),
        "huge.txt": ("failed", "file is too large (2,500 bytes; the limit is 2,000)"),
        "broken.json": (
            "failed",
            "invalid JSON (Expecting property name enclosed in double quotes at line 1)",
        ),
        "nav.html": ("failed", "no article text found (every line looks like furniture)"),
        "dated.txt": (
            "failed",
            "bad manifest row: manifest.json row 1 (dated.txt): invalid date 'last week': "
            "expected an ISO date such as 2024-01-18",
        ),
        "manifest.json": (
            "failed",
            "manifest.json row 1 (dated.txt): invalid date 'last week': expected an ISO date "
            "such as 2024-01-18; manifest.json row 2: file 'ghost.txt' is not in this upload",
        ),
    }
    assert (Article.objects.count(), Paragraph.objects.count(), Outlet.objects.count()) == (0, 0, 0)
    # Every uploaded file's bytes are kept, whatever became of it (except one too large).
    assert bytes(
        batch.items.get(name="latin1.txt").original
    ) == "Caf\u00e9 au lait in Minsk.".encode("latin-1")
    assert bytes(batch.items.get(name="huge.txt").original) == b""


def test_duplicate_upload_points_to_the_existing_article(admin_client: Client, fake_model) -> None:
    first = upload(admin_client, {"talks.txt": GOOD})
    work_off_queue()
    article = first.items.get().article
    again = upload(admin_client, {"talks-copy.txt": GOOD, "talks-again.txt": GOOD})
    work_off_queue()
    for item in again.items.all():
        assert item.state == "failed" and item.duplicate and item.article == article
        assert item.error == f"duplicate of article {article.pk} ({article.title})"
    assert Article.objects.count() == 1
    page = admin_client.get(again.get_absolute_url()).content.decode()
    assert f'Duplicate of <a href="/articles/{article.pk}/">article {article.pk}' in page


def dies(item_id: int, stage: str) -> BatchItem:
    """What a worker killed at ``stage`` leaves behind: its task running, its item in progress."""
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    item = claim(item_id, "doomed-worker")
    assert item is not None
    if stage != "extracting":
        advance(item, stage)
    return item


def test_retry_after_a_worker_died_mid_file(admin_client: Client, fake_model) -> None:
    batch = upload(admin_client, {"talks.txt": GOOD})
    item = batch.items.get()
    dead = dies(item.pk, "embedding")
    work_off_queue()  # nothing queued: the task is "running" on the dead worker
    retry = f"/upload/items/{item.pk}/retry/"
    # Not yet stale: a slow worker may still be on it, so no retry is offered or accepted.
    assert "Retry" not in admin_client.get(batch.get_absolute_url()).content.decode()
    assert admin_client.post(retry).status_code == 409
    BatchItem.objects.filter(pk=item.pk).update(heartbeat=timezone.now() - dt.timedelta(hours=1))
    page = admin_client.get(batch.get_absolute_url()).content.decode()
    assert "stalled" in page and retry in page
    assert admin_client.post(retry).status_code == 302
    work_off_queue()
    item.refresh_from_db()
    assert (item.state, item.attempts, item.duplicate) == ("done", 2, False)
    assert Article.objects.count() == 1 and item.article == Article.objects.get()
    # The dead worker, should it wake up, can no longer touch the item.
    with pytest.raises(LostClaim):
        advance(dead, "matching")


class Died(BaseException):
    """A worker killed mid-task: nothing of it catches this, as nothing catches a SIGKILL."""


def test_retry_after_a_crash_between_save_and_matching_resumes(
    admin_client: Client, fake_model, monkeypatch
) -> None:
    from newsdiff.uploads import pipeline

    batch = upload(admin_client, {"talks.txt": GOOD})
    item = dies(batch.items.get().pk, "extracting")
    with monkeypatch.context() as patch:
        patch.setattr("newsdiff.uploads.ingest.align_articles", Mock(side_effect=Died))
        with pytest.raises(Died):
            pipeline._run(item)  # the article was saved (atomically), then the worker died
    assert item.state == "matching" and Article.objects.count() == 1
    BatchItem.objects.filter(pk=item.pk).update(heartbeat=timezone.now() - dt.timedelta(hours=1))
    assert admin_client.post(f"/upload/items/{item.pk}/retry/").status_code == 302
    work_off_queue()
    item.refresh_from_db()
    # Not "a duplicate of itself": the item resumed at matching with the article it saved.
    assert (item.state, item.error, item.duplicate) == ("done", "", False)
    assert Article.objects.count() == 1


def test_failed_items_can_be_retried_and_deleted(admin_client: Client, fake_model) -> None:
    batch = upload(admin_client, {"empty.txt": b"", "other.txt": b""})
    work_off_queue()
    empty, other = batch.items.all()
    headers = {"HX-Request": "true"}
    partial = admin_client.post(f"/upload/items/{empty.pk}/retry/", headers=headers)
    assert partial.status_code == 200 and b'id="batch-progress"' in partial.content
    assert b"queued" in partial.content and DBTaskResult.objects.ready().count() == 1
    work_off_queue()
    empty.refresh_from_db()
    assert (empty.state, empty.error, empty.attempts) == ("failed", "file is empty", 2)
    assert admin_client.post(f"/upload/items/{other.pk}/delete/").status_code == 302
    assert list(batch.items.all()) == [empty]
