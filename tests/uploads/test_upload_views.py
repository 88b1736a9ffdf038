"""The upload views: who may reach them, what they store and queue, and what they show."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsdiff.uploads.models import Batch, BatchItem
from tests.factories import UPLOADED_TEXT as TEXT
from tests.factories import make_article, make_item, make_outlet, make_user

pytestmark = pytest.mark.django_db


def upload_file(name: str = "a.txt", data: bytes = TEXT) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def requests() -> list[tuple[str, str, dict]]:
    """Every upload view, with a request that an admin may make."""
    item, other = make_item(), make_item()
    return [
        ("get", "/upload/", {}),
        ("post", "/upload/files/", {"articles": [upload_file()]}),
        ("post", "/upload/paste/", {"title": "T", "outlet": "O", "text": "Some text here."}),
        ("get", f"/upload/batches/{item.batch_id}/", {}),
        ("post", f"/upload/items/{item.pk}/retry/", {}),
        ("post", f"/upload/items/{other.pk}/delete/", {}),
    ]


def test_anonymous_users_are_sent_to_login(client: Client) -> None:
    for method, url, data in requests():
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    assert BatchItem.objects.count() == 2 and DBTaskResult.objects.count() == 0


@pytest.mark.parametrize("role", ["journalist", "researcher", None])
def test_other_roles_are_refused(client: Client, role: str | None) -> None:
    client.force_login(make_user(role))
    for method, url, data in requests():
        assert getattr(client, method)(url, data).status_code == 403, url
    assert BatchItem.objects.count() == 2 and DBTaskResult.objects.count() == 0


def test_admins_reach_every_upload_view(client: Client) -> None:
    client.force_login(make_user("admin"))
    # Pages render; every action redirects to the page that shows its outcome.
    expected = [200, 302, 302, 200, 302, 302]
    for (method, url, data), status in zip(requests(), expected, strict=True):
        assert getattr(client, method)(url, data).status_code == status, url
    # The failed item was queued again, the other deleted; the two uploads added one each.
    assert list(BatchItem.objects.values_list("state", flat=True)) == ["queued"] * 3


def test_wrong_methods_are_refused(client: Client) -> None:
    client.force_login(make_user("admin"))
    assert client.post("/upload/").status_code == 405
    assert client.get("/upload/files/").status_code == 405
    assert client.get(f"/upload/items/{make_item().pk}/retry/").status_code == 405


def test_forms_and_htmx_need_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("admin"))
    assert client.post("/upload/files/", {"articles": [upload_file()]}).status_code == 403
    item = make_item()
    headers = {"HX-Request": "true"}
    assert client.post(f"/upload/items/{item.pk}/retry/", headers=headers).status_code == 403
    page = client.get(f"/upload/batches/{item.batch_id}/").content.decode()
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]  # hx-headers on <body>
    headers["X-CSRFToken"] = token
    assert client.post(f"/upload/items/{item.pk}/retry/", headers=headers).status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page


def test_upload_stores_bytes_and_queues_one_task_per_file(client: Client) -> None:
    admin = make_user("admin")
    client.force_login(admin)
    files = [
        upload_file("a.txt"),
        upload_file("b.html", b"<p>Hello</p>"),
        upload_file("c.txt", b""),
    ]
    response = client.post("/upload/files/", {"articles": files})
    batch = Batch.objects.get()
    assert response["Location"] == f"/upload/batches/{batch.pk}/"
    assert batch.created_by == admin and batch.label == "3 files"
    items = list(batch.items.all())
    assert [(i.name, bytes(i.original), i.state) for i in items] == [
        ("a.txt", TEXT, "queued"),
        ("b.html", b"<p>Hello</p>", "queued"),
        ("c.txt", b"", "queued"),  # empty: the worker names the problem
    ]
    queued = DBTaskResult.objects.all()
    assert sorted(t.args_kwargs["args"][0] for t in queued) == [i.pk for i in items]
    assert {t.task_path for t in queued} == {"newsdiff.uploads.tasks.process_upload"}


def test_too_large_and_too_many_files(client: Client, settings) -> None:
    settings.NEWSDIFF_MAX_FILE_BYTES = 100
    settings.NEWSDIFF_MAX_FILES = 2
    client.force_login(make_user("admin"))
    client.post("/upload/files/", {"articles": [upload_file("big.txt", b"x" * 101)]})
    item = BatchItem.objects.get()
    assert (
        item.state == "failed" and item.error == "file is too large (101 bytes; the limit is 100)"
    )
    assert bytes(item.original) == b"" and item.size == 101
    assert DBTaskResult.objects.count() == 0
    response = client.post("/upload/files/", {"articles": [upload_file() for _ in range(3)]})
    assert response.status_code == 400
    assert b"Too many files (3); the limit is 2." in response.content
    assert Batch.objects.count() == 1


def test_no_files_is_a_form_error(client: Client) -> None:
    client.force_login(make_user("admin"))
    response = client.post("/upload/files/", {})
    assert response.status_code == 400 and b"This field is required" in response.content
    assert Batch.objects.count() == 0


def test_paste_form(client: Client) -> None:
    make_outlet(name="BelTA")
    client.force_login(make_user("admin"))
    page = client.get("/upload/")
    assert b'<option value="BelTA">' in page.content  # pick an existing outlet or type one
    response = client.post(
        "/upload/paste/",
        {
            "title": "Talks in Minsk",
            "outlet": "New Outlet",
            "published": "2024-01-18",
            "url": "example.com/minsk",
            "text": "Officials met in Minsk.\n\nThey talked for hours.",
        },
    )
    item = BatchItem.objects.get()
    assert response["Location"] == item.batch.get_absolute_url()
    assert item.name == "talks-in-minsk.txt" and item.batch.label == "Talks in Minsk"
    assert bytes(item.original) == b"Officials met in Minsk.\n\nThey talked for hours."
    assert item.meta == {
        "title": "Talks in Minsk",
        "outlet": "New Outlet",
        "url": "https://example.com/minsk",
        "published": "2024-01-18",
        "published_precision": "day",
        "via": {"outlet": "upload form", "published": "upload form"},
    }
    bad = client.post("/upload/paste/", {"title": "", "outlet": "X", "published": "someday"})
    assert bad.status_code == 400 and b"Enter a valid date" in bad.content
    assert BatchItem.objects.count() == 1


def test_batch_page_polls_until_finished(client: Client) -> None:
    client.force_login(make_user("admin"))
    item = make_item(state="queued")
    url = f"/upload/batches/{item.batch_id}/"
    page = client.get(url).content.decode()
    assert "<h1>test</h1>" in page and 'hx-trigger="every 1s"' in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="batch-progress"') and "<h1>" not in partial
    assert 'hx-trigger="every 1s"' in partial and 'value="0"' in partial
    BatchItem.objects.filter(pk=item.pk).update(state="failed", error="file is empty")
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and 'data-complete="true"' in partial
    assert "file is empty" in partial and 'value="1"' in partial


def test_done_items_link_their_article_and_duplicates_the_original(client: Client) -> None:
    client.force_login(make_user("admin"))
    article = make_article(title="Talks in Istanbul")
    done = make_item(state="done", article=article)
    BatchItem.objects.create(
        batch=done.batch,
        position=1,
        name="again.txt",
        size=1,
        state="failed",
        article=article,
        duplicate=True,
        error=f"duplicate of article {article.pk}",
    )
    page = client.get(f"/upload/batches/{done.batch_id}/").content.decode()
    assert f'<a href="/articles/{article.pk}/">Talks in Istanbul</a>' in page
    assert f'Duplicate of <a href="/articles/{article.pk}/">article {article.pk}' in page


def test_uploaded_html_never_reaches_the_page_unescaped(client: Client) -> None:
    client.force_login(make_user("admin"))
    evil = "<script>alert(1)</script>"
    make_item(name=evil, error=f"cannot parse {evil}")
    article = make_article(title=evil)
    make_item(state="done", article=article)
    for batch in Batch.objects.all():
        page = client.get(batch.get_absolute_url()).content.decode()
        assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_item_in_progress_without_a_heartbeat_is_stale_everywhere(client: Client) -> None:
    """The page's buttons and the retry action read one rule, even with no heartbeat at all."""
    client.force_login(make_user("admin"))
    item = make_item(state="embedding", heartbeat=None)
    page = client.get(f"/upload/batches/{item.batch_id}/").content.decode()
    assert "stalled: no word from its worker" in page
    assert f"/upload/items/{item.pk}/retry/" in page and f"/upload/items/{item.pk}/delete/" in page
    assert client.post(f"/upload/items/{item.pk}/retry/").status_code == 302
    item.refresh_from_db()
    assert item.state == "queued" and DBTaskResult.objects.count() == 1
