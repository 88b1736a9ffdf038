"""The one entry point of the matcher that touches the database.

- ``align_articles(ids)`` after an ingest: the new articles' body paragraphs are searched against
  every stored vector, and the connected parts of the match graph they fall into (and only those)
  are regrouped; the walk through those parts reads the edges of stored paragraphs that were
  searched before (``edges``) instead of searching them again. Because a pair's score depends
  only on the two paragraphs and their articles, and parts of the graph never interact, this
  gives exactly what ``rebuild`` gives.
- ``rebuild()`` recomputes every event and alignment from scratch.

Candidates come from ``pgsearch.vector_search``: on PostgreSQL, pgvector's HNSW index answers
each new paragraph's nearest-neighbour query (``pgsearch.PgVectorSearch``; nothing is held per
process); on SQLite, a process-level matrix cache of the stored vectors (``index.VectorIndex``)
so a new article costs one matrix product, not a read of the whole table. Writes happen in one
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone

from newsdiff.articles.embeddings import configured_model, model_label
from newsdiff.articles.models import Article, Paragraph, ParagraphEmbedding
from newsdiff.lib.fields import fit
from newsdiff.matching.core.features import ArticleFeatures, ArticleInput
from newsdiff.matching.core.grouping import components
from newsdiff.matching.core.matcher import (
    AlignmentResult,
    Corpus,
    MatchResult,
    candidate_pairs,
    with_vectors,
)
from newsdiff.matching.core.scoring import DEFAULT_WEIGHTS, score_ceiling
from newsdiff.matching.core.timex import Anchor, load_anchors
from newsdiff.matching.models import Event, EventParagraph
from newsdiff.matching.store import analyses, edges, identity
from newsdiff.matching.store.index import VectorIndex
from newsdiff.matching.store.pgsearch import PgVectorSearch, vector_search

MATCH_LOCK = 0x6E657773  # the advisory lock a match holds on PostgreSQL: any constant, "news"
# Matrix products round differently by shape; search a hair wider, the exact score decides.
EPSILON = 1e-4


@dataclass
class AlignReport:
    events: int = 0  # events written by this run (created or updated)
    alignments: int = 0  # alignments written by this run
    paragraphs: int = 0  # paragraphs whose part of the match graph was regrouped
    removed: int = 0  # events that no longer hold and were deleted


@cache
def _anchors(path: str) -> tuple[Anchor, ...]:
    return load_anchors(path or None)


def _corpus() -> Corpus:
    return Corpus(DEFAULT_WEIGHTS, _anchors(settings.NEWSDIFF_TIME_ANCHORS))


def model_name() -> str:
    """The name stored with the vectors of the configured model (no model is loaded)."""
    return model_label(configured_model())


def edge_version() -> str:
    """The version the stored edges of the match graph must have to be read (``edges``)."""
    return edges.version(_corpus().anchors, model_name())


def _articles(ids: Iterable[int], model: str = "") -> tuple[list[ArticleInput], set[int]]:
    """The articles as the matcher reads them, and (``model`` given) which of their paragraphs
    have a vector of that model, in the same query."""
    ids = sorted(set(ids))
    body: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    headline: dict[int, int] = {}
    embedded: set[int] = set()
    vector = ParagraphEmbedding.objects.filter(paragraph=OuterRef("pk"), model_name=model)
    rows = (
        Paragraph.objects.matched()
        .filter(article_id__in=ids)
        .order_by("article_id", "position")
        .annotate(has_vector=Exists(vector) if model else Value(False))
        .values_list("id", "article_id", "text", "kind", "has_vector")
    )
    for pid, aid, text, kind, has_vector in rows:
        body[aid].append((pid, text))
        if kind == Paragraph.Kind.HEADING:
            headline[aid] = pid
        if has_vector:
            embedded.add(pid)
    found = Article.objects.filter(id__in=ids).values_list("id", "outlet__name", "published")
    articles = [
        ArticleInput(aid, outlet, published, body[aid], headline.get(aid))
        for aid, outlet, published in found
    ]
    return articles, embedded


Light = dict[int, ArticleFeatures]


def _analysed(
    corpus: Corpus,
    articles: list[ArticleInput],
    present: Container[int],
    wanted: Collection[int] | None = None,
) -> list[tuple[ArticleInput, ArticleFeatures]]:
    """Each article as the matcher analyses it (its paragraphs in ``present``: those with a
    vector) with its analysis, stored or fresh (``analyses.analysed``; ``wanted``: only those
    paragraphs of a stored one)."""
    inputs = [with_vectors(article, present) for article in articles]
    stored = analyses.analysed(inputs, corpus.anchors, wanted)
    return [(article, stored[article.id]) for article in inputs]


def _light(corpus: Corpus, index: VectorIndex | PgVectorSearch, wanted: Collection[int]) -> Light:
    """The analysis of each article's ``wanted`` paragraphs, without any vector: enough to bound
    their pairs, not to score them. Read from the stored rows without the articles' texts
    (``analyses.bounding``); an article without them is read and analysed."""
    light = analyses.bounding(wanted, corpus.anchors)
    missing = {index.article_of(p) for p in wanted if not _bounds(light, index.article_of(p), p)}
    if missing:
        articles, present = _articles(missing, index.model)
        light.update((a.id, f) for a, f in _analysed(corpus, articles, present, wanted))
    return light


def _load(corpus: Corpus, index: VectorIndex | PgVectorSearch, article_ids: Iterable[int]) -> None:
    """Add these articles to ``corpus`` with every paragraph vector and their whole analyses."""
    articles, _ = _articles(a for a in set(article_ids) if a not in corpus.articles)
    # One read of the vectors for all of them (a round trip per article adds up on PostgreSQL).
    vectors = index.vectors_of(p for a in articles for p, _ in a.paragraphs)
    for article, analysis in _analysed(corpus, articles, vectors):
        corpus.add(article, vectors, analysis)


def _bounds(light: Light, article: int, paragraph: int) -> bool:
    """Whether ``light`` holds what bounding a pair with ``paragraph`` needs."""
    return article in light and paragraph in light[article].paragraphs


def _reachable(
    corpus: Corpus,
    index: VectorIndex | PgVectorSearch,
    found: list[tuple[int, int, float]],
    light: Light,
) -> list[tuple[int, int]]:
    """The candidate pairs that could score ``link`` (``scoring.score_ceiling``), reading only
    the analyses of the paragraphs found in articles not loaded yet."""
    outside = {o for _, o, _ in found if index.article_of(o) not in corpus.articles}
    unread = {index.article_of(o) for o in outside if not _bounds(light, index.article_of(o), o)}
    if unread:
        wanted = {o for o in outside if index.article_of(o) in unread}
        light.update(_light(corpus, index, wanted))
    kept = []
    reach = corpus.weights.link - EPSILON
    for q, o, cosine in found:
        if not _bounds(light, index.article_of(o), o):
            kept.append((q, o))  # loaded already (or not analysable alone): scored in full
            continue
        own, other = corpus.articles[index.article_of(q)], light[index.article_of(o)]
        if score_ceiling(q, o, own, other, cosine, corpus.weights) >= reach:
            kept.append((q, o))
    return kept


def store_analyses(batch: int = 500, progress: Callable[[int], object] = lambda n: None) -> int:
    """Analyse and store every article without a current stored analysis (``analyses.py``):
    after an upgrade that changed the analysis, so the first matches need not. Matching works
    without it (it analyses and stores what it meets). Returns how many were analysed."""
    index = vector_search(model_name())
    current = analyses.version(_corpus().anchors)
    stale = Article.objects.exclude(analysis__version=current).order_by("id")
    todo = list(stale.values_list("id", flat=True))
    for start in range(0, len(todo), batch):
        with transaction.atomic():
            _load(_corpus(), index, todo[start : start + batch])
        progress(len(todo[start : start + batch]))
    return len(todo)


def _one_at_a_time() -> None:
    """Matches run one at a time (until the caller's transaction ends): two running at once
    would overwrite each other's events, and each miss the other's new article and store edges
    without it (``edges``). SQLite's immediate transactions take the write lock at the start."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCH_LOCK])


def align_articles(article_ids: list[int]) -> AlignReport:
    """Match these (new) articles against the stored corpus and update the events they touch."""
    committed = not connection.in_atomic_block  # so every vector it can find is committed
    with transaction.atomic():
        _one_at_a_time()
        index = vector_search(model_name(), committed)
        corpus = _corpus()
        current = edges.version(corpus.anchors, index.model)
        _load(corpus, index, article_ids)
        frontier = sorted(
            p for a in article_ids if a in corpus.articles for p in corpus.articles[a].paragraphs
        )
        seen = set(frontier)
        graph: set[tuple[int, int]] = set()
        searched: list[int] = []
        found: set[tuple[int, int]] = set()  # the edges searched for in this run
        read: set[tuple[int, int]] = set()  # and those read, stored before
        # Walk the whole connected part of the graph around the new paragraphs: every edge of
        # every paragraph reached is found (searched, or read if stored), so the part is
        # complete and can be regrouped alone.
        light: Light = {}
        known: set[int] = set()  # the new articles are searched, whatever is stored of them
        while frontier:
            todo = [p for p in frontier if p not in known]
            new_edges = _searched_edges(corpus, index, todo, light)
            searched += todo
            found.update(new_edges)
            stored = _stored_edges(corpus, index, known, current)
            read.update(stored)
            new_edges += stored
            graph.update(new_edges)
            frontier = sorted({p for e in new_edges for p in e} - seen)
            seen.update(frontier)
            known = edges.searched(frontier, current)
        edges.save(searched, edges.forest(read, found), current)
        result = MatchResult()
        nodes = {p for e in graph for p in e}
        for component in components(nodes, graph):
            result.extend(corpus.events(component))
        stale = Event.objects.filter(members__paragraph_id__in=seen).distinct()
        return _write(
            result,
            list(stale),
            Q(paragraph_a_id__in=seen) | Q(paragraph_b_id__in=seen),
            index.article_of,
        )


def _searched_edges(
    corpus: Corpus, index: VectorIndex | PgVectorSearch, paragraphs: list[int], light: Light
) -> list[tuple[int, int]]:
    """The edges of ``paragraphs``, by searching their nearest neighbours."""
    if not paragraphs:
        return []
    min_cosine = corpus.weights.min_cosine - EPSILON
    found = _reachable(corpus, index, index.scored_neighbours(paragraphs, min_cosine), light)
    _load(corpus, index, {index.article_of(p) for pairs in found for p in pairs})
    return corpus.edges(found)


def _stored_edges(
    corpus: Corpus, index: VectorIndex | PgVectorSearch, paragraphs: set[int], current: str
) -> list[tuple[int, int]]:
    """The stored edges of ``paragraphs`` (``edges``), their articles loaded into ``corpus``;
    an edge to a paragraph that has lost its vector since is no edge."""
    if not paragraphs:
        return []
    pairs, article_of = edges.stored(paragraphs, current)
    _load(corpus, index, set(article_of.values()))
    return [(a, b) for a, b in pairs if a in corpus.vectors and b in corpus.vectors]


def rebuild() -> AlignReport:
    """Recompute every event and alignment (and the stored edges) from the stored vectors."""
    committed = not connection.in_atomic_block
    with transaction.atomic():
        _one_at_a_time()
        index = vector_search(model_name(), committed)
        corpus = _corpus()
        min_cosine = corpus.weights.min_cosine - EPSILON
        if isinstance(index, PgVectorSearch):
            rows = index.body_ids()
            _load(corpus, index, {a for _, a in rows})
            searched = [p for p, _ in rows]
            found = index.neighbours(searched, min_cosine)
            pairs = sorted({(min(a, b), max(a, b)) for a, b in found})
        else:
            _load(corpus, index, set(index.articles.tolist()))
            searched = index.ids.tolist()
            pairs = candidate_pairs(
                searched, index.matrix, min_cosine, settings.NEWSDIFF_NEIGHBOURS
            )
        graph = corpus.edges(p for p in pairs if index.article_of(p[0]) != index.article_of(p[1]))
        edges.replace_all(searched, graph, edges.version(corpus.anchors, index.model))
        result = MatchResult()
        for component in components({p for e in graph for p in e}, graph):
            result.extend(corpus.events(component))
        return _write(result, list(Event.objects.all()), Q(), index.article_of)


def _write(
    result: MatchResult, stale: Sequence[Event], alignments: Q, article_of: Callable[[int], int]
) -> AlignReport:
    """Replace ``stale`` events by the result's, keeping ids and addresses (``identity``)."""
    old = identity.old_members(stale)
    kept, moved = identity.match_events(old, [{m for m, _ in e.members} for e in result.events])
    by_id = {e.pk: e for e in stale}
    written: list[Event] = []
    now = timezone.now()
    for event, keep in zip(result.events, kept, strict=True):
        obj = by_id[keep] if keep is not None else Event(created=now)
        obj.label = fit(Event, "label", event.label)
        obj.period_start = event.period.start if event.period else None
        obj.period_end = event.period.end if event.period else None
        obj.period_label = event.period.label if event.period else ""
        obj.key_terms = list(event.key_terms)
        obj.updated = now
        written.append(obj)
    # Two queries, not one per event: a new article touches ~20 events.
    existing = [obj for obj in written if obj.pk is not None]
    Event.objects.bulk_create([obj for obj in written if obj.pk is None], batch_size=500)
    fields = ["label", "period_start", "period_end", "period_label", "key_terms", "updated"]
    Event.objects.bulk_update(existing, fields, batch_size=500)
    EventParagraph.objects.filter(event__in=[pk for pk in kept if pk is not None]).delete()
    EventParagraph.objects.bulk_create(
        EventParagraph(event=obj, paragraph_id=pid, article_id=article_of(pid), score=score)
        for obj, event in zip(written, result.events, strict=True)
        for pid, score in event.members
    )
    unique: dict[tuple[int, int], AlignmentResult] = {}
    for a in result.alignments:  # a pair in two events is stored once, with the first
        unique.setdefault((a.paragraph_a, a.paragraph_b), a)
    identity.store_alignments(list(unique.values()), written, alignments)
    identity.retire_events(
        {pk: written[i] if i is not None else None for pk, i in moved.items()},
        {pk: by_id[pk].label for pk in moved},
    )
    return AlignReport(
        events=len(written),
        alignments=len(unique),
        paragraphs=len({m for e in result.events for m, _ in e.members}),
        removed=len(moved),
    )
