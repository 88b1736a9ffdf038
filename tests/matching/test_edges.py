"""Stored edges: a match reads the edges of paragraphs searched before instead of searching."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from newsdiff.articles.models import Article, ParagraphEmbedding
from newsdiff.matching.models import ArticleAnalysis, Edge, Event, SearchedParagraph
from newsdiff.matching.service import MATCH_LOCK, align_articles, rebuild
from newsdiff.matching.store import edges
from newsdiff.matching.store.index import VectorIndex
from newsdiff.matching.store.pgsearch import PgVectorSearch
from tests.factories import make_story, vector

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The paragraphs whose neighbours matching searches, on either backend, in order."""
    queried: list[int] = []
    for cls in (VectorIndex, PgVectorSearch):
        original = cls.scored_neighbours

        def recording(self, ids, min_cosine, _original=original):  # type: ignore[no-untyped-def]
            queried.extend(ids)
            return _original(self, ids, min_cosine)

        monkeypatch.setattr(cls, "scored_neighbours", recording)
    return queried


def story(text: str, *hot: int, second: int) -> Article:
    """An article: ``text`` embedded on ``hot``, then an unrelated paragraph of its own."""
    return make_story([text, f"Unrelated note number {second}."], [vector(*hot), vector(second)])


def first(article: Article) -> int:
    return article.paragraphs.order_by("position").first().pk  # type: ignore[union-attr]


def stored_edges() -> set[tuple[int, int]]:
    return set(Edge.objects.values_list("paragraph_a_id", "paragraph_b_id"))


def spans(nodes: set[int]) -> bool:
    """Whether the stored edges are a spanning tree of ``nodes``: all of them, no cycle."""
    stored = stored_edges()
    covered = {p for e in stored for p in e}
    return covered == nodes and len(edges.forest((), stored)) == len(stored) == len(nodes) - 1


def event_members() -> set[frozenset[int]]:
    return {
        frozenset(e.members.values_list("paragraph_id", flat=True)) for e in Event.objects.all()
    }


TALKS = "Negotiators met in Istanbul on Tuesday and Arakhamia signed the communique."


def test_a_walk_reads_stored_edges_and_gives_the_rebuild(searches: list[int]) -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    align_articles([a.pk, b.pk])
    assert stored_edges() == {(first(a), first(b))}
    marked = set(SearchedParagraph.objects.values_list("paragraph_id", flat=True))
    assert marked == {p.pk for x in (a, b) for p in x.paragraphs.all()}

    searches.clear()
    c = story("Arakhamia signed in Istanbul on Tuesday, negotiators said.", 1, second=12)
    align_articles([c.pk])
    # Only the new article is searched; a's and b's edges are read, and the event holds all 3.
    assert sorted(searches) == sorted(p.pk for p in c.paragraphs.all())
    assert event_members() == {frozenset({first(a), first(b), first(c)})}
    # c links to both; one of its edges keeps the part connected, and only that one is stored.
    assert spans({first(a), first(b), first(c)})
    incremental = event_members()

    rebuild()
    assert event_members() == incremental and spans({first(a), first(b), first(c)})
    assert SearchedParagraph.objects.count() == 6


def test_paragraphs_without_current_edges_are_searched_again(searches: list[int]) -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    align_articles([a.pk, b.pk])
    SearchedParagraph.objects.filter(paragraph_id=first(a)).delete()  # stored before edges were
    searches.clear()
    c = story("Arakhamia signed in Istanbul on Tuesday, negotiators said.", 1, second=12)
    align_articles([c.pk])
    assert first(a) in searches and first(b) not in searches
    assert SearchedParagraph.objects.filter(paragraph_id=first(a)).exists()

    # Another NEWSDIFF_NEIGHBOURS is another version: every paragraph reached is searched.
    with override_settings(NEWSDIFF_NEIGHBOURS=50):
        searches.clear()
        d = story("In Istanbul on Tuesday Arakhamia signed, negotiators said.", 1, second=13)
        align_articles([d.pk])
        assert {first(a), first(b), first(c)} <= set(searches)
        current = edges.version((), "x")
    assert current != edges.version((), "x")
    assert event_members() == {frozenset({first(a), first(b), first(c), first(d)})}


