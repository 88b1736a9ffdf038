"""Paragraph.matching: the events filter's word search, on both databases.

Full-text search on both: through the GIN index on PostgreSQL, through the FTS5 table on SQLite
(stemming, phrases, ``or``, exclusions on either).
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

from newsdiff.articles.models import Paragraph
from newsdiff.articles.search import fts5_query
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


def test_either_database_searches_words_not_letters(corpus: None) -> None:
    assert found("talk") == [0, 1, 2]  # stemmed: talks, talked
    assert found('"peace talks"') == [0]  # a phrase
    assert found('"talks peace"') == []  # in its order
    assert found("Istanbul delegations") == [0]  # every word, in any order
    assert found("Istanbul ceasefire") == []
    assert found("talks -Istanbul") == [1, 2]  # an exclusion (talked, talks)
    assert found("-talks") == [3]  # only an exclusion
    assert found("bridge or ceasefire") == [1, 3]
    assert found("talks bridge or ceasefire") == [1]  # or binds first: talks AND (...)
    assert found("stanb") == []  # not a substring search


def test_search_syntax_is_never_read_as_fts5s_own(corpus: None) -> None:
    for words in ["NEAR(talks", "talks*", "text:talks", '"', "-", "or", "AND", "^peace", "(("]:
        found(words)  # no error, whatever the reader typed


def test_a_search_becomes_fts5_strings() -> None:
    query = fts5_query('Lavrov "peace agreement" NATO or Arakhamia -Istanbul')
    assert query.wanted == '"Lavrov" AND "peace agreement" AND ("NATO" OR "Arakhamia")'
    assert query.excluded == '"Istanbul"'
    assert fts5_query('say "hi"" there').wanted == '"say" AND "hi" AND "there"'
    assert fts5_query("or -- ,").empty


@sqlite
def test_sqlite_keeps_the_fts5_table_in_step_with_every_write(corpus: None) -> None:
    paragraph = Paragraph.objects.get(article__title="Search", position=3)
    assert found("bridge") == [3]
    paragraph.text = "A ferry sailed."
    paragraph.save()
    assert found("bridge") == [] and found("ferry") == [3]
    Paragraph.objects.filter(pk=paragraph.pk).update(text="A tunnel opened.")
    assert found("ferry") == [] and found("tunnel") == [3]
    paragraph.delete()
    assert found("tunnel") == []
    with connection.cursor() as cursor:  # the index agrees with the table it indexes
        cursor.execute(
            "INSERT INTO articles_paragraph_fts(articles_paragraph_fts, rank) "
            "VALUES ('integrity-check', 1)"
        )


@sqlite
def test_sqlite_triggers_survive_every_migration() -> None:
    """A migration that rebuilds articles_paragraph on SQLite drops its triggers with it: such a
    migration must create them again (0006), or the search goes stale."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["articles_paragraph"],
        )
        names = {name for (name,) in cursor.fetchall()}
    assert {f"articles_paragraph_fts_{op}" for op in ("insert", "update", "delete")} <= names


@postgres
def test_postgres_answers_from_the_gin_index(corpus: None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # A tiny table: rule out the scans that read every row, so the choice is visible.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Paragraph.objects.matching("Istanbul").explain()
    assert "articles_paragraph_text_fts" in plan


def test_events_filter_uses_the_search_on_either_database(client: Client) -> None:
    talks = make_event(
        [make_article(paragraphs=[t]).paragraphs.get() for t in TEXTS[:2]], label="Talks"
    )
    make_event([make_article(paragraphs=[t]).paragraphs.get() for t in TEXTS[2:]], label="Other")
    html = client.get("/?q=Istanbul").content.decode()
    assert f'href="/events/{talks.pk}/"' in html and "Other" not in html
    assert "peace talks in Istanbul" in html  # the preview is the passage that matched
    assert "Talks" not in client.get("/?q=submarine").content.decode()


def test_words_of_one_event_in_different_paragraphs_find_it_only_together(client: Client) -> None:
    """The search is per paragraph, as on the events page it always was: both words in one."""
    istanbul = make_event(
        [
            make_article(paragraphs=[text]).paragraphs.get()
            for text in [
                "Lavrov said the meeting in Istanbul brought no breakthrough.",
                "Arakhamia spoke of security guarantees.",
            ]
        ],
        label="Istanbul talks",
    )
    html = client.get("/", {"q": "Lavrov Istanbul"}).content.decode()
    assert f'href="/events/{istanbul.pk}/"' in html
    assert (
        f'href="/events/{istanbul.pk}/"'
        in client.get("/", {"q": "istanbul lavrov"}).content.decode()
    )
    assert "Istanbul talks" not in client.get("/", {"q": "Lavrov Arakhamia"}).content.decode()
