"""In Chromium, on the seeds as the real pipeline stores them: an admin uploads a wire report
whose dateline has no year, finds it dated from its text, shown with its dateline and on the page
of the Istanbul event it reports; corrects another article's date from its page and sees its
event page change; a journalist's word search finds the Istanbul event on SQLite."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from newsdiff.articles.models import Article
from newsdiff.matching.models import Event
from tests.support.browser import screenshot
from tests.support.factories import make_user
from tests.support.workers import worker_thread

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.django_db(transaction=True)]

# Written for this test: a wire report of the Istanbul talks, its year only in the text.
WIRE = """Ukraine offers neutrality for guarantees at Istanbul talks

ISTANBUL, March 30 (Harbor Wire) — Ukraine's delegation at the talks in Istanbul offered to \
accept a neutral status and give up its plans to join NATO, in exchange for security guarantees \
from third countries, the first concrete offer since Russia invaded on February 24, 2022.

David Arakhamia, who led Ukraine's delegation, said Kyiv did not trust Moscow to keep its word \
and wanted binding security guarantees from a group of countries.

Russia's negotiators said they would take the proposals to President Vladimir Putin.
"""
ISTANBUL = "the process was derailed by then-UK Prime Minister Boris Johnson"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def test_a_late_wire_report_a_correction_and_a_search(  # type: ignore[no-untyped-def]
    browser, live_server, seeds, tmp_path
) -> None:
    call_command("ingest", "--manifest", str(seeds / "manifest.json"), verbosity=0)
    istanbul = Event.objects.filter(members__paragraph__text__contains=ISTANBUL).distinct().get()
    make_user("admin", username="editor")
    make_user("journalist", username="reader")
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, "editor")

    # The upload: dated from the year its text names, not the year it was uploaded in.
    report = tmp_path / "istanbul-wire.txt"
    report.write_text(WIRE)
    page.goto(live_server.url + "/upload/")
    page.set_input_files("#id_articles", str(report))
    page.click("#upload-files button[type=submit]")
    page.wait_for_url("**/upload/batches/*/")
    with worker_thread():
        page.wait_for_selector("#batch-progress[data-complete=true]", timeout=120_000)
    assert "1 done, 0 failed" in page.locator("#batch-summary").inner_text()
    screenshot(page, "late-upload-batch")
    page.locator("tr.state-done td.result a[href^='/articles/']").click()
    page.wait_for_url("**/articles/*/")
    dateline = page.locator(".para .dateline")
    expect(dateline).to_have_text("ISTANBUL, March 30 (Harbor Wire) —")
    provenance = page.locator("#provenance")
    expect(provenance).to_contain_text("30 March 2022 — read from the dateline")
    expect(provenance).to_contain_text("Its year is the one the text names (2022).")
    first = page.locator(".para p").first.inner_text()
    assert first.startswith("ISTANBUL, March 30 (Harbor Wire) — Ukraine's delegation")
    screenshot(page, "late-upload-article")
    uploaded = Article.objects.get(source_file="istanbul-wire.txt")

    # It joined the Istanbul event, which kept its address and its name: its passages are on
    # the event page, under its outlet and date.
    after = Event.objects.filter(members__paragraph__text__contains=ISTANBUL).distinct().get()
    assert (after.pk, after.label) == (istanbul.pk, istanbul.label)
    joined = set(after.members.filter(article=uploaded).values_list("paragraph_id", flat=True))
    assert joined, "the uploaded report joined no paragraph to the Istanbul event"
    page.goto(f"{live_server.url}/events/{istanbul.pk}/")
    column = page.locator(".col-head", has_text="Harbor Wire")
    expect(column).to_contain_text("30 Mar 2022")
    for paragraph in joined:
        expect(page.locator(f"#p{paragraph}")).to_be_visible()
    offer = uploaded.paragraphs.get(text__contains="offered to accept a neutral status").pk
    assert offer in joined  # the report's own account of the talks, not only its headline
    expect(page.locator(f"#p{offer}")).to_contain_text("offered to accept a neutral status")
    screenshot(page, "late-upload-joined-event")

    # A correction of another article's date, from its page; its event page shows the new one.
    belta = Article.objects.get(outlet__name="BelTA")
    assert Event.objects.filter(pk=istanbul.pk, members__article=belta).exists()
    page.goto(f"{live_server.url}/articles/{belta.pk}/")
    page.locator("#correct summary").click()
    page.fill("#id_correct-published", "2024-01-19")
    page.click("#correct button[type=submit]")
    expect(provenance).to_contain_text("19 January 2024 — corrected by an admin")
    expect(provenance).to_contain_text("Corrected by editor: date 2024-01-18 → 2024-01-19.")
    event = Event.objects.filter(members__article=belta).filter(pk=istanbul.pk).first()
    event = event or Event.objects.filter(members__article=belta).first()
    assert event is not None  # matched again, still in an event
    page.goto(f"{live_server.url}/events/{event.pk}/")
    belta_column = page.locator(".col-head", has_text="BelTA")
    expect(belta_column).to_contain_text("19 Jan 2024")
    screenshot(page, "late-upload-corrected-event")

    # A journalist, on SQLite: two words anywhere in one passage find the Istanbul event.
    reader = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(reader, live_server.url, "reader")
    reader.fill("#id_q", "Lavrov Istanbul")
    reader.locator("#event-filter button[type=submit]").click()
    holding = Event.objects.filter(members__paragraph__text__contains=ISTANBUL).distinct().get()
    expect(reader.locator(f"#event-{holding.pk} h2")).to_have_text(re.compile("Istanbul"))
    expect(reader.locator("#event-list")).to_contain_text("Lavrov")  # the passage that matched
    screenshot(reader, "late-upload-search")
