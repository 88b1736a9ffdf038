"""Candidate search through pgvector's HNSW index (the PostgreSQL path).

A worker keeps no copy of the stored vectors: each new paragraph asks the database for its
``NEWSDIFF_NEIGHBOURS`` nearest stored paragraphs by cosine distance (``<=>``, answered by the
``articles_embedding_hnsw`` index), and the matcher's cosine floor then drops the far ones. So a
fresh worker matches at full speed at once, and its memory does not grow with the archive.

The index is approximate: ``hnsw.ef_search`` (``NEWSDIFF_HNSW_EF_SEARCH``, set per transaction)
trades speed for recall, and ``bench/scale.py`` measures recall against exact search for this
very query. A paragraph with more than ``NEWSDIFF_NEIGHBOURS`` neighbours above the floor keeps
its nearest ones; the ones it loses are the least similar, the least likely to be an alignment.

Same interface as ``index.VectorIndex`` (``vectors_of``, ``article_of``, ``neighbours``), but it
lives for one matching run: what it knows it learned from the rows that run read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from pgvector.psycopg.vector import register_vector_info
from psycopg.types import TypeInfo

from newsdiff.articles.models import HEADLINES, ParagraphEmbedding, matched_q
from newsdiff.matching.index import VectorIndex, vector_index


def matched_sql(alias: str) -> str:
    """``Paragraph.objects.matched()`` in SQL, on the paragraph table as ``alias``."""
    reasons = ", ".join(f"'{r}'" for r in HEADLINES)
    heading = f"{alias}.kind = 'heading' AND {alias}.reason IN ({reasons})"
    return f"({alias}.kind = 'body' OR ({heading}))"


# The query the matcher runs for each new paragraph (``bench/scale.py`` measures this one).
# The inner ORDER BY ... LIMIT is what the HNSW index answers; the outer query only joins the
# neighbours' articles and applies the floor.
NEIGHBOURS_SQL = f"""
SELECT q.paragraph_id, n.paragraph_id, np.article_id, 1 - n.distance
FROM articles_paragraphembedding q
JOIN articles_paragraph qp ON qp.id = q.paragraph_id
CROSS JOIN LATERAL (
    SELECT e.paragraph_id, e.vector <=> q.vector AS distance
    FROM articles_paragraphembedding e
    WHERE e.model_name = %(model)s AND e.paragraph_id <> q.paragraph_id
    ORDER BY e.vector <=> q.vector
    LIMIT %(k)s
) n
JOIN articles_paragraph np ON np.id = n.paragraph_id
WHERE q.model_name = %(model)s AND q.paragraph_id = ANY(%(ids)s)
  AND {matched_sql("np")} AND np.article_id <> qp.article_id AND n.distance <= %(max_distance)s
