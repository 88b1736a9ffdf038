"""Two researchers in Chromium tag the Istanbul-talks event, compare their tags and export them.

The seeds go through the real pipeline (ingest, real model, real matcher). Each researcher
logs in, tags frames on passages inline, tags one difference on an aligned pair, accepts one
suggested difference and rejects another; then the agreement page shows alpha, the chart
renders and the CSV downloads. Screenshots at laptop (1366 px) and phone (390 px) width.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from newsdiff.framing.models import Annotation, Decision
from newsdiff.matching.models import Event
from tests.support.browser import log_in, screenshot
from tests.support.factories import make_user
from tests.support.pages import istanbul_event

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def seeded(seeds) -> Event:
    call_command("ingest", "--manifest", str(seeds / "manifest.json"), verbosity=0)
    return istanbul_event()


def tag_frames(page: Page, base: str, event: Event, frames: list[str]) -> None:
    """Tag the event's first passages with these frames, one click to open each panel."""
    page.goto(f"{base}/events/{event.pk}/")
    page.wait_for_function("() => window.htmx !== undefined")
    passages = page.locator(".grid .passage")
    for i, frame in enumerate(frames):
        panel = passages.nth(i).locator(".tagging")
        panel.locator(".tag-link").click()
        form = passages.nth(i).locator(".tag-form")
        expect(form).to_be_visible()
        form.locator("select[name=tag]").select_option(label=frame)
        form.locator("input[name=tone][value=negative]").check()
        form.locator("button[type=submit]", has_text="Add tag").click()
        expect(passages.nth(i).locator(".tag-item.mine", has_text=frame)).to_be_visible()


def richest_pair(page: Page) -> int:
    """The index of the event's pair with the most suggestions of any kind (read without the
    browser: each link's href is the pair's page)."""
    links = page.locator(".difference-link")
    counts = []
    for i in range(links.count()):
        href = urljoin(page.url, links.nth(i).get_attribute("href") or "")
        html = page.request.get(f"{href}?kinds=all").text()
        counts.append(len(re.findall(r'class="suggestion(?: [^"]*)?"', html)))
    return max(range(len(counts)), key=counts.__getitem__)


def tag_pair(page: Page) -> None:
    """Open a pair's differences: accept one suggestion, reject one, tag one by hand."""
    page.locator(".difference-link").nth(richest_pair(page)).click()
    panel = page.locator(".pair-tagging")
    expect(panel.locator(".suggestion-kinds")).to_be_visible()
    panel.get_by_role("link", name=re.compile("^show all kinds")).click()
    expect(panel.locator(".suggestion-kinds")).to_contain_text("Every kind")
    expect(panel.locator(".suggestion").first).to_be_visible()
    open_suggestions = panel.locator(".suggestion:not(.judged)")
    before = open_suggestions.count()
    assert before >= 2
    open_suggestions.first.locator("button", has_text="Accept").click()
    expect(page.locator(".pair-tagging .suggestion.judged.accepted")).to_have_count(1)
    page.locator(".pair-tagging .suggestion:not(.judged)").first.locator(
        "button", has_text="Reject"
    ).click()
    expect(page.locator(".pair-tagging .suggestion.judged.rejected")).to_have_count(1)
    # By hand: select words in the first passage (the script fills the form), pick a type.
    quote = page.locator(".pair-tagging blockquote.text").first
    quote.evaluate(
        """el => { const r = document.createRange(); const t = el.firstChild;
                   r.setStart(t, 0); r.setEnd(t, el.textContent.indexOf(' '));
                   const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
                   el.dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); }"""
    )
    first_word = quote.inner_text().split(" ")[0]
    expect(page.locator("#words-a")).to_have_value(first_word)
    page.select_option("#difference-type", label="Emphasis and placement")
    page.fill(".pair-tagging .tag-form input[name=note]", "leads with a different actor")
    page.locator(".pair-tagging .tag-form button[type=submit]").click()
    expect(
        page.locator(".pair-tagging .tag-item", has_text="leads with a different actor")
    ).to_be_visible()


def test_two_researchers_tag_compare_and_export(
    browser: Browser, live_server, seeded: Event
) -> None:
    base = live_server.url
    make_user("researcher", username="ana")
    make_user("researcher", username="ben")

    ana = log_in(browser, base, "ana", LAPTOP)
    tag_frames(
        ana,
        base,
        seeded,
        ["Political", "Security and defense", "Legality, constitutionality and jurisprudence"],
    )
    screenshot(ana, "laptop-framing-1-event-tagged")
    tag_pair(ana)
    screenshot(ana, "laptop-framing-2-pair-differences")

    ben = log_in(browser, base, "ben", PHONE)
    tag_frames(
        ben,
        base,
        seeded,
        ["Political", "Political", "Legality, constitutionality and jurisprudence"],
    )
    screenshot(ben, "phone-framing-1-event-tagged")
    tag_pair(ben)
    screenshot(ben, "phone-framing-2-pair-differences")
    assert Annotation.objects.filter(annotator__username="ana").count() == 5  # 3 frames, 2 pair
    assert set(Decision.objects.values_list("verdict", flat=True)) == {"accepted", "rejected"}

    # Ben sees Ana's tags on request.
    ben.goto(f"{base}/events/{seeded.pk}/?others=1")
    expect(ben.locator(".chip", has_text="Security and defense")).to_be_visible()

    for page, device in ((ana, "laptop"), (ben, "phone")):
        page.goto(f"{base}/framing/agreement/?codebook=frames")
        sets = page.locator("#alpha-1")  # the tag sets (MASI): alpha, interval, items, coders
        expect(sets.locator(".alpha")).to_have_text(re.compile(r"^-?[01]\.\d{3}$"))
        expect(sets).to_contain_text("MASI")
        expect(sets.locator("td").nth(-2)).to_have_text("3")
        expect(sets.locator("td").nth(-1)).to_have_text("2")
        screenshot(page, f"{device}-framing-3-agreement")
        page.goto(f"{base}/framing/chart/")
        expect(page.locator("#frames-chart[data-drawn=true]")).to_have_count(1)
        expect(page.locator("table.counts th[scope=row]", has_text="RT").first).to_be_visible()
        screenshot(page, f"{device}-framing-4-chart")
        for path in (
            f"/events/{seeded.pk}/",
            "/framing/agreement/",
            "/framing/chart/",
            "/framing/",
        ):
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= page.viewport_size["width"], (device, path, width)

    ana.goto(f"{base}/framing/chart/")
    with ana.expect_download() as download:
        ana.click("#chart-csv")
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("outlet,Economic,")
    ana.goto(f"{base}/framing/")
    with ana.expect_download() as download:
        ana.click("a[href='/framing/export/?format=csv']")
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,codebook,kind,tag,") and len(lines) > 10
    # Closed before the live server stops, so no request is still in flight at teardown.
    ana.context.close()
    ben.context.close()
