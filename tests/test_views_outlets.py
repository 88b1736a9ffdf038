"""newsdiff/web/views/outlets.py: each outlet's articles and the events it covers or misses."""

from __future__ import annotations

import re

import pytest
from django.test import Client

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
    assert "2 articles · 15 Dec 2023 – 23 Jan 2024" in rt
    assert "Covers 1 event" in rt and "Misses 0 events" in rt
    press_tv = section(html, corpus.press_tv.pk)
    assert "Covers 0 events" in press_tv and "Misses 1 event" in press_tv
    assert f'href="/events/{corpus.event.pk}/">Istanbul talks' in press_tv
    assert "Misses 0 events" in section(html, corpus.ap.pk)  # not publishing at the time


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