"""

VECTORS_SQL = f"""
SELECT e.paragraph_id, p.article_id, e.vector
FROM articles_paragraphembedding e JOIN articles_paragraph p ON p.id = e.paragraph_id
WHERE e.model_name = %s AND {matched_sql("p")} AND e.paragraph_id = ANY(%s)
"""

BATCH = 500  # query paragraphs per round trip
READ_BATCH = 5000  # paragraph ids per read of vectors


def set_search_params(cursor: object, ef_search: int | None = None) -> None:
    """Per transaction (SET LOCAL): how wide the HNSW search looks, and that it keeps looking
    when rows are filtered out (iterative scan, pgvector ≥ 0.8) so LIMIT k still means k."""
    ef = ef_search or settings.NEWSDIFF_HNSW_EF_SEARCH
    execute = cursor.execute  # type: ignore[attr-defined]
    execute(f"SET LOCAL hnsw.ef_search = {max(int(ef), settings.NEWSDIFF_NEIGHBOURS)}")
    execute("SET LOCAL hnsw.iterative_scan = relaxed_order")


class PgVectorSearch:
    """Nearest stored paragraphs by asking PostgreSQL; call inside a transaction."""

    def __init__(self, model: str) -> None:
        if connection.vendor != "postgresql":
            raise RuntimeError("pgvector search needs DATABASE_URL=postgres://…")
        self.model = model
        self._article: dict[int, int] = {}
        self._prepared = False
        self._vector_type: TypeInfo | None = None

    def _cursor_ready(self) -> None:
        if not self._prepared:
            with connection.cursor() as cursor:
                set_search_params(cursor)
            self._prepared = True

    def article_of(self, paragraph_id: int) -> int:
        return self._article[paragraph_id]

    def vectors_of(self, paragraph_ids: Iterable[int]) -> dict[int, np.ndarray]:
        """Vectors in pgvector's binary form, straight into arrays: matching one article reads
        thousands (whole neighbouring articles), and parsing their text form costs ~0.2 ms each."""
        ids = sorted(set(paragraph_ids))
        found: dict[int, np.ndarray] = {}
        connection.ensure_connection()
        raw = connection.connection
        # A server-side-binding cursor of our own: Django's client-side cursors return text only.
        with psycopg.Cursor(raw) as cursor:
            if self._vector_type is None:
                self._vector_type = TypeInfo.fetch(raw, "vector")
            register_vector_info(cursor, self._vector_type)  # type: ignore[arg-type]
            for start in range(0, len(ids), READ_BATCH):
                batch = ids[start : start + READ_BATCH]
                cursor.execute(VECTORS_SQL, [self.model, batch], binary=True)
                for pid, aid, vector in cursor.fetchall():
                    self._article[pid] = aid
                    found[pid] = vector.to_numpy()
        return found

    def neighbours(self, paragraph_ids: Sequence[int], min_cosine: float) -> list[tuple[int, int]]:
        """Pairs (query, other) of paragraphs of different articles with cosine ≥ ``min_cosine``,
        among each query paragraph's ``NEWSDIFF_NEIGHBOURS`` nearest."""
        return [(q, o) for q, o, _ in self.scored_neighbours(paragraph_ids, min_cosine)]

    def scored_neighbours(
        self, paragraph_ids: Sequence[int], min_cosine: float
    ) -> list[tuple[int, int, float]]:
        """``neighbours`` with each pair's cosine."""
        found: list[tuple[int, int, float]] = []
        for query, other, article, cosine in self.search(paragraph_ids, min_cosine):
            self._article[other] = article
            found.append((query, other, float(cosine)))
        return found

    def search(
        self, paragraph_ids: Sequence[int], min_cosine: float, k: int | None = None
    ) -> Iterator[tuple[int, int, int, float]]:
        """(query, neighbour, neighbour's article, cosine) rows of ``NEIGHBOURS_SQL``."""
        self._cursor_ready()
        ids = list(paragraph_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                params: dict[str, Any] = {
                    "model": self.model,
                    "k": k or settings.NEWSDIFF_NEIGHBOURS,
                    "ids": ids[start : start + BATCH],
                    "max_distance": 1 - min_cosine,
                }
                cursor.execute(NEIGHBOURS_SQL, params)
                yield from cursor.fetchall()

    def body_ids(self) -> list[tuple[int, int]]:
        """(paragraph, article) of every stored body vector: what a rebuild walks through."""
        rows = list(
            ParagraphEmbedding.objects.filter(matched_q("paragraph__"), model_name=self.model)
            .order_by("paragraph_id")
            .values_list("paragraph_id", "paragraph__article_id")
        )
        self._article.update(rows)
        return rows


def use_pgvector() -> bool:
    """Whether candidate search goes through the database (``NEWSDIFF_VECTOR_SEARCH``)."""
    mode = settings.NEWSDIFF_VECTOR_SEARCH
    if mode not in ("auto", "memory", "pgvector"):
        raise ImproperlyConfigured(
            f"NEWSDIFF_VECTOR_SEARCH={mode!r}: expected auto, memory or pgvector"
        )
    if mode == "auto":
        return connection.vendor == "postgresql"
    return mode == "pgvector"


def vector_search(model: str) -> PgVectorSearch | VectorIndex:
    """The candidate search for this database: pgvector on PostgreSQL, in process on SQLite."""
    return PgVectorSearch(model) if use_pgvector() else vector_index(model)
