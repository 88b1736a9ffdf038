"""Helpers for the browser tests (the fixtures, ``browser`` and ``page``, are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG under test-output/screenshots/, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
