"""Helpers for the browser tests (the fixtures, ``browser`` and ``page``, are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG under test-output/screenshots/, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(
    browser: Browser, base: str, username: str, viewport: dict[str, int] | None = None
) -> Page:
    """A page of a new browser context, logged in as ``username`` (factories' password)."""
    context = browser.new_context(
        viewport=viewport or {"width": 1366, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")
    return page
