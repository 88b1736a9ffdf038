"""Stored article analyses: the matcher reads an article's terms, names and dates instead of
working them out again each time a new article lands next to it.

Analysing an article costs 10-20 ms, and matching one new article meets hundreds of stored ones
(every article holding a neighbour of one of its paragraphs, ~940 at 100k paragraphs); reading
a stored analysis costs a fraction of a millisecond. An analysis is made once, when its article
is first aligned (or by ``manage.py analyse``), and stays valid while:

- ``version``: the analysis (``versions.ANALYSIS_VERSION``, bumped by a change to what it holds
  or how it is stored) and the time anchors are the same, so a change to either invalidates
  every row at once;
- ``digest``: the analysed input is the same (outlet, publication date, the body paragraphs that
  have a vector, and their texts), so an edited or re-embedded article is analysed again.

It is stored as one row for the article and one per paragraph (``ParagraphAnalysis``: the
paragraph's features and its terms' counts in the article, and its ``sketch``). Bounding a pair
with a distant neighbour reads that one paragraph's sketch (``sketches``), not the whole
article, and without the article's texts (~1,000 paragraph rows per new article at 100k
instead of ~19,000 paragraphs); the few pairs the sketch cannot drop are bounded on the
paragraph's whole row (``bounding``). Neither can check the digest without those texts: an
edit to an article or one of its paragraphs drops the article's analysis instead
(``signals``), and every pair that passes the bound is scored on an analysis whose digest was
checked.

Rows are stored packed (``codec.pack``), each paragraph's counts without the ones: those rows
are read from all over their table, one or two per page, so a match reads from memory only if
the table fits in it. At 100k synthetic paragraphs a row is 440 bytes (LZ4; zlib made it 310, but
unpacked ten times slower), not 1,470.

A row that fails either check is analysed afresh and replaced once the matching transaction
has committed, in a short transaction of its own (``save``): two workers matching at once may
each need the other's new article analysed, and writing inside their long transactions would
make them wait on each other's rows, or deadlock.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import struct
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import orjson
from django.db import transaction

from newsdiff.lib import codec
from newsdiff.lib.anyof import AnyOf
from newsdiff.lib.binary import binary_rows
from newsdiff.matching.core.features import ArticleFeatures, ArticleInput, Features, analyse_article
from newsdiff.matching.core.sketch import Dates, Head, Sketch, Sketches, sketch
from newsdiff.matching.core.timex import Anchor, Period
from newsdiff.matching.models import ArticleAnalysis, ParagraphAnalysis, ParagraphSurface
from newsdiff.matching.store.versions import ANALYSIS_VERSION

CHUNK = 1000  # articles or paragraphs per query: bounds the stored rows held at once
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class StoredArticle:
    names: frozenset[str]
    numbers: frozenset[str]


@dataclasses.dataclass(frozen=True)
class StoredParagraph:
    features: Features
    # The article's ``df`` of this paragraph's terms, names and phrases, where it is not 1 (most
    # are found in this paragraph only: ``_own_df``).
    df: dict[str, int]


class SurfaceForms(Mapping[str, str]):
    """A paragraph's stored surface forms (``Features.surface``), unpacked when first read."""

    __slots__ = ("_forms", "_packed")

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._forms: dict[str, str] | None = None

    def _read(self) -> dict[str, str]:
        if self._forms is None:
            self._forms = codec.unpack(dict[str, str], self._packed)
        return self._forms

    def __getitem__(self, term: str) -> str:
        return self._read()[term]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def _hash(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part)
    return h.hexdigest()


@functools.cache
def version(anchors: tuple[Anchor, ...]) -> str:
    """The analysis version and the time anchors in force, as a short hash."""
    return _hash(f"analysis {ANALYSIS_VERSION}".encode(), repr(anchors).encode())


def digest(article: ArticleInput) -> str:
    """What the analysis of ``article`` depends on (every field of its input but the id, the
    row's key), as a short hash."""
    body = tuple((pid, text) for pid, text in article.paragraphs)  # a list reads otherwise
    return _hash(repr(dataclasses.replace(article, id=0, paragraphs=body)).encode())


