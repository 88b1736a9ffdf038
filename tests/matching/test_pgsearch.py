"""newsdiff/matching/store/pgsearch.py: candidate search through pgvector's HNSW index.

PostgreSQL only (the PostgreSQL pass of ``make test``); SQLite skips them. The pgvector path must
give the very events and alignments the exact in-process search gives on a small corpus.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from newsdiff.articles.models import Paragraph
from newsdiff.articles.sources import collect
from newsdiff.matching.models import Alignment, Event
from newsdiff.matching.service import align_articles, model_name, rebuild
from newsdiff.matching.store.pgsearch import PgVectorSearch, side_connections, use_pgvector
from newsdiff.uploads.ingest import ingest
from tests.matching.test_index import pairs
from tests.support.factories import make_article, make_embedding, make_outlet

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pgvector needs PostgreSQL"),
]


def snapshot() -> tuple[set, set]:
    events = {
        (e.label, e.period_label, frozenset(e.members.values_list("paragraph_id", "score")))
        for e in Event.objects.all()
    }
    alignments = set(
        Alignment.objects.values_list("paragraph_a_id", "paragraph_b_id", "score", "event__label")
    )
    return events, alignments


def same_with_every_search(settings) -> tuple[set, set]:
    """What the pgvector path stored equals an exact rebuild, and a rebuild through pgvector."""
    assert use_pgvector()
    stored = snapshot()
    assert stored[0] and stored[1]
    settings.NEWSDIFF_VECTOR_SEARCH = "memory"
    rebuild()
    assert snapshot() == stored
    settings.NEWSDIFF_VECTOR_SEARCH = "pgvector"
    rebuild()
    assert snapshot() == stored
    return stored


@pytest.mark.model
def test_seeds_match_alike_through_pgvector_and_exact_search(
    seeds: Path, encoder, settings
) -> None:
    sources, _ = collect([], seeds / "manifest.json")
    ingest(sources, encoder=encoder)  # aligned one article at a time, through pgvector
    same_with_every_search(settings)


WORDS = [
    "harbour",
    "quota",
    "tariff",
    "ferry",
    "glacier",
    "senate",
    "drought",
    "vaccine",
    "pipeline",
    "strike",
]


def clustered_corpus() -> None:
    """40 articles on 8 stories, each retold by several outlets (many events, many candidates),
    each aligned as it comes."""
    rng = np.random.default_rng(7)
    stories = rng.normal(size=(8, 6, 384))  # 8 stories of 6 paragraphs each
    outlets = [make_outlet() for _ in range(5)]
    for n in range(40):
        story = stories[n % 8]
        words = [f"{WORDS[n % 8]} {WORDS[(n + i) % 10]} item{i} of story {n % 8}" for i in range(6)]
        article = make_article(paragraphs=words, outlet=outlets[n % 5])
        for paragraph, centre in zip(article.paragraphs.order_by("position"), story, strict=True):
            vector = centre + rng.normal(scale=0.45, size=384)
            make_embedding(paragraph, vector / np.linalg.norm(vector))
        align_articles([article.pk])


def test_clustered_corpus_matches_alike_through_pgvector_and_exact_search(settings) -> None:
    clustered_corpus()
    events, _ = same_with_every_search(settings)
    assert len(events) >= 8


@pytest.mark.django_db(transaction=True)
def test_matches_outside_a_transaction_share_the_search_and_match_alike(settings) -> None:
    """Committed vectors: each match shares its queries with a side connection, and the events
    are still those of an exact rebuild."""
    settings.NEWSDIFF_SEARCH_CONNECTIONS = 2
    clustered_corpus()  # aligned outside any transaction: two lanes per search
    events, _ = same_with_every_search(settings)
    assert len(events) >= 8


@pytest.mark.django_db(transaction=True)
def test_side_connections_find_what_one_finds_and_see_only_committed_rows() -> None:
    rng = np.random.default_rng(3)
    centre = rng.normal(size=384)
    for _ in range(6):
        article = make_article(paragraphs=[f"p{i}" for i in range(4)])
        for paragraph in article.paragraphs.all():
            vector = centre + rng.normal(scale=0.5, size=384)
            make_embedding(paragraph, vector / np.linalg.norm(vector))
    ids = list(Paragraph.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        one = list(PgVectorSearch(model_name()).search(ids, 0.35))
    with transaction.atomic():
        three = list(PgVectorSearch(model_name(), lanes=3).search(ids, 0.35))
    assert len(one) > len(ids) and three == one  # the same rows, in the same order

    # Uncommitted twins of the first two query paragraphs: the first query runs on this
    # connection and finds its twin; the second runs on a side connection, which cannot see its
    # twin (so ``align_articles`` shares a search only when nothing is left uncommitted).
    with transaction.atomic():
        first, second = (make_article(paragraphs=["twin"]).paragraphs.get() for _ in range(2))
        search = PgVectorSearch(model_name(), lanes=2)
        for twin, query in ((first, ids[0]), (second, ids[1])):
            make_embedding(twin, search.vectors_of([query])[query])
        found = {(q, o) for q, o, _, _ in search.search(ids[:8], 0.35)}
        assert (ids[0], first.pk) in found
        assert (ids[1], second.pk) not in found
        assert (ids[1], second.pk) in set(pairs(PgVectorSearch(model_name()), ids[:8], 0.35))


def test_neighbours_are_the_nearest_of_other_articles_above_the_floor(settings) -> None:
    base = np.eye(384, dtype=np.float32)[0]
    near = base + 0.3 * np.eye(384, dtype=np.float32)[1]
    far = np.eye(384, dtype=np.float32)[2]
    a, b, c = (make_article(paragraphs=["x", "y"]) for _ in range(3))
    pa, pa2 = a.paragraphs.order_by("position")
    make_embedding(pa, base)
    make_embedding(pa2, base)  # same article: never a candidate
    make_embedding(b.paragraphs.first(), near / np.linalg.norm(near))
    make_embedding(c.paragraphs.first(), far)
    with transaction.atomic():
        search = PgVectorSearch(model_name())
        found = pairs(search, [pa.pk], min_cosine=0.35)
        assert found == [(pa.pk, b.paragraphs.first().pk)]
        assert search.article_of(b.paragraphs.first().pk) == b.pk
        settings.NEWSDIFF_NEIGHBOURS = 1  # only the nearest: here the same article's twin
        assert pairs(PgVectorSearch(model_name()), [pa.pk], min_cosine=0.35) == []
        ef = connection.cursor()
        ef.execute("SHOW hnsw.ef_search")
        assert int(ef.fetchone()[0]) == settings.NEWSDIFF_HNSW_EF_SEARCH


def test_body_paragraphs_only(settings) -> None:
    a, b = make_article(paragraphs=["x"]), make_article(paragraphs=["y"])
    heading = Paragraph.objects.create(article=b, position=1, text="Head", kind="heading")
    vector = np.eye(384, dtype=np.float32)[3]
    for p in (a.paragraphs.first(), b.paragraphs.first(), heading):
        make_embedding(p, vector)
    with transaction.atomic():
        found = pairs(PgVectorSearch(model_name()), [a.paragraphs.first().pk], 0.35)
    assert found == [(a.paragraphs.first().pk, b.paragraphs.first().pk)]


@pytest.mark.skipif(
    django_settings.NEWSDIFF_PGBOUNCER,
    reason="behind PgBouncer a connection outlives its server process, and the pid is its own",
)
def test_side_connections_are_kept_for_the_next_search_and_replaced_when_dead() -> None:
    with side_connections.lease() as first:
        pid = first.info.backend_pid
    with side_connections.lease() as again:
        assert again.info.backend_pid == pid  # the same server process, its index pages mapped
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    with side_connections.lease() as fresh:
        assert fresh.info.backend_pid != pid
        assert fresh.execute("SELECT 1").fetchone() == (1,)


def test_no_connection_prepares_statements() -> None:
    """Behind PgBouncer's transaction pooling a statement prepared on one server connection is
    missing on the next. Django turns psycopg's preparing off; the side connections of a
    search, opened by hand, must too."""
    connection.ensure_connection()
    assert connection.connection.prepare_threshold is None
    with side_connections.lease() as side:
        assert side.prepare_threshold is None


def test_the_hnsw_graph_is_built_wider_than_pgvectors_default(settings) -> None:
    """ef_construction 128 (the default 64 found 96% of the true neighbours at 1M, docs/scale.md),
    over the vectors in half precision, and a search a little wider than the neighbours asked
    for (at ef_search = k it scans on)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'articles_embedding_hnsw'")
        assert "ef_construction=128" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_embedding_hnsw'"
        )
        assert "halfvec(384)" in cursor.fetchone()[0]  # half the size, a fifth faster
    assert settings.NEWSDIFF_HNSW_EF_SEARCH > settings.NEWSDIFF_NEIGHBOURS
