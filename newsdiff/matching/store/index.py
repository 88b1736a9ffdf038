"""In-process vector search over the stored paragraph embeddings (the SQLite default), one of
the two ``search.VectorSearch`` implementations.

Reading 100k vectors from SQLite takes seconds; a matrix product against them takes
milliseconds. So the matrix is kept per process and per model, and refreshed cheaply: when the
embedding table has only grown (ingest), just the new rows are read; when it shrank or was
rewritten (deleted articles, ``embed --force``), it is read again. The check is one aggregate
query (row count and highest id).

Every matching process holds the whole matrix (1.5 KiB a paragraph, plus the analyses the
matcher caches), so this path is for small archives: past ``NEWSDIFF_MEMORY_INDEX_LIMIT`` body
vectors it refuses with ``IndexTooLarge`` rather than exhaust memory, and PostgreSQL's
``pgsearch`` takes over.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from newsdiff.articles.models import ParagraphEmbedding, matched_q
from newsdiff.matching.core.candidates import candidate_pairs, nearest

CHUNK = 5000


class IndexTooLarge(RuntimeError):
    """More stored vectors than the in-process index is allowed to hold."""


class VectorIndex:
    def __init__(self, model: str) -> None:
        self.model = model
        self._reset()

    def _reset(self) -> None:
        self.ids = np.zeros(0, dtype=np.int64)  # paragraph ids, in embedding-id order
        self.articles = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.count = 0
        self.max_id = 0
        self.stamp: object = None  # newest ``created``: catches ids reused after a rollback
        self.last_created: Any = None  # ``created`` of the row ``max_id``
        self._row: dict[int, int] = {}

    def _rows(self, after: int = 0) -> Iterable[tuple[int, int, int, np.ndarray, object]]:
        return (
            ParagraphEmbedding.objects.filter(
                matched_q("paragraph__"), model_name=self.model, id__gt=after
            )
            .order_by("id")
            .values_list("id", "paragraph_id", "paragraph__article_id", "vector", "created")
            .iterator(chunk_size=CHUNK)
        )

    def _append(self, rows: Iterable[tuple[int, int, int, np.ndarray, object]]) -> None:
        ids, articles, vectors, last, created = [], [], [], self.max_id, self.last_created
        for eid, pid, aid, vector, stamp in rows:
            ids.append(pid)
            articles.append(aid)
            vectors.append(vector)
            last, created = eid, stamp
        if not ids:
            return
        start = len(self.ids)
        self.ids = np.concatenate([self.ids, np.array(ids, dtype=np.int64)])
        self.articles = np.concatenate([self.articles, np.array(articles, dtype=np.int64)])
        new = np.stack(vectors).astype(np.float32)
        self.matrix = np.concatenate([self.matrix.reshape(-1, new.shape[1]), new])
        self._row.update({pid: start + i for i, pid in enumerate(ids)})
        self.max_id = last
        self.last_created = created
        self.count += len(ids)

    def refresh(self) -> None:
        state = ParagraphEmbedding.objects.filter(
            matched_q("paragraph__"), model_name=self.model
        ).aggregate(n=Count("id"), top=Max("id"), stamp=Max("created"))
        count, top = state["n"], state["top"] or 0
        limit = settings.NEWSDIFF_MEMORY_INDEX_LIMIT
        if count > limit:
            raise IndexTooLarge(
                f"{count} paragraph vectors are stored, more than the in-process search holds "
                f"(NEWSDIFF_MEMORY_INDEX_LIMIT={limit}); move the archive to PostgreSQL "
                "(DATABASE_URL=postgres://…, where pgvector searches it) or raise the limit "
                f"(about {limit * 1.5 / 1024:.0f} MiB of vectors per matching process now)"
            )
        if (count, top, state["stamp"]) == (self.count, self.max_id, self.stamp):
            return
        self.stamp = state["stamp"]
        # Only grown if our newest row is still there as we read it (a rolled-back transaction
        # can hand the same ids to other rows) and every new row is past it.
        if top > self.max_id and self.count and self._still_there():
            grown = ParagraphEmbedding.objects.filter(
                matched_q("paragraph__"), model_name=self.model, id__gt=self.max_id
            ).count()
            if self.count + grown == count:
                self._append(self._rows(self.max_id))
                return
        self._reset()
        self.stamp = state["stamp"]
        self._append(self._rows())

    def _still_there(self) -> bool:
        return ParagraphEmbedding.objects.filter(
            id=self.max_id, paragraph_id=int(self.ids[-1]), created=self.last_created
        ).exists()

    @property
    def neighbours(self) -> int:
        return int(settings.NEWSDIFF_NEIGHBOURS)

    def article_of(self, paragraph_id: int) -> int:
        return int(self.articles[self._row[paragraph_id]])

    def vectors_of(self, paragraph_ids: Iterable[int]) -> dict[int, np.ndarray]:
        return {p: self.matrix[self._row[p]] for p in paragraph_ids if p in self._row}

    def scored_neighbours(
        self, paragraph_ids: Sequence[int], min_cosine: float
    ) -> list[tuple[int, int, float]]:
        """(query, other, cosine) of paragraphs of different articles with cosine at least
        ``min_cosine``, among each query paragraph's ``NEWSDIFF_NEIGHBOURS`` nearest (as
        ``pgsearch`` asks): on many copies of one story every paragraph is above the floor for
        thousands."""
        rows = [self._row[p] for p in paragraph_ids if p in self._row]
        if not rows:
            return []
        sims = self.matrix[rows] @ self.matrix.T
        keep = nearest(sims, np.array(rows), self.neighbours, min_cosine)
        r, c = np.nonzero(keep)
        other = self.articles[np.asarray(rows, dtype=np.int64)[r]] != self.articles[c]
        r, c = r[other], c[other]
        queries = self.ids[np.asarray(rows, dtype=np.int64)[r]].tolist()
        return list(zip(queries, self.ids[c].tolist(), sims[r, c].tolist(), strict=True))

    def body_ids(self) -> list[tuple[int, int]]:
        return list(zip(self.ids.tolist(), self.articles.tolist(), strict=True))

    def every_pair(self, min_cosine: float) -> list[tuple[int, int]]:
        return candidate_pairs(
            self.ids.tolist(), self.matrix, min_cosine, settings.NEWSDIFF_NEIGHBOURS
        )


_lock = threading.Lock()
indexes: dict[str, VectorIndex] = {}


def vector_index(model: str) -> VectorIndex:
    """The process's index for ``model``, brought up to date with the database."""
    with _lock:
        index = indexes.setdefault(model, VectorIndex(model))
        index.refresh()
        return index
