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


def test_pages_break_no_content_security_policy_rule(page) -> None:  # type: ignore[no-untyped-def]
    """The CSP allows only our own files: chromium reports any inline script or style it blocks."""
    make_article(title="Talks in Istanbul", outlet=make_outlet(name="BelTA"))
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    for path in ["/", "/articles/", "/outlets/", "/accounts/login/"]:
        response = page.goto(page.base_url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("() => window.htmx !== undefined")
    # An htmx swap too: the filter form replaces the event list in place.
    page.goto(page.base_url + "/")
    page.fill("#event-filter input[name=q]", "Istanbul")
    page.wait_for_url("**/?q=Istanbul*")
    assert [m for m in messages if "Content Security Policy" in m] == []