Rows = tuple[ArticleAnalysis, list[ParagraphAnalysis], list[ParagraphSurface]]
Packed = bytes | memoryview  # a ``codec.pack``ed value as the database gives it back


def rows(analysis: ArticleFeatures, current: str, key: str) -> Rows:
    """The stored form of ``analysis``: its article's row, and one row per paragraph with its
    terms as written in a row of their own (a bound reads the first only)."""
    head = StoredArticle(analysis.names, analysis.numbers)
    article = ArticleAnalysis(
        article_id=analysis.id,
        version=current,
        digest=key,
        recalls=analysis.recalls,
        data=codec.pack(head),
    )
    paragraphs = [
        ParagraphAnalysis(
            paragraph_id=pid,
            article_id=analysis.id,
            data=codec.pack(
                StoredParagraph(dataclasses.replace(f, surface={}), _own_df(f, analysis.df))
            ),
            sketch=pack_sketch(sketch(f)),
        )
        for pid, f in analysis.paragraphs.items()
    ]
    surfaces = [
        ParagraphSurface(analysis_id=pid, forms=codec.pack(f.surface))
        for pid, f in analysis.paragraphs.items()
    ]
    return article, paragraphs, surfaces


def _own_df(f: Features, df: Counter[str]) -> dict[str, int]:
    """The article's counts of the paragraph's terms but the ones, which ``_rebuilt`` knows:
    two thirds of them in news articles (ECB+ and the seeds): most word pairs occur once."""
    return {t: df[t] for t in sorted(f.terms | f.entities | f.phrases) if df[t] != 1}


# A sketch: three counts, the keys (unsigned 32-bit, little-endian), then the dates as JSON.
_COUNTS = struct.Struct("<HHH")
_CONTEXT = codec.decoder(tuple[Period, ...])


def pack_sketch(s: Sketch) -> bytes:
    """``s`` as bytes: its keys in binary (as JSON they took three times the room), its dates
    as ``codec`` writes them."""
    keys = np.array([*sorted(s.terms), *sorted(s.entities), *sorted(s.numbers)], "<u4")
    dates = codec.dumps([s.when, s.context]).encode()
    return _COUNTS.pack(len(s.terms), len(s.entities), len(s.numbers)) + keys.tobytes() + dates


def _split(data: Packed) -> tuple[tuple[int, int, int], bytes, bytes]:
    """A packed sketch's counts of terms, names and quantities, their keys' bytes, and its
    dates' bytes."""
    counts: tuple[int, int, int] = _COUNTS.unpack_from(data)
    end = _COUNTS.size + 4 * sum(counts)
    return counts, bytes(data[_COUNTS.size : end]), bytes(data[end:])


def _unpacked(rows: Sequence[tuple[int, Packed]]) -> Sketches:
    """The sketches ``pack_sketch`` wrote, of these (paragraph, data) rows, in arrays."""
    counts, keys, dated = [], [], []
    dates: dict[bytes, int] = {}  # the distinct dates, in order
    for _, data in rows:
        of_kind, packed, when = _split(data)
        counts.append(of_kind)
        keys.append(packed)
        dated.append(dates.setdefault(when, len(dates)))
    found = np.frombuffer(b"".join(keys), "<u4")
    held = [_dates(when) for when in dates]
    return Sketches.build([p for p, _ in rows], found, np.array(counts), dated, held)


@functools.lru_cache(maxsize=1 << 12)
def _dates(packed: bytes) -> Dates:
    """A sketch's dates, decoded once per distinct value (periods are immutable): the
    paragraphs of an article mostly share theirs, and the week around a publication date is
    the dates of many paragraphs."""
    when, context = orjson.loads(packed)
    return Dates(when, _CONTEXT(context))


