"""The matcher on the stored corpus: load -> walk -> core pipeline -> write.

The one module of the matcher that touches the database besides ``store/`` (which keeps the
analyses, edges, event identities and searches the stored vectors).

- ``align_articles(ids)`` after an ingest: the new articles' body paragraphs are searched against
  every stored vector (``store.search.VectorSearch``), and the connected parts of the match graph
  they fall into (and only those) are walked (``Walk``: the paragraphs searched before have their
  stored edges read instead, ``store.edges``) and regrouped by the core (``matcher.events_of``).
  Because a pair's score depends only on the two paragraphs and their articles, and parts of the
  graph never interact, this gives exactly what ``rebuild`` gives.
- ``rebuild()`` recomputes every event and alignment from scratch.

Both read people's corrections (``store.decisions``: must-link, cannot-link) and hand them to the
core, which groups with them; a must-link is also an edge of the walk.

Articles are loaded into the core's ``Corpus`` with their stored analyses (``store.analyses``);
the events found are written in place of the ones they replace, keeping their ids and addresses
(``store.identity``), in one transaction.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Collection, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone

from newsdiff.articles.embeddings import configured_model, model_label
from newsdiff.articles.models import Article, Paragraph, ParagraphEmbedding
from newsdiff.lib.anyof import AnyOf
from newsdiff.lib.collector import collector_paused
from newsdiff.lib.fields import fit
from newsdiff.lib.rows import insert_rows, update_rows
from newsdiff.matching.core.constraints import NO_CONSTRAINTS, Constraints
from newsdiff.matching.core.corpus import Corpus, Pair, with_vectors
from newsdiff.matching.core.enclosed import gaps
from newsdiff.matching.core.features import ArticleFeatures, ArticleInput
from newsdiff.matching.core.holding import Before
from newsdiff.matching.core.labels import kept_label
from newsdiff.matching.core.links import link_edges
from newsdiff.matching.core.matcher import events_of
from newsdiff.matching.core.params import (
    DEFAULT_PARAMS,
    FIRST_STAGE_PARAMS,
    SEARCH_EPSILON,
    Params,
)
from newsdiff.matching.core.results import AlignmentResult, MatchResult
from newsdiff.matching.core.scorer import PairScorer
from newsdiff.matching.core.scoring import score_ceiling
from newsdiff.matching.core.searched import Hit, SignalCeilings, beyond
from newsdiff.matching.core.sketch import Head, Sketches, keyed, sketch_ceilings
from newsdiff.matching.core.timex import Anchor, load_anchors
from newsdiff.matching.models import Event, EventParagraph
from newsdiff.matching.signals import events_written
from newsdiff.matching.store import analyses, decisions, edges, identity
from newsdiff.matching.store.search import VectorSearch, vector_search
from newsdiff.text.dateline import filed

MATCH_LOCK = 0x6E657773  # the advisory lock a match holds on PostgreSQL: any constant, "news"


@dataclass
class AlignReport:
    events: int = 0  # events written by this run (created or updated)
    alignments: int = 0  # alignments written by this run
    paragraphs: int = 0  # paragraphs whose part of the match graph was regrouped
    removed: int = 0  # events that no longer hold and were deleted


@cache
def _anchors(path: str) -> tuple[Anchor, ...]:
    return load_anchors(path or None)


def params() -> Params:
    """The matcher's parameters, with the stored corpus's ``NEWSDIFF_NEIGHBOURS``."""
    chosen = DEFAULT_PARAMS if settings.NEWSDIFF_PAIR_MODEL else FIRST_STAGE_PARAMS
    return dataclasses.replace(chosen, neighbours=settings.NEWSDIFF_NEIGHBOURS)


def configured_corpus() -> Corpus:
    return Corpus(_anchors(settings.NEWSDIFF_TIME_ANCHORS))


def model_name() -> str:
    """The name stored with the vectors of the configured model (no model is loaded)."""
    return model_label(configured_model())


def edge_version() -> str:
    """The version the stored edges of the match graph must have to be read (``edges``)."""
    return edges.version(configured_corpus().anchors, model_name())


# --- Load: stored articles into the core's corpus --------------------------------------------


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
        .filter(AnyOf("article_id", ids))
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
    found = Article.objects.filter(id__in=ids).values_list(
        "id", "outlet__name", "published", "dateline"
    )
    articles = [
        ArticleInput(
            aid, outlet, published, body[aid], headline.get(aid), filed(dateline, published)
        )
        for aid, outlet, published, dateline in found
    ]
    return articles, embedded


Light = dict[int, ArticleFeatures]  # analyses of a few paragraphs each: enough to bound


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


def _light(corpus: Corpus, search: VectorSearch, wanted: Collection[int]) -> Light:
    """The analysis of each article's ``wanted`` paragraphs, without any vector: enough to bound
    their pairs, not to score them. Read from the stored rows without the articles' texts
    (``analyses.bounding``); an article without them is read and analysed."""
    light = analyses.bounding(wanted, corpus.anchors)
    missing = {search.article_of(p) for p in wanted if not _bounds(light, search.article_of(p), p)}
    if missing:
        articles, present = _articles(missing, search.model)
        light.update((a.id, f) for a, f in _analysed(corpus, articles, present, wanted))
    return light


def _load(corpus: Corpus, search: VectorSearch, article_ids: Iterable[int]) -> None:
    """Add these articles to ``corpus`` with every paragraph vector and their whole analyses."""
    articles, _ = _articles(a for a in set(article_ids) if a not in corpus.articles)
    # One read of the vectors for all of them (a round trip per article adds up on PostgreSQL).
    vectors = search.vectors_of(p for a in articles for p, _ in a.paragraphs)
    for article, analysis in _analysed(corpus, articles, vectors):
        corpus.add(article, vectors, analysis)


def _bounds(light: Light, article: int, paragraph: int) -> bool:
    """Whether ``light`` holds what bounding a pair with ``paragraph`` needs."""
    return article in light and paragraph in light[article].paragraphs


def store_analyses(batch: int = 500, progress: Callable[[int], object] = lambda n: None) -> int:
    """Analyse and store every article without a current stored analysis (``store.analyses``):
    after an upgrade that changed the analysis, so the first matches need not. Matching works
    without it (it analyses and stores what it meets). Returns how many were analysed."""
    search = vector_search(model_name())
    current = analyses.version(configured_corpus().anchors)
    stale = Article.objects.exclude(analysis__version=current).order_by("id")
    todo = list(stale.values_list("id", flat=True))
    for start in range(0, len(todo), batch):
        with transaction.atomic():
            _load(configured_corpus(), search, todo[start : start + batch])
        progress(len(todo[start : start + batch]))
    return len(todo)


# --- Walk: the connected parts of the match graph around the new paragraphs -------------------


@dataclass
class Walk:
    """A walk through the parts of the match graph that ``start`` falls into: every edge of every
    paragraph reached is found, by searching the paragraph's nearest neighbours, or by reading
    its stored edges when it was searched before (``store.edges``) — the new articles' own
    paragraphs are always searched. So the parts are complete and can be regrouped alone."""

    corpus: Corpus
    scorer: PairScorer
    search: VectorSearch
    version: str  # of the stored edges it reads and writes
    reached: set[int] = field(default_factory=set)  # every paragraph reached
    graph: set[Pair] = field(default_factory=set)  # every edge found or read
    searched: list[int] = field(default_factory=list)  # the paragraphs it searched
    found: set[Pair] = field(default_factory=set)  # the edges its searches found
    read: set[Pair] = field(default_factory=set)  # the stored edges it read
    light: Light = field(default_factory=dict)  # bounding analyses of articles not loaded
    rules: Constraints = NO_CONSTRAINTS  # people's must-links are edges of the walk too
    asked: set[int] = field(default_factory=set)  # paragraphs whose stored events were read
    sketched: Sketches = field(default_factory=Sketches)  # stored sketches read
    heads: dict[int, Head] = field(default_factory=dict)  # their articles' dates
    sketch_asked: set[int] = field(default_factory=set)  # paragraphs whose sketch was asked for
    hits: dict[int, list[Hit]] = field(default_factory=dict)  # each searched paragraph's finds
    ceilings: dict[int, SignalCeilings] = field(default_factory=dict)  # of searched articles

    def run(self, start: Iterable[int]) -> None:
        frontier = sorted(set(start))
        self.reached.update(frontier)
        stored: set[int] = set()  # the new paragraphs are searched, whatever is stored of them
        while frontier:
            reached = self._search([p for p in frontier if p not in stored])
            reached += self._read(stored)
            reached += self._linked(frontier)
            self.graph.update(reached)
            frontier = sorted({p for e in reached for p in e} - self.reached)
            if not frontier:
                frontier = self._around()
            self.reached.update(frontier)
            stored = edges.searched(frontier, self.version)

    def _around(self) -> list[int]:
        """What an event of the parts reached may hold besides their nodes (``core.enclosed``):
        the paragraphs an article tells between two paragraphs reached, and every member of a
        stored event holding one reached; so every part whose events change is regrouped."""
        corpus, reached = self.corpus, self.reached
        articles = {corpus.article_of[p] for p in reached if p in corpus.article_of}
        inside = {p for a in articles for p in gaps(corpus.rows[a], reached)}
        # The stored events of paragraphs asked about before are in ``reached`` already.
        new = sorted(reached - self.asked)
        self.asked.update(new)
        held = EventParagraph.objects.filter(AnyOf("event__members__paragraph_id", new))
        members = held.order_by().values_list("paragraph_id", flat=True)
        return sorted(inside.union(members) - reached)

    def save(self) -> None:
        """Mark the paragraphs searched, and store the edges that keep the parts connected."""
        edges.save(self.searched, edges.forest(self.read, self.found), self.version)

    def _search(self, paragraphs: list[int]) -> list[Pair]:
        """The edges of ``paragraphs``, by searching their nearest neighbours."""
        self.searched += paragraphs
        if not paragraphs:
            return []
        neighbours = self.search.scored_neighbours(paragraphs, self._floor())
        self.hits.update((p, []) for p in paragraphs)
        for q, o, cosine in neighbours:
            self.hits[q].append((o, cosine))
        found = self._reachable(neighbours)
        ends = {p for pair in found for p in pair}  # a few thousand paragraphs in 100,000s of pairs
        _load(self.corpus, self.search, {self.search.article_of(p) for p in ends})
        new = link_edges(self.scorer, found)
        self.found.update(new)
        return new

    def _floor(self) -> float:
        """The cosine under which the search drops what it finds."""
        return self.scorer.weights.min_cosine - SEARCH_EPSILON

    def _ceilings(self, article: int) -> SignalCeilings | None:
        """The most the ``coverage`` and ``closest`` signals of a loaded ``article`` can be with
        an article its paragraphs found one of (``core.searched``); None until every one of
        its paragraphs was searched."""
        found = self.ceilings.get(article)
        if found is not None:
            return found
        rows, hits, vectors = self.corpus.rows[article], self.hits, self.corpus.vectors
        if not all(p in hits for p in rows):
            return None

        def nearest_own(p: int) -> float:
            return max(float(vectors[p] @ vectors[o]) for o in rows if o != p)

        floor, asked = self._floor(), self.search.neighbours
        limits = {
            p: beyond([c for _, c in hits[p]], len(rows) - 1, partial(nearest_own, p), asked, floor)
            for p in rows
        }
        found = self.ceilings[article] = SignalCeilings(rows, hits, limits, self.search.article_of)
        return found

    def _linked(self, paragraphs: list[int]) -> list[Pair]:
        """People's must-links of ``paragraphs``: edges whatever the matcher scored, with the
        partners' articles loaded so that they are grouped too."""
        inside = set(paragraphs)
        linked = [p for p in self.rules.must if p[0] in inside or p[1] in inside]
        if not linked:
            return []
        ends = {n for p in linked for n in p}
        articles = Paragraph.objects.filter(pk__in=ends).values_list("article_id", flat=True)
        _load(self.corpus, self.search, set(articles))
        vectors = self.corpus.vectors
        return [p for p in linked if p[0] in vectors and p[1] in vectors]

    def _read(self, paragraphs: set[int]) -> list[Pair]:
        """The stored edges of ``paragraphs``, their articles loaded into the corpus; an edge to
        a paragraph that has lost its vector since is no edge."""
        if not paragraphs:
            return []
        pairs, article_of = edges.stored(paragraphs, self.version)
        _load(self.corpus, self.search, set(article_of.values()))
        vectors = self.corpus.vectors
        kept = [(a, b) for a, b in pairs if a in vectors and b in vectors]
        self.read.update(kept)
        return kept

    def _reachable(self, found: list[tuple[int, int, float]]) -> list[Pair]:
        """The candidate pairs that could score ``link`` (``scoring.score_ceiling``): bounded
        first on the sketches of the paragraphs found in articles not loaded yet (``sketch``),
        then the few that pass on those paragraphs' whole analyses."""
        corpus = self.corpus
        # Each paragraph's article looked up once: a paragraph is in hundreds of the pairs.
        ends = {p for q, o, _ in found for p in (q, o)}
        article_of = {p: self.search.article_of(p) for p in ends}
        outside = {o for _, o, _ in found if article_of[o] not in corpus.articles}
        self._sketch({o for o in outside if not _bounds(self.light, article_of[o], o)})
        scorer, sketched, heads = self.scorer, self.sketched, self.heads
        weights, model = scorer.weights, scorer.model
        reach = weights.link - SEARCH_EPSILON
        # Each paragraph's pairs with sketched ones bounded together (``sketch_ceilings``).
        by_query: dict[int, list[int]] = {}
        for i, (q, o, _) in enumerate(found):
            if o in outside and o in sketched.rows:
                by_query.setdefault(q, []).append(i)
        dropped: set[int] = set()
        for q, pairs in by_query.items():
            own = corpus.articles[article_of[q]]
            others = [found[i][1] for i in pairs]
            bounds = sketch_ceilings(
                keyed(q, own), own, sketched, others, [heads[article_of[o]] for o in others],
                [found[i][2] for i in pairs], weights, model, scorer.long(q),
            )  # fmt: skip
            dropped.update(i for i, bound in zip(pairs, bounds, strict=True) if bound < reach)
        passed = [pair for i, pair in enumerate(found) if i not in dropped]
        return self._bounded(passed, article_of)

    def _sketch(self, paragraphs: set[int]) -> None:
        """Read the sketches of these paragraphs not asked about before."""
        ask = paragraphs - self.sketch_asked
        if ask:
            self.sketch_asked |= ask
            heads, found = analyses.sketches(ask, self.corpus.anchors)
            self.heads.update(heads)
            self.sketched += found

    def _bounded(
        self, found: list[tuple[int, int, float]], article_of: dict[int, int]
    ) -> list[Pair]:
        """The pairs that could score ``link``, reading only the analyses of the paragraphs
        found in articles not loaded yet, and their articles' names and quantities: with them
        and the searches of a new article, the most the article model's logit of the two can
        be (``core.searched``), so a neighbour it holds apart is not loaded for a lift."""
        corpus, light = self.corpus, self.light
        outside = {o for _, o, _ in found if article_of[o] not in corpus.articles}
        unread = {article_of[o] for o in outside if not _bounds(light, article_of[o], o)}
        if unread:
            wanted = {o for o in outside if article_of[o] in unread}
            light.update(_light(corpus, self.search, wanted))
        kept = []
        scorer = self.scorer
        weights, model, context = scorer.weights, scorer.model, scorer.article_pairs
        reach = weights.link - SEARCH_EPSILON
        bounded = {o for _, o, _ in found if _bounds(light, article_of[o], o)}
        logits: dict[Pair, float] = {}  # the most each pair of articles' logit can be
        for q, o, cosine in found:
            if o not in bounded:
                kept.append((q, o))  # loaded already (or not analysable alone): scored in full
                continue
            a, b = article_of[q], article_of[o]
            own, other = corpus.articles[a], light[b]
            if (a, b) not in logits:
                ceilings = self._ceilings(a)
                signals = ceilings(b) if ceilings else None
                logits[a, b] = context.logit_ceiling(a, other, *signals) if signals else math.inf
            # A long new paragraph makes the pair the first stage's, whatever the other is.
            long = scorer.long(q)
            if score_ceiling(q, o, own, other, cosine, weights, model, long, logits[a, b]) >= reach:
                kept.append((q, o))
        return kept


