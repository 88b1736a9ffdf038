"""The browser harness itself: Debian's chromium loads the app from the live server."""

import struct

import pytest

from tests.support.browser import screenshot
from tests.support.factories import make_article, make_event, make_outlet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_article_list_renders_in_chromium(page) -> None:
    make_article(title="Talks in Istanbul", outlet=make_outlet(name="BelTA"))
    page.goto(page.base_url + "/articles/")
    assert page.title() == "Articles · newsdiff"
    assert page.get_by_role("link", name="Talks in Istanbul").is_visible()
    assert page.locator("table.articles tbody tr td").first.inner_text() == "BelTA"
    # htmx is served from static/ and loads (no CDN on these machines), and so does the CSS.
    page.wait_for_function("() => window.htmx !== undefined")
    rules = page.evaluate("() => [...document.styleSheets].map(s => s.cssRules.length)")
    assert rules and all(n > 0 for n in rules)
    # The screenshot is a PNG of the whole page at the viewport's width.
    data = screenshot(page, "smoke-home").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1280 and height >= 900


def test_pages_break_no_content_security_policy_rule(page) -> None:
    """The CSP allows only our own files: chromium reports any inline script or style it blocks."""
    make_article(title="Talks in Istanbul", outlet=make_outlet(name="BelTA"))
    event = make_event()
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    for path in ["/", "/articles/", "/outlets/", "/accounts/login/", f"/events/{event.pk}/"]:
        response = page.goto(page.base_url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("() => window.htmx !== undefined")
    # An htmx swap too: the filter form replaces the event list in place.
    page.goto(page.base_url + "/")
    page.fill("#event-filter input[name=q]", "Istanbul")
    page.wait_for_url("**/?q=Istanbul*")
    assert [m for m in messages if "Content Security Policy" in m] == []
