"""Stored edges of the match graph: a match walks through stored paragraphs by reading them.

Matching a new article searches its paragraphs' nearest neighbours, then walks the connected
part of the match graph they fall into, so the part can be regrouped alone (``service``). A
walk that searched every stored paragraph it reached again would make 40-100 HNSW queries per new
article on a grown archive instead of ~20, each 5-10 ms at a million paragraphs, and a
bounding read of the neighbours of each. Their edges cannot have changed since they were found:
a pair's score depends only on its two paragraphs and their articles. So every match marks the
paragraphs it searched (``SearchedParagraph``) and stores the edges that keep each part of the
graph it walked connected (``Edge``: a spanning forest, ``forest``); a later walk reads a marked
paragraph's stored edges instead of searching it. The walk only needs to reach every paragraph
of the part (it regroups the part from the paragraphs' scores, not from its edges), and all the
edges of many copies of one story would be hundreds of thousands of rows (210,000 for 300
articles in ``bench/ingest.py``) where the forest is a few thousand.

Removing an edge could split the forest where the graph holds together, so deleting or editing
an article (``signals``) unmarks the paragraphs at either end of its stored edges too: they are
searched again when a walk reaches them, and their edges found again.

An edge a marked paragraph would find only from its own side (a new paragraph whose nearest
``NEWSDIFF_NEIGHBOURS`` leave it out, while it is among the marked one's) is not found: on
small archives every neighbour above the floor fits in ``NEWSDIFF_NEIGHBOURS`` and there is no
such edge; ``rebuild`` searches every paragraph from both sides again.

Both are valid under a ``version``: what decides an edge (``versions.EDGE_VERSION`` and the
analysis version), the time anchors, the embedding model and ``NEWSDIFF_NEIGHBOURS``. After an
upgrade that changes any of them, paragraphs are searched again as walks reach them (and marked
anew), or all at once by ``rebuild``. Matching runs one at a time (``service``), so two
matches cannot each miss the other's new article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator, Sequence

from django.conf import settings
from django.db.models import Q

from newsdiff.articles.models import Paragraph
from newsdiff.lib.anyof import AnyOf
from newsdiff.lib.rows import insert_rows
from newsdiff.matching.core.grouping import DisjointSets
from newsdiff.matching.core.timex import Anchor
from newsdiff.matching.models import Edge, SearchedParagraph
from newsdiff.matching.store import analyses
from newsdiff.matching.store.versions import EDGE_VERSION

CHUNK = 2000  # paragraph ids per query (SQLite bounds a query's parameters)


def version(anchors: tuple[Anchor, ...], model: str) -> str:
    """What the stored edges depend on, as a short hash."""
    parts = f"{EDGE_VERSION}|{analyses.version(anchors)}|{model}|{settings.NEWSDIFF_NEIGHBOURS}"
    if not settings.NEWSDIFF_PAIR_MODEL:  # edges of the other scoring
        parts += "|first stage"
    return hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def searched(paragraphs: Collection[int], current: str) -> set[int]:
    """Those of ``paragraphs`` searched under ``current``: the part of the graph each was in then
    is connected through stored edges."""
    found: set[int] = set()
    for chunk in _chunks(paragraphs):
        rows = SearchedParagraph.objects.filter(AnyOf("paragraph_id", chunk), version=current)
        found.update(rows.values_list("paragraph_id", flat=True))
    return found


def stored(
    paragraphs: Collection[int], current: str
) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """The stored edges of ``paragraphs`` as (low id, high id), and each end's article."""
    pairs: list[tuple[int, int]] = []
    article: dict[int, int] = {}
    for chunk in _chunks(paragraphs):
        rows = Edge.objects.filter(
            Q(AnyOf("paragraph_a_id", chunk)) | Q(AnyOf("paragraph_b_id", chunk)), version=current
        ).values_list(
            "paragraph_a_id", "paragraph_a__article_id", "paragraph_b_id", "paragraph_b__article_id"
        )
        for a, article_a, b, article_b in rows:
            pairs.append((a, b))
            article[a], article[b] = article_a, article_b
    return sorted(set(pairs)), article


def forest(
    stored: Iterable[tuple[int, int]], found: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Those ``found`` edges that join parts of the graph the ``stored`` ones (and the found
    ones before them) leave apart: what keeps the stored edges a spanning forest."""
    sets = DisjointSets()
    for a, b in stored:
        sets.union(a, b)
    return [(a, b) for a, b in sorted(found) if sets.union(a, b)]


def save(paragraphs: Iterable[int], found: Iterable[tuple[int, int]], current: str) -> None:
    """Mark ``paragraphs`` searched under ``current``, and store the ``found`` edges (those of
    ``forest``)."""
    insert_rows(
        SearchedParagraph,
        ("paragraph", "version"),
        [(p, current) for p in sorted(set(paragraphs))],
        conflict=("paragraph",),
        update=("version",),
    )
    unique = sorted({(min(a, b), max(a, b)) for a, b in found})
    insert_rows(
        Edge,
        ("paragraph_a", "paragraph_b", "version"),
        [(a, b, current) for a, b in unique],
        conflict=("paragraph_a", "paragraph_b"),
        update=("version",),
    )


def forget(articles: Collection[int]) -> None:
    """These articles changed (``signals``): their edges may no longer hold, nor may their
    neighbours' lists of edges, so those paragraphs are searched again when a walk reaches them.
    """
    ids = list(Paragraph.objects.filter(article_id__in=articles).values_list("id", flat=True))
    touching = Edge.objects.filter(Q(paragraph_a_id__in=ids) | Q(paragraph_b_id__in=ids))
    ends = {p for pair in touching.values_list("paragraph_a_id", "paragraph_b_id") for p in pair}
    SearchedParagraph.objects.filter(paragraph_id__in=ends | set(ids)).delete()
    touching.delete()


def replace_all(paragraphs: Sequence[int], found: Iterable[tuple[int, int]], current: str) -> None:
    """What a rebuild found: every paragraph searched, and these edges, in place of the rest."""
    Edge.objects.all().delete()
    SearchedParagraph.objects.all().delete()
    save(paragraphs, forest((), found), current)
