"""Candidate search through pgvector's HNSW index (the PostgreSQL path).

A worker keeps no copy of the stored vectors: each new paragraph asks the database for its
``NEWSDIFF_NEIGHBOURS`` nearest stored paragraphs by cosine distance (``<=>``, answered by the
``articles_embedding_hnsw`` index), and the matcher's cosine floor then drops the far ones. So a
fresh worker matches at full speed at once, and its memory does not grow with the archive.

The index is approximate: ``hnsw.ef_search`` (``NEWSDIFF_HNSW_EF_SEARCH``, set per transaction)
trades speed for recall, and ``bench/scale.py`` measures recall against exact search for this
very query. A paragraph with more than ``NEWSDIFF_NEIGHBOURS`` neighbours above the floor keeps
its nearest ones; the ones it loses are the least similar, the least likely to be an alignment.

One of the two ``search.VectorSearch`` implementations (the other: ``index.VectorIndex``); it
lives for one matching run: what it knows it learned from the rows that run read.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

import numpy as np
import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from pgvector.psycopg.vector import register_vector_info
from psycopg.types import TypeInfo

from newsdiff.articles.models import HEADLINES, ParagraphEmbedding, matched_q


def matched_sql(alias: str) -> str:
    """``Paragraph.objects.matched()`` in SQL, on the paragraph table as ``alias``."""
    reasons = ", ".join(f"'{r}'" for r in HEADLINES)
    heading = f"{alias}.kind = 'heading' AND {alias}.reason IN ({reasons})"
    return f"({alias}.kind = 'body' OR ({heading}))"


# The query the matcher runs for each new paragraph (``bench/scale.py`` measures this one). The
# query paragraphs come as parameters (id, article, vector), not read here: a side connection
# (``search``) runs it too. The inner ORDER BY ... LIMIT is what the HNSW index answers: it
# holds the vectors in half precision (``halfvec``, migration 0008 of articles: half the size, a
# fifth faster), and the distance reported and held to the floor is the full one. The outer
# query only joins the neighbours' articles and applies the floor.
NEIGHBOURS_SQL = f"""
SELECT q.paragraph_id, n.paragraph_id, np.article_id, 1 - n.distance
FROM unnest(%(ids)s::bigint[], %(articles)s::bigint[], %(vectors)b::vector[])
    AS q(paragraph_id, article_id, vector)