def _one_at_a_time() -> None:
    """Matches run one at a time (until the caller's transaction ends): two running at once
    would overwrite each other's events, and each miss the other's new article and store edges
    without it (``edges``). SQLite's immediate transactions take the write lock at the start."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCH_LOCK])


@collector_paused()  # around the call: what the match built is freed before the collector resumes
def align_articles(article_ids: list[int]) -> AlignReport:
    """Match these (new) articles against the stored corpus and update the events they touch."""
    committed = not connection.in_atomic_block  # so every vector it can find is committed
    with transaction.atomic():
        _one_at_a_time()
        search = vector_search(model_name(), committed)
        corpus = configured_corpus()
        _load(corpus, search, article_ids)
        new = [
            p for a in article_ids if a in corpus.articles for p in corpus.articles[a].paragraphs
        ]
        rules = decisions.constraints()
        walk = Walk(
            corpus,
            PairScorer(corpus, params()),
            search,
            edges.version(corpus.anchors, search.model),
            rules=rules,
        )
        walk.run(new)
        walk.save()
        reached = walk.reached
        stale = list(Event.objects.filter(AnyOf("members__paragraph_id", reached)).distinct())
        held = identity.old_members(stale)
        result = events_of(walk.scorer, walk.graph, rules, _before(held, new))
        touched = Q(AnyOf("paragraph_a_id", reached)) | Q(AnyOf("paragraph_b_id", reached))
        return _write(result, stale, held, touched, search.article_of)


def _before(held: dict[int, set[int]], fresh: Iterable[int]) -> Before:
    """The events that held before this match (``core.holding``; ``held``: each one's
    paragraphs), and the paragraphs it matches afresh."""
    return Before({pk: frozenset(m) for pk, m in held.items()}, frozenset(fresh))


@collector_paused()
def rebuild(fresh: bool = False) -> AlignReport:
    """Recompute every event and alignment (and the stored edges) from the stored vectors,
    regrouping from the events that hold now (``fresh``: from nothing, as a first match)."""
    committed = not connection.in_atomic_block
    with transaction.atomic():
        _one_at_a_time()
        search = vector_search(model_name(), committed)
        corpus = configured_corpus()
        scorer = PairScorer(corpus, params())
        body = search.body_ids()
        _load(corpus, search, {a for _, a in body})
        pairs = search.every_pair(scorer.weights.min_cosine - SEARCH_EPSILON)
        graph = link_edges(scorer, pairs)
        searched = [p for p, _ in body]
        edges.replace_all(searched, graph, edges.version(corpus.anchors, search.model))
        rules = decisions.constraints()
        stale = list(Event.objects.all())
        held = identity.old_members(stale)
        before = None if fresh else _before(held, ())
        result = events_of(scorer, rules.edges(graph), rules, before)
        return _write(result, stale, held, Q(), search.article_of)


# --- Write: the events found, in place of those they replace ----------------------------------


def _write(
    result: MatchResult,
    stale: Sequence[Event],
    old: dict[int, set[int]],
    alignments: Q,
    article_of: Callable[[int], int],
) -> AlignReport:
    """Replace ``stale`` events (``old``: each one's paragraphs) by the result's, keeping ids
    and addresses (``identity``)."""
    kept, moved = identity.match_events(old, [{m for m, _ in e.members} for e in result.events])
    by_id = {e.pk: e for e in stale}
    written: list[Event] = []
    now = timezone.now()
    for event, keep in zip(result.events, kept, strict=True):
        obj = by_id[keep] if keep is not None else Event(created=now)
        # An event's name is stable: reports joining it do not rename it (``kept_label``).
        period = event.period.label if event.period else None
        passages = partial(_passages, [m for m, _ in event.members])  # read only if needed
        label = kept_label(obj.label, obj.period_label, event.label, period, passages)
        obj.label = fit(Event, "label", label)
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
    update_rows(Event, fields, ([obj.pk, *(getattr(obj, f) for f in fields)] for obj in existing))
    EventParagraph.objects.filter(event__in=[pk for pk in kept if pk is not None]).delete()
    insert_rows(
        EventParagraph,
        ("event", "paragraph", "article", "score"),
        (
            (obj.pk, pid, article_of(pid), score)
            for obj, event in zip(written, result.events, strict=True)
            for pid, score in event.members
        ),
    )
    unique: dict[tuple[int, int], AlignmentResult] = {}
    for a in result.alignments:  # a pair in two events is stored once, with the first
        unique.setdefault((a.paragraph_a, a.paragraph_b), a)
    identity.store_alignments(list(unique.values()), written, alignments)
    events_written.send(sender=Event, event_ids=[obj.pk for obj in written])
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


def _passages(paragraphs: Iterable[int]) -> list[tuple[int, str]]:
    """(article id, text) of these paragraphs, for an event's label."""
    rows = Paragraph.objects.filter(pk__in=list(paragraphs))
    return list(rows.values_list("article_id", "text"))


def regroup(paragraph_ids: Iterable[int]) -> AlignReport:
    """Regroup the parts of the match graph these paragraphs are in (after a person linked or
    unlinked two of them): their articles are matched again, which walks the whole parts."""
    ids = list(paragraph_ids)
    articles = Paragraph.objects.filter(pk__in=ids).values_list("article_id", flat=True)
    return align_articles(sorted(set(articles)))