def _rebuilt(
    article: ArticleInput,
    recalls: bool,
    head: Packed | None,
    stored: Sequence[tuple[int, Packed, Packed | None]],
) -> ArticleFeatures:
    """The analysis from its rows (``stored``: (paragraph, data, surface forms or None), in
    article order; no ``head``: without the article's names and quantities).

    Each paragraph is decoded when first read (``codec.LazyMapping``), and its terms' counts
    join the article's ``df`` then: of the ~600 paragraphs of the articles a match at 100k
    reads whole, ~70 are scored. Every reader of ``df`` asks for terms of a paragraph it has
    read, whose counts are in by then."""
    names = codec.unpack(StoredArticle, head) if head else StoredArticle(frozenset(), frozenset())
    df: Counter[str] = Counter()

    def decoded(row: tuple[Packed, Packed | None]) -> Features:
        data, surface = row
        paragraph: StoredParagraph = codec.unpack(StoredParagraph, data)
        features = paragraph.features
        if surface:
            # Set on the object just decoded, not copied (``replace``): only the pairs that
            # make an event's evidence read their surface forms.
            object.__setattr__(features, "surface", SurfaceForms(bytes(surface)))
        # Set, not added (``dict.update``, not ``Counter.update``): a term of several
        # paragraphs has its count stored with each of them, so the 1 set here first is
        # overwritten by each of them alike.
        dict.update(df, dict.fromkeys(features.terms | features.entities | features.phrases, 1))
        dict.update(df, paragraph.df)
        return features

    paragraphs = codec.LazyMapping({pid: (data, surface) for pid, data, surface in stored}, decoded)
    return ArticleFeatures(
        article.id, article.outlet, article.published, paragraphs, df,
        names.names, names.numbers, recalls,
    )  # fmt: skip


def bounding(wanted: Collection[int], anchors: tuple[Anchor, ...]) -> dict[int, ArticleFeatures]:
    """The stored analyses of these paragraphs (of the current version), by article, each
    holding only them and the article's names and quantities, as ``analysed(..., wanted)``
    gives them: without the articles' texts. An article none of them has a row of is left
    out.

    The digest is not checked (that would read every paragraph of the article): an edit to an
    article or its paragraphs deletes its analysis instead (``forget``), and a pair these allow
    is scored on an analysis ``analysed`` checks in full.
    """
    by_article = _by_article(wanted, "data")
    columns = ("recalls", "article__outlet__name", "article__published", "data")
    return {
        aid: _rebuilt(
            ArticleInput(aid, outlet, published, ()),
            recalls,
            head,
            [(pid, data, None) for pid, data in by_article[aid]],
        )
        for aid, recalls, outlet, published, head in _current(by_article, anchors, columns)
    }


def sketches(
    wanted: Collection[int], anchors: tuple[Anchor, ...]
) -> tuple[dict[int, Head], Sketches]:
    """The stored sketches of these paragraphs (of the current version), and what bounding
    their pairs needs of their articles (``sketch.Head``): enough to bound their pairs from
    above (``sketch``). A paragraph without one is left out. The digest is not checked, as
    ``bounding`` does not."""
    by_article = _by_article(wanted, "sketch")
    columns = ("recalls", "article__published")
    heads = {
        aid: Head(published, recalls)
        for aid, recalls, published in _current(by_article, anchors, columns)
    }
    return heads, _unpacked([row for aid in heads for row in by_article[aid]])


def _by_article(wanted: Collection[int], column: str) -> dict[int, list[tuple[int, Packed]]]:
    """``column`` of the stored rows of these paragraphs, by article, in paragraph order."""
    found: dict[int, list[tuple[int, Packed]]] = {}
    for ids in _chunks(sorted(set(wanted))):
        rows = ParagraphAnalysis.objects.filter(AnyOf("paragraph_id", ids))
        for pid, aid, data in binary_rows(
            rows.order_by("paragraph_id").values_list("paragraph_id", "article_id", column)
        ):
            found.setdefault(aid, []).append((pid, data))
    return found


