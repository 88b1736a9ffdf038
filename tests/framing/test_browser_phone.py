"""The tagging panels on a phone (390 px): within reach, without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.browser import log_in
from tests.factories import make_user
from tests.pages import istanbul_corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pair_panel_fits_a_phone(browser, live_server) -> None:
    corpus = istanbul_corpus()
    rt, _, belta = corpus.paragraphs
    a, b = sorted([rt.pk, belta.pk])
    make_user("researcher", username="rita")
    page = log_in(browser, live_server.url, "rita", {"width": 390, "height": 844})
    page.goto(f"{live_server.url}/framing/pairs/{a}/{b}/")
    panel = page.locator(".pair-tagging")
    height = panel.bounding_box()["height"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # 1,306 px here, 1,604 px with the passages and suggestions uncapped.
    assert height < 1400
