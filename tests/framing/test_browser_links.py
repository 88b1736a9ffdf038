"""A researcher corrects the alignment in Chromium: unlinks a pair in the evidence panel, links
a pair the matcher missed from a passage's panel; both survive ``align --rebuild`` and a new
report that regroups the event."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from newsdiff.matching.models import Alignment, Event
from newsdiff.matching.service import align_articles
from tests.browser import log_in
from tests.factories import make_user
from tests.pages import signing_reports, third_signing_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_researcher_links_and_unlinks_passages(browser: Browser, live_server) -> None:
    base = live_server.url
    one, two = signing_reports()
    align_articles([one.pk, two.pk])
    signed_1, weather = one.paragraphs.order_by("position")
    signed_2, sport = two.paragraphs.order_by("position")
    make_user("researcher", username="rita")
    page = log_in(browser, base, "rita")

    page.goto(f"{base}/pairs/{signed_1.pk}-{signed_2.pk}/")
    page.fill("#link-decisions input[name=note]", "two different signings")
    with page.expect_navigation():
        page.get_by_role("button", name="Not the same event: unlink them").click()
    expect(page.locator("#link-decisions")).to_contain_text("Not the same event: rita")

    page.goto(f"{base}/framing/passages/{weather.pk}/")
    page.locator("details.link-missed summary").click()
    page.fill("details.link-missed input[name=other]", str(sport.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Link them: the same event").click()
    expect(page.locator("#link-decisions")).to_contain_text("Same event: rita")

    call_command("align", "--rebuild")
    three = third_signing_report()
    align_articles([three.pk])
    lo, hi = sorted([weather.pk, sport.pk])
    assert Alignment.objects.filter(paragraph_a_id=lo, paragraph_b_id=hi).exists()
    assert not Alignment.objects.filter(paragraph_a=signed_1, paragraph_b=signed_2).exists()
    event = Event.objects.get(members__paragraph=weather)
    page.goto(f"{base}/events/{event.pk}/")
    expect(page.locator("main")).to_contain_text("Sport results.")
    page.goto(f"{base}/pairs/{lo}-{hi}/")
    expect(page.locator("#link-decisions")).to_contain_text("Same event: rita")
    expect(page.get_by_role("button", name="Not the same event: unlink them")).to_be_visible()
