"""Paragraph.matching: the events filter's word search, on both databases.

PostgreSQL: full-text search through the GIN index (stemming, phrases, exclusions); SQLite: a
case-insensitive substring.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

from newsdiff.articles.models import Paragraph
from tests.factories import make_article, make_event

pytestmark = pytest.mark.django_db
postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")

TEXTS = [
    "The delegations met for peace talks in Istanbul on Tuesday.",
    "Negotiators talked about a ceasefire near the border.",
    "Markets in London fell as the talks stalled.",
    "A new bridge opened to traffic.",
]


def found(words: str) -> list[int]:
    """Which of TEXTS match, by position."""
    by_id = {p.pk: p.position for p in Paragraph.objects.filter(article__title="Search")}
    hits = Paragraph.objects.matching(words).filter(pk__in=by_id).values_list("pk", flat=True)
    return sorted(by_id[pk] for pk in hits)


@pytest.fixture
def corpus() -> None:
    make_article(paragraphs=TEXTS, title="Search")


def test_a_word_finds_its_paragraphs_on_either_database(corpus: None) -> None:
    assert found("Istanbul") == [0]
    assert found("istanbul") == [0]
    assert found("LONDON") == [2]
    assert found("ceasefire") == [1]
    assert found("submarine") == []


@postgres
def test_postgres_searches_words_not_letters(corpus: None) -> None:
    assert found("talk") == [0, 1, 2]  # stemmed: talks, talked
    assert found('"peace talks"') == [0]  # a phrase
    assert found("talks -Istanbul") == [1, 2]  # an exclusion (talked, talks)
    assert found("bridge or ceasefire") == [1, 3]
    assert found("stanb") == []  # not a substring search


@postgres
def test_postgres_answers_from_the_gin_index(corpus: None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # A tiny table: rule out the scans that read every row, so the choice is visible.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Paragraph.objects.matching("Istanbul").explain()
    assert "articles_paragraph_text_fts" in plan


@sqlite
def test_sqlite_searches_substrings(corpus: None) -> None:
    assert found("stanb") == [0]
    assert found("talk") == [0, 1, 2]


def test_events_filter_uses_the_search_on_either_database(client: Client) -> None:
    talks = make_event(
        [make_article(paragraphs=[t]).paragraphs.get() for t in TEXTS[:2]], label="Talks"
    )
    make_event([make_article(paragraphs=[t]).paragraphs.get() for t in TEXTS[2:]], label="Other")
    html = client.get("/?q=Istanbul").content.decode()
    assert f'href="/events/{talks.pk}/"' in html and "Other" not in html
    assert "peace talks in Istanbul" in html  # the preview is the passage that matched
    assert "Talks" not in client.get("/?q=submarine").content.decode()