def test_a_stored_edge_to_a_paragraph_without_its_vector_is_no_edge() -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    align_articles([a.pk, b.pk])
    ParagraphEmbedding.objects.filter(paragraph_id=first(b)).delete()  # to be embedded again
    c = story("Arakhamia signed in Istanbul on Tuesday, negotiators said.", 1, second=12)
    align_articles([c.pk])
    assert event_members() == {frozenset({first(a), first(c)})}


def test_a_deleted_article_does_not_split_the_part_it_held_together(searches) -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    align_articles([a.pk, b.pk])
    c = story("Arakhamia signed in Istanbul on Tuesday, negotiators said.", 1, second=12)
    align_articles([c.pk])
    hub = next(x for x in (a, b, c) if sum(first(x) in e for e in stored_edges()) == 2)
    rest = [x for x in (a, b, c) if x != hub]  # joined by an edge that is not stored
    hub.delete()
    assert not stored_edges()
    # The paragraphs at the other ends are searched again when reached, and found linked.
    assert not SearchedParagraph.objects.filter(paragraph_id__in=[first(x) for x in rest]).exists()
    searches.clear()
    d = story("In Istanbul on Tuesday Arakhamia signed, negotiators said.", 1, second=13)
    align_articles([d.pk])
    assert {first(x) for x in rest} <= set(searches)
    assert event_members() == {frozenset({first(rest[0]), first(rest[1]), first(d)})}


def test_the_forest_keeps_what_joins_parts() -> None:
    assert edges.forest([(1, 2)], [(2, 3), (1, 3), (4, 5), (3, 4)]) == [(1, 3), (3, 4), (4, 5)]
    assert edges.forest([], [(1, 2), (1, 2)]) == [(1, 2)]


def test_aligning_an_article_again_searches_it_again(searches: list[int]) -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    align_articles([a.pk, b.pk])
    before = (event_members(), stored_edges())
    searches.clear()
    align_articles([a.pk])
    assert sorted(searches) == sorted(p.pk for p in a.paragraphs.all())  # b's edges are read
    assert (event_members(), stored_edges()) == before


def test_an_edited_article_drops_its_edges_and_its_neighbours_marks() -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    c = story("Unrelated weather report for the coast.", 7, second=12)
    align_articles([a.pk, b.pk, c.pk])
    b.published = dt.date(2023, 5, 1)  # a corrected date: b's pairs score again
    b.save()
    assert not stored_edges()
    marked = set(SearchedParagraph.objects.values_list("paragraph_id", flat=True))
    # a's first paragraph was b's neighbour: searched again when reached; the others are kept.
    assert marked == {p.pk for x in (a, c) for p in x.paragraphs.all()} - {first(a)}


def test_a_paragraph_deleted_alone_drops_its_articles_edges_and_analysis(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    c = story("Unrelated weather report for the coast.", 7, second=12)
    with django_capture_on_commit_callbacks(execute=True):  # the analyses are stored on commit
        align_articles([a.pk, b.pk, c.pk])
    assert ArticleAnalysis.objects.filter(article=b).exists()
    b.paragraphs.order_by("position").last().delete()  # type: ignore[union-attr]
    assert not stored_edges()
    assert not ArticleAnalysis.objects.filter(article=b).exists()
    marked = set(SearchedParagraph.objects.values_list("paragraph_id", flat=True))
    assert marked == {p.pk for x in (a, c) for p in x.paragraphs.all()} - {first(a)}


def test_deleting_articles_forgets_each_once(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = story(TALKS, 1, second=10), story(TALKS + " Kyiv agreed.", 1, second=11)
    align_articles([a.pk, b.pk])
    forgotten: list[list[int]] = []
    monkeypatch.setattr(edges, "forget", lambda ids: forgotten.append(list(ids)))
    Article.objects.filter(pk__in=[a.pk, b.pk]).delete()
    assert sorted(forgotten) == [[a.pk], [b.pk]]  # not once more for each paragraph


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's advisory lock")
def test_a_match_waits_for_the_one_running() -> None:
    a = story(TALKS, 1, second=10)
    other = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [MATCH_LOCK])  # another worker matching
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
        with pytest.raises(OperationalError, match="lock timeout"):
            align_articles([a.pk])
        other.execute("SELECT pg_advisory_unlock(%s)", [MATCH_LOCK])
        align_articles([a.pk])  # its turn
        assert SearchedParagraph.objects.filter(paragraph_id=first(a)).exists()
    finally:
        other.close()