CROSS JOIN LATERAL (
    SELECT e.paragraph_id, e.vector <=> q.vector AS distance
    FROM articles_paragraphembedding e
    WHERE e.model_name = %(model)s AND e.paragraph_id <> q.paragraph_id
    ORDER BY e.vector::halfvec({{dim}}) <=> q.vector::halfvec({{dim}})
    LIMIT %(k)s
) n
JOIN articles_paragraph np ON np.id = n.paragraph_id
WHERE {matched_sql("np")} AND np.article_id <> q.article_id AND n.distance <= %(max_distance)s
"""

VECTORS_SQL = f"""
SELECT e.paragraph_id, p.article_id, e.vector
FROM articles_paragraphembedding e JOIN articles_paragraph p ON p.id = e.paragraph_id
WHERE e.model_name = %s AND {matched_sql("p")} AND e.paragraph_id = ANY(%s)
"""


def neighbours_sql() -> str:
    """``NEIGHBOURS_SQL`` for the configured vectors' dimensions (the index's cast names them)."""
    return NEIGHBOURS_SQL.format(dim=int(settings.NEWSDIFF_EMBEDDING_DIM))


BATCH = 500  # query paragraphs per round trip
READ_BATCH = 5000  # paragraph ids per read of vectors
# A lane costs a round trip to check its kept connection and a thread: worth it from this many
# queries on each.
MIN_LANE_QUERIES = 4
Query = tuple[int, int, np.ndarray]  # (paragraph, its article, its vector)
Row = tuple[int, int, int, float]  # (query, neighbour, neighbour's article, cosine)


class SideConnections:
    """Side connections for shared searches, kept open for the life of the process: a new
    server process has none of the HNSW index mapped yet, and its first queries pay for it (a
    fresh side connection per search made 20 queries at 1M slower than one connection)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[psycopg.Connection[Any]] = []
        self._owner = (os.getpid(), "")

    def _key(self) -> tuple[int, str]:
        params = connection.get_connection_params()
        return os.getpid(), repr(sorted((k, str(v)) for k, v in params.items() if k != "context"))

    @contextlib.contextmanager
    def lease(self) -> Iterator[psycopg.Connection[Any]]:
        """An open side connection (autocommit), given back afterwards, or closed on error."""
        key = self._key()
        raw = self._take(key)
        try:
            yield raw
        except BaseException:
            raw.close()
            raise
        idle = raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        with self._lock:
            if idle and not raw.closed and self._owner == key:
                self._idle.append(raw)
                return
        raw.close()

    def _take(self, key: tuple[int, str]) -> psycopg.Connection[Any]:
        with self._lock:
            if key != self._owner:  # forked, or another database: never reuse those sockets
                self._idle, self._owner = [], key
            idle, self._idle = self._idle, []
        while idle:
            raw = idle.pop()
            try:
                raw.execute("SELECT 1")  # the server may have closed it (restart, timeout)
            except psycopg.Error:
                raw.close()
                continue
            with self._lock:
                self._idle.extend(idle)
            return raw
        return psycopg.connect(**connection.get_connection_params(), autocommit=True)

    def close_all(self) -> None:
        """Close the idle ones (before dropping the database they are connected to)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for raw in idle:
            raw.close()


side_connections = SideConnections()


class Executes(Protocol):
    """A cursor, Django's or psycopg's: all ``set_search_params`` needs of one."""

    def execute(self, query: Any, /) -> object: ...


def set_search_params(cursor: Executes, ef_search: int | None = None) -> None:
    """Per transaction (SET LOCAL): how wide the HNSW search looks, and that it keeps looking
    when rows are filtered out (iterative scan, pgvector ≥ 0.8) so LIMIT k still means k."""
    ef = max(int(ef_search or settings.NEWSDIFF_HNSW_EF_SEARCH), settings.NEWSDIFF_NEIGHBOURS)
    # set_config(…, true) is SET LOCAL: both in one round trip.
    cursor.execute(
        f"SELECT set_config('hnsw.ef_search', '{ef}', true),"
        " set_config('hnsw.iterative_scan', 'relaxed_order', true)"
    )


# pgvector's type, as each connection's database knows it: looked up once per connection (a
# catalog query), not once per match.
_vector_types: weakref.WeakKeyDictionary[psycopg.Connection[Any], TypeInfo] = (
    weakref.WeakKeyDictionary()
)


class PgVectorSearch:
    """Nearest stored paragraphs by asking PostgreSQL; call inside a transaction.

    ``lanes`` > 1: a long search is shared between this connection and ``lanes - 1`` side
    connections, each running its share of the queries on a server core of its own (20 queries
    take ~0.27 s at 1M paragraphs on one, ~0.15 s on two). A side connection sees only
    committed rows, so only a caller whose vectors are all committed may ask for it
    (``service.align_articles`` outside any transaction of its caller's)."""

    def __init__(self, model: str, lanes: int = 1) -> None:
        if connection.vendor != "postgresql":
            raise RuntimeError("pgvector search needs DATABASE_URL=postgres://…")
        self.model = model
        self.lanes = max(1, lanes)
        self._article: dict[int, int] = {}
        self._vectors: dict[int, np.ndarray] = {}  # those read: a search reuses them
        self._prepared = False

    def _cursor_ready(self) -> None:
        if not self._prepared:
            with connection.cursor() as cursor:
                set_search_params(cursor)
            self._prepared = True

    def _binary_cursor(self, raw: psycopg.Connection[Any]) -> psycopg.Cursor[Any]:
        """A cursor of our own that binds on the server and reads pgvector's binary form:
        Django's client-side cursors pass and return text, and parsing a vector's text costs
        ~0.2 ms (matching one article reads thousands)."""
        info = _vector_types.get(raw)
        if info is None:
            info = TypeInfo.fetch(raw, "vector")
            if info is None:
                raise ImproperlyConfigured("pgvector's vector type is missing: run migrate")
            _vector_types[raw] = info
        cursor = psycopg.Cursor(raw)
        register_vector_info(cursor, info)  # type: ignore[arg-type]
        return cursor

    @property
    def neighbours(self) -> int:
        return int(settings.NEWSDIFF_NEIGHBOURS)

    def article_of(self, paragraph_id: int) -> int:
        return self._article[paragraph_id]

    def vectors_of(self, paragraph_ids: Iterable[int]) -> dict[int, np.ndarray]:
        ids = sorted(set(paragraph_ids))
        found: dict[int, np.ndarray] = {}
        if not ids:
            return found
        connection.ensure_connection()
        with self._binary_cursor(connection.connection) as cursor:
            for start in range(0, len(ids), READ_BATCH):
                batch = ids[start : start + READ_BATCH]
                cursor.execute(VECTORS_SQL, [self.model, batch], binary=True)
                for pid, aid, vector in cursor.fetchall():
                    self._article[pid] = aid
                    found[pid] = vector.to_numpy()
        self._vectors.update(found)
        return found

    def scored_neighbours(
        self, paragraph_ids: Sequence[int], min_cosine: float
    ) -> list[tuple[int, int, float]]:
        """(query, other, cosine) of paragraphs of different articles with cosine at least
        ``min_cosine``, among each query paragraph's ``NEWSDIFF_NEIGHBOURS`` nearest."""
        found: list[tuple[int, int, float]] = []
        for query, other, article, cosine in self.search(paragraph_ids, min_cosine):
            self._article[other] = article
            found.append((query, other, float(cosine)))
        return found

    def search(
        self, paragraph_ids: Sequence[int], min_cosine: float, k: int | None = None
    ) -> Iterator[Row]:
        """(query, neighbour, neighbour's article, cosine) rows of ``NEIGHBOURS_SQL``, in the
        order of ``paragraph_ids`` (a paragraph without a vector finds nothing)."""
        self._cursor_ready()
        params = {"model": self.model, "k": k or self.neighbours}
        params["max_distance"] = 1 - min_cosine
        ids = list(paragraph_ids)
        lanes = min(self.lanes, len(ids) // MIN_LANE_QUERIES) or 1
        with contextlib.ExitStack() as stack:
            sides = [stack.enter_context(side_connections.lease()) for _ in range(lanes - 1)]
            pool = stack.enter_context(ThreadPoolExecutor(lanes - 1)) if sides else None
            for start in range(0, len(ids), BATCH * lanes):
                batch = ids[start : start + BATCH * lanes]
                # The new articles' vectors were read as they were loaded, just before.
                self.vectors_of(p for p in batch if p not in self._vectors)
                vectors = self._vectors
                queries = [(p, self._article[p], vectors[p]) for p in batch if p in vectors]
                shares = [queries[lane::lanes] for lane in range(lanes)]
                side = [
                    pool.submit(self._side_query, raw, share, params)
                    for raw, share in zip(sides, shares[1:], strict=True)
                ] if pool else []  # fmt: skip
                rows = self._query(connection.connection, shares[0], params)
                rows += [row for future in side for row in future.result()]
                by_query: dict[int, list[Row]] = {}
                for row in rows:
                    by_query.setdefault(row[0], []).append(row)
                for p, _, _ in queries:
                    yield from by_query.get(p, [])

    def _side_query(
        self, raw: psycopg.Connection[Any], queries: list[Query], params: dict[str, Any]
    ) -> list[Row]:
        """``_query`` on a side connection, in a transaction of its own (SET LOCAL lasts one)."""
        with raw.transaction():
            with raw.cursor() as cursor:
                set_search_params(cursor)
            return self._query(raw, queries, params)

    def _query(
        self, raw: psycopg.Connection[Any], queries: list[Query], params: dict[str, Any]
    ) -> list[Row]:
        if not queries:
            return []
        ids, articles, vectors = (list(column) for column in zip(*queries, strict=True))
        with self._binary_cursor(raw) as cursor:
            query = {**params, "ids": ids, "articles": articles, "vectors": vectors}
            cursor.execute(neighbours_sql(), query, binary=True)
            return cursor.fetchall()

    def body_ids(self) -> list[tuple[int, int]]:
        """(paragraph, article) of every stored body vector: what a rebuild walks through."""
        rows = list(
            ParagraphEmbedding.objects.filter(matched_q("paragraph__"), model_name=self.model)
            .order_by("paragraph_id")
            .values_list("paragraph_id", "paragraph__article_id")
        )
        self._article.update(rows)
        return rows

    def every_pair(self, min_cosine: float) -> list[tuple[int, int]]:
        """Every stored paragraph's neighbours, each pair once as (low id, high id)."""
        searched = [p for p, _ in self.body_ids()]
        found = self.scored_neighbours(searched, min_cosine)
        return sorted({(min(q, o), max(q, o)) for q, o, _ in found})


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
