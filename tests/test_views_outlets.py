"""newsdiff/web/views/outlets.py: each outlet's articles and the events it covers or misses."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from tests.factories import make_article
from tests.pages import istanbul_corpus, many_events, partial

pytestmark = pytest.mark.django_db


def section(html: str, outlet_id: int) -> str:
    found = re.search(
        rf'<article class="outlet" id="outlet-{outlet_id}">(.*?)</article>', html, re.S
    )
    assert found, outlet_id
    return found.group(1)


def test_outlets_page_shows_articles_and_coverage(client: Client) -> None:
    corpus = istanbul_corpus()
    response = client.get("/outlets/")
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Outlets · newsdiff</title>" in html
    rt = section(html, corpus.rt.pk)
    assert (
        f'<a href="/articles/?outlet={corpus.rt.pk}">2 articles</a> · 15 Dec 2023 – 23 Jan 2024'
        in rt
    )
    assert "Covers 1 event" in rt and "Misses 0 events" in rt
    # Press TV's only article (14 Feb 2022) predates the talks (March 2022): no miss.
    assert "Covers 0 events" in section(html, corpus.press_tv.pk)
    assert "Misses 0 events" in section(html, corpus.press_tv.pk)
    assert "Misses 0 events" in section(html, corpus.ap.pk)  # not publishing at the time
    make_article(outlet=corpus.press_tv, published=dt.date(2022, 4, 30))  # 30 days after
    press_tv = section(client.get("/outlets/").content.decode(), corpus.press_tv.pk)
    assert "Covers 0 events" in press_tv and "Misses 1 event" in press_tv
    assert f'href="/events/{corpus.event.pk}/">Istanbul talks' in press_tv


def test_outlets_htmx_request_gets_only_the_list(client: Client) -> None:
    istanbul_corpus()
    partial(client, "/outlets/", '<section id="outlet-list"')


def test_outlets_page_lists_a_few_events_and_links_to_all(
    client: Client, django_assert_max_num_queries
) -> None:
    events = many_events(12, outlets=3)
    outlet_id = events[0].members.first().article.outlet_id
    with django_assert_max_num_queries(4):
        html = client.get("/outlets/").content.decode()
    mine = section(html, outlet_id)
    assert "Covers 12 events" in mine and mine.count("<li>") == 8
    assert f'href="/?outlet={outlet_id}">All 12 events it covers' in mine


def test_outlets_page_counts_misses_around_when_the_event_happened(client: Client) -> None:
    """A retrospective in 2024 does not make BelTA one that missed a December 2021 event."""
    from tests.factories import make_event, make_outlet

    belta, press_tv = make_outlet(name="BelTA"), make_outlet(name="Press TV")
    make_article(outlet=belta, published=dt.date(2024, 1, 18))
    make_article(outlet=press_tv, published=dt.date(2021, 12, 20))
    reports = [
        make_article(published=dt.date(2021, 12, 17)).paragraphs.get(),
        make_article(published=dt.date(2024, 1, 23)).paragraphs.get(),
    ]
    make_event(reports, period_start=dt.date(2021, 12, 1), period_end=dt.date(2021, 12, 31))
    early = make_outlet(name="Early Wire")
    make_article(outlet=early, published=dt.date(2021, 11, 29))  # two days before the period
    html = client.get("/outlets/").content.decode()
    assert "Misses 0 events" in section(html, belta.pk)
    assert "Misses 1 event" in section(html, press_tv.pk)
    assert "Misses 0 events" in section(html, early.pk)
