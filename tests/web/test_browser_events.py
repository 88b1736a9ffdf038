"""A journalist in Chromium, on the seed corpus as the real pipeline stores it.

``manage.py ingest`` parses, embeds (the real model) and aligns (the real matcher) the seeds;
nothing here is built by factories. Screenshots land in test-output/screenshots/.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from newsdiff.articles.models import Outlet
from newsdiff.matching.models import Event
from tests.support.browser import screenshot
from tests.support.pages import ISTANBUL_SENTENCE, istanbul_event

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def seeded(seeds) -> Event:
    call_command("ingest", "--manifest", str(seeds / "manifest.json"), verbosity=0)
    return istanbul_event()


def test_journalist_compares_the_istanbul_talks_side_by_side(page: Page, seeded: Event) -> None:
    belta = Outlet.objects.get(name="BelTA")
    page.goto(page.base_url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    total = page.locator(".event-card").count()

    # Filter by an outlet: htmx swaps the list in place and pushes the filtered URL.
    page.select_option("#id_outlet", label="BelTA")
    page.wait_for_url(f"**/?*outlet={belta.pk}*")
    with_belta = Event.objects.filter(members__article__outlet=belta).distinct().count()
    expect(page.locator(".event-card")).to_have_count(with_belta)
    assert with_belta < total
    screenshot(page, "journalist-1-events-filtered-by-belta")

    page.fill("#id_q", "derailed")
    expect(page.locator(".event-card")).to_have_count(1)
    page.click(f"#event-{seeded.pk} h2 a")
    page.wait_for_url(f"**/events/{seeded.pk}/")

    # The Istanbul coverage side by side (the seeds: RT twice, once republished by a blog, and
    # BelTA): one column per outlet on one line, each with what only it says marked.
    heads = page.locator(".col-head")
    assert heads.count() >= 2
    boxes = [heads.nth(i).bounding_box() for i in range(heads.count())]
    assert all(b is not None for b in boxes)
    assert len({round(b["y"]) for b in boxes if b}) == 1  # one line of columns
    assert [b["x"] for b in boxes if b] == sorted(b["x"] for b in boxes if b)
    for outlet in ("RT", "BelTA"):
        cells = page.locator(".cell", has=page.locator(".cell-outlet", has_text=outlet))
        expect(cells.locator("mark.only").first).to_be_visible()
    expect(page.get_by_text(ISTANBUL_SENTENCE.split(" by ")[1], exact=False)).to_be_visible()
    screenshot(page, "journalist-2-istanbul-event")

    # The evidence is one click away, loaded into the page (the URL does not change).
    page.locator(".evidence-link").first.click()
    expect(page.locator("#evidence dt", has_text="Embedding similarity")).to_be_visible()
    expect(page.locator("#evidence .legend")).to_contain_text("Marked: what differs")
    assert page.url.endswith(f"/events/{seeded.pk}/")
    screenshot(page, "journalist-3-evidence-panel")


def test_every_page_works_without_javascript(browser, live_server, seeded: Event) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.select_option("#id_outlet", label="Press TV")
    page.click("button[type=submit]")  # a plain GET form
    press_tv = Outlet.objects.get(name="Press TV")
    page.wait_for_url(f"**/?*outlet={press_tv.pk}*")
    expect(page.locator(".event-card")).to_have_count(
        Event.objects.filter(members__article__outlet=press_tv).distinct().count()
    )
    page.goto(f"{live_server.url}/events/{seeded.pk}/")
    page.locator(".evidence-link").first.click()  # a plain link to the evidence page
    page.wait_for_url("**/pairs/*-*/")
    expect(page.locator("#evidence dt", has_text="Embedding similarity")).to_be_visible()
    context.close()


def test_screenshots_of_every_page_on_laptop_and_phone(browser, live_server, seeded: Event) -> None:
    member = seeded.members.select_related("article").order_by("article__published").first()
    assert member is not None
    alignment = seeded.alignments.first()
    assert alignment is not None
    pages = {
        "events": "/",
        "event": f"/events/{seeded.pk}/",
        "article": f"/articles/{member.article_id}/",
        "articles": "/articles/",
        "outlets": "/outlets/",
        "evidence": alignment.get_absolute_url(),
    }
    for device, viewport in (("laptop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert page.title().endswith("· newsdiff")
            # Nothing wider than the screen: the layout reflows instead of scrolling sideways.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], (device, name, width)
            screenshot(page, f"{device}-{name}")
        # The article page with one paragraph's aligned passages opened inline.
        page.goto(f"{live_server.url}/articles/{member.article_id}/")
        page.locator(".compare").first.click()
        expect(page.locator(".aligned .passage").first).to_be_visible()
        screenshot(page, f"{device}-article-compare-open")
        context.close()
