"""The site's frame in chromium: the favicon, and the header on a 390 px phone."""

from __future__ import annotations

import pytest

from tests.browser import screenshot
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_favicon_is_served(page) -> None:
    page.goto(page.base_url + "/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href and href.endswith(".svg")
    response = page.request.get(page.base_url + href)
    assert response.status == 200 and response.body().startswith(b"<svg")


def test_on_a_phone_the_navigation_is_one_line_with_a_menu(browser, live_server) -> None:
    make_user("admin", username="editor")  # the longest header: every link and the account
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    header = page.locator("header.site")
    toggle = page.get_by_role("button", name="Menu")
    brand = page.locator("header.site .brand").bounding_box()
    button = toggle.bounding_box()
    assert brand and button and abs(brand["y"] - button["y"]) < 12  # side by side
    assert header.bounding_box()["height"] < 72  # one line: two would be 90 px  # type: ignore[index]
    assert not page.get_by_role("link", name="Articles").is_visible()
    screenshot(page, "phone-menu-closed")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name="Articles").click()
    page.wait_for_url("**/articles/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    context.close()


def test_on_a_laptop_there_is_no_menu_button(page) -> None:
    page.goto(page.base_url + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("link", name="Articles").is_visible()