def _current(
    article_ids: Collection[int], anchors: tuple[Anchor, ...], columns: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """(article, *``columns``) of those of these articles whose analysis is of the current
    version."""
    # The articles in a query of their own: joined to ~1,000 paragraph rows, PostgreSQL read
    # every article (a hash join) to find a few hundred of them.
    current = version(anchors)
    for aids in _chunks(sorted(article_ids)):
        heads = ArticleAnalysis.objects.filter(AnyOf("article_id", aids), version=current)
        yield from binary_rows(heads.values_list("article_id", *columns))


def forget(article_ids: Collection[int]) -> None:
    """Drop the stored analyses of these articles (they were edited): read again, they are
    analysed afresh."""
    ArticleAnalysis.objects.filter(article_id__in=article_ids).delete()


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def analysed(
    articles: Sequence[ArticleInput],
    anchors: tuple[Anchor, ...],
    wanted: Collection[int] | None = None,
) -> dict[int, ArticleFeatures]:
    """Each article's analysis, by id: the stored one where it is still valid, else analysed
    now, and stored when the caller's transaction commits.

    ``wanted``: read only these paragraphs of a stored analysis (the others are left out of
    it, with their terms' counts; the article's names and quantities are in), enough to
    bound their pairs (``scoring.score_ceiling``), never to score them; an article analysed
    now comes whole.
    """
    current = version(anchors)
    found: dict[int, ArticleFeatures] = {}
    fresh: list[Rows] = []
    for chunk in _chunks(articles):
        heads = {
            aid: (key, recalls, data)
            for aid, key, recalls, data in binary_rows(
                ArticleAnalysis.objects.filter(
                    AnyOf("article_id", [a.id for a in chunk]), version=current
                ).values_list("article_id", "digest", "recalls", "data")
            )
        }
        keys = {a.id: digest(a) for a in chunk}
        valid = [a for a in chunk if a.id in heads and heads[a.id][0] == keys[a.id]]
        stored = _paragraph_rows(valid, wanted)
        valid_ids = {a.id for a in valid}
        for article in chunk:
            head = heads.get(article.id)
            need = [p for p, _ in article.paragraphs if wanted is None or p in wanted]
            if article.id in valid_ids and head is not None and all(p in stored for p in need):
                data = [(p, *stored[p]) for p in need]
                found[article.id] = _rebuilt(article, head[1], head[2], data)
                continue
            found[article.id] = analysis = analyse_article(article, anchors)
            fresh.append(rows(analysis, current, keys[article.id]))
    if fresh:
        # Robust: a failed write (the article deleted meanwhile) only costs a later analysis.
        transaction.on_commit(functools.partial(save, fresh), robust=True)
    return found


def _paragraph_rows(
    articles: Sequence[ArticleInput], wanted: Collection[int] | None
) -> dict[int, tuple[Packed, Packed | None]]:
    """The stored paragraph rows of these articles, as (data, surface forms); only ``wanted``
    ones, if given, and without their surface forms (a bound needs none)."""
    if wanted is None:
        query = ParagraphAnalysis.objects.filter(AnyOf("article_id", [a.id for a in articles]))
        columns = query.values_list("paragraph_id", "data", "surface__forms")
        return {p: (d, s) for p, d, s in binary_rows(columns)}
    ids = [p for a in articles for p, _ in a.paragraphs if p in wanted]
    query = ParagraphAnalysis.objects.filter(AnyOf("paragraph_id", ids))
    return {p: (d, None) for p, d in binary_rows(query.values_list("paragraph_id", "data"))}


def save(analyses: list[Rows]) -> None:
    """Insert or replace, in article order, in one transaction (two workers storing the same
    articles lock their rows in the same order: one waits, neither deadlocks; the second then
    replaces the first's paragraph rows whole)."""
    ordered = sorted(analyses, key=lambda stored: stored[0].article_id)
    with transaction.atomic():
        ArticleAnalysis.objects.bulk_create(
            [article for article, _, _ in ordered],
            batch_size=200,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["version", "digest", "recalls", "data"],
        )
        ids = [article.article_id for article, _, _ in ordered]
        ParagraphAnalysis.objects.filter(article_id__in=ids).delete()
        ParagraphAnalysis.objects.bulk_create(
            [p for _, paragraphs, _ in ordered for p in paragraphs],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["paragraph"],
            update_fields=["article", "data", "sketch"],
        )
        ParagraphSurface.objects.bulk_create(
            [s for _, _, surfaces in ordered for s in surfaces],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["analysis"],
            update_fields=["forms"],
        )
