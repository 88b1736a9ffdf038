"""The candidate search over the stored paragraph vectors: one interface, two implementations.

``VectorSearch`` is what the service asks of a search; ``index.VectorIndex`` answers it in
process (the SQLite default: the stored vectors as one matrix per process) and
``pgsearch.PgVectorSearch`` by asking pgvector's HNSW index on PostgreSQL. ``vector_search``
picks the one for the database in use (``NEWSDIFF_VECTOR_SEARCH``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
from django.conf import settings

from newsdiff.matching.core.corpus import Pair
from newsdiff.matching.store.index import vector_index
from newsdiff.matching.store.pgsearch import PgVectorSearch, use_pgvector

Neighbour = tuple[int, int, float]  # (query paragraph, neighbour, cosine)


class VectorSearch(Protocol):
    """Nearest stored paragraphs of one embedding model, and what they belong to."""

    model: str

    @property
    def neighbours(self) -> int:
        """How many nearest paragraphs a search takes of each (``NEWSDIFF_NEIGHBOURS``) before
        it drops those of the paragraph's own article and those under the cosine floor."""
        ...

    def article_of(self, paragraph_id: int) -> int:
        """The article of a paragraph this search has met (found, read or listed)."""
        ...

    def vectors_of(self, paragraph_ids: Iterable[int]) -> dict[int, np.ndarray]:
        """The stored vectors of those paragraphs that have one."""
        ...

    def scored_neighbours(self, paragraph_ids: Sequence[int], min_cosine: float) -> list[Neighbour]:
        """(query, other, cosine) of paragraphs of different articles with cosine at least
        ``min_cosine``, among each query paragraph's ``NEWSDIFF_NEIGHBOURS`` nearest."""
        ...

    def body_ids(self) -> list[tuple[int, int]]:
        """(paragraph, article) of every stored vector the matcher reads: what a rebuild
        searches."""
        ...

    def every_pair(self, min_cosine: float) -> list[Pair]:
        """Every pair ``scored_neighbours`` would find, searching every stored paragraph (each
        pair once, either way round; pairs of one article too): what a rebuild scores."""
        ...


def vector_search(model: str, committed: bool = False) -> VectorSearch:
    """The candidate search for this database: pgvector on PostgreSQL, in process on SQLite.
    ``committed``: every vector it may find is committed, so the pgvector search may share its
    queries with side connections (``NEWSDIFF_SEARCH_CONNECTIONS``)."""
    if not use_pgvector():
        return vector_index(model)
    return PgVectorSearch(model, settings.NEWSDIFF_SEARCH_CONNECTIONS if committed else 1)
