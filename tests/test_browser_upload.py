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
