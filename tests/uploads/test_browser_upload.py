"""An admin logs in, uploads two seed articles and a bad file, and watches them processed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import screenshot
from tests.factories import make_user
from tests.workers import worker_thread

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_and_watches_progress(page, seeds: Path, tmp_path: Path, encoder) -> None:
    make_user("admin", username="editor")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 not an article")
    files = [*sorted((seeds / "articles").glob("*.txt"))[3:5], bad]

    page.goto(page.base_url + "/upload/")
    assert "/accounts/login/" in page.url  # uploads need a login
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url("**/upload/")
    screenshot(page, "upload-form")

    page.set_input_files("#id_articles", [str(f) for f in files])
    page.click("#upload-files button[type=submit]")
    page.wait_for_url("**/upload/batches/*/")
    assert page.locator("#batch-progress").get_attribute("hx-trigger") == "every 1s"
    assert page.locator("#batch-bar").get_attribute("value") == "1"  # the .pdf, refused at once
    screenshot(page, "upload-progress-queued")

    # A real worker processes the queue while the page polls the live server.
    with worker_thread():
        page.wait_for_selector("#batch-progress[data-complete=true]", timeout=60_000)
    assert page.locator("#batch-bar").get_attribute("value") == "3"
    assert page.locator("#batch-progress").get_attribute("hx-trigger") is None  # polling stopped
    assert "2 done, 1 failed" in page.locator("#batch-summary").inner_text()
    bad_row = page.locator("tr", has_text="scan.pdf")
    assert "unsupported file type ('.pdf')" in bad_row.inner_text()
    assert bad_row.get_by_role("button", name="Retry").is_visible()
    done = page.locator("tr.state-done a[href^='/articles/']")
    assert done.count() == 2
    screenshot(page, "upload-progress-done")
    done.first.click()
    page.wait_for_url("**/articles/*/")


def test_form_refuses_an_oversized_file_before_sending_it(page, settings) -> None:
    from newsdiff.uploads.models import Batch

    settings.NEWSDIFF_MAX_FILE_BYTES = 1024
    make_user("admin", username="editor")
    page.goto(page.base_url + "/accounts/login/?next=/upload/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url("**/upload/")
    assert "files of 1.0\xa0KB each" in page.locator("#upload-limits").inner_text()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    big = {"name": "long.txt", "mimeType": "text/plain", "buffer": b"word " * 400}
    small = {"name": "short.txt", "mimeType": "text/plain", "buffer": b"A short article."}
    page.set_input_files("#id_articles", [small, big])
    alert = page.locator("#upload-too-large")
    assert alert.is_visible()
    assert alert.inner_text() == "long.txt is too large (2.0 KB; the limit is 1.0 KB)."
    page.click("#upload-files button[type=submit]")
    page.wait_for_timeout(300)
    assert requests == [] and page.url.endswith("/upload/") and Batch.objects.count() == 0
    page.set_input_files("#id_articles", [small])  # a good choice clears the message
    assert alert.is_hidden()
