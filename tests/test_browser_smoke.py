"""The browser harness itself: Debian's chromium loads the app from the live server."""

import pytest

from tests.conftest import screenshot
from tests.factories import make_article, make_outlet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_article_list_renders_in_chromium(page) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Talks in Istanbul", outlet=make_outlet(name="BelTA"))
    page.goto(page.base_url + "/articles/")
    assert page.title().endswith("newsdiff")
    assert page.get_by_role("link", name="Talks in Istanbul").is_visible()
    # htmx is served from static/ and loads (no CDN on these machines).
    page.wait_for_function("() => window.htmx !== undefined")
    assert screenshot(page, "smoke-home").stat().st_size > 1000
