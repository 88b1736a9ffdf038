"""Read-side queries for the pages: each returns what a page shows in a fixed number of queries.

They live here rather than on the models' querysets because they shape data for display
(grouping passages into outlet columns, attaching highlights), not because the rules differ.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from newsdiff.articles.models import Article, Outlet, Paragraph
from newsdiff.framing import engine
from newsdiff.framing.queries import Chip, TagIndex, chips
from newsdiff.matching.models import Alignment, Event, EventParagraph
from newsdiff.text.diff import Highlight, highlight_groups
from newsdiff.web.evidence import strength
from newsdiff.web.marks import Marked, mark_pairs


def filtered_events(
    q: str | None = None,
    outlet: Outlet | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Event]:
    """Events newest first; dates keep events whose period overlaps [start, end].

    Filters use EXISTS rather than joins so an event is never counted twice and the paginator's
    COUNT stays a plain count.
    """
    events = Event.objects.newest_first()
    members = EventParagraph.objects.filter(event=OuterRef("pk"))
    if outlet is not None:
        events = events.filter(Exists(members.filter(article__outlet=outlet)))
    if q:
        # Full-text search on PostgreSQL (GIN index), a substring on SQLite: Paragraph.matching.
        hits = Paragraph.objects.matching(q).values("pk")
        events = events.filter(Exists(members.filter(paragraph__in=hits)))
    if start is not None:
        events = events.filter(
            Q(period_end__gte=start) | Q(period_end__isnull=True, period_start__gte=start)
        )
    if end is not None:
        events = events.filter(period_start__lte=end)
    return events


def event_cards(page: QuerySet[Event], q: str | None = None) -> list[Event]:
    """A page of ``filtered_events`` as the list shows it; 2 queries.

    Each event gets ``preview``, its first passage in event order (the first match when
    searching), and ``outlets`` (``attach_outlet_counts``). The preview is annotated here, on
    the page's events only: on the paginated query itself PostgreSQL evaluated it for every row
    up to the page's end, the OFFSET rows included (1,000 subqueries for page 50).
    """
    members = EventParagraph.objects.filter(event=OuterRef("pk"))
    preview = members.order_by("article__published", "article_id", "paragraph__position")
    if q:
        preview = preview.filter(paragraph__in=Paragraph.objects.matching(q).values("pk"))
    events = list(
        Event.objects.filter(pk__in=page.values("pk"))
        .newest_first()
        .annotate(preview=Subquery(preview.values("paragraph__text")[:1]))
    )
    for event in events:
        event.preview = preview_text(event.preview)  # type: ignore[attr-defined]
        event.period_html = period_html(event)  # type: ignore[attr-defined]
    attach_outlet_counts(events)
    return events


@dataclass(frozen=True)
class OutletCount:
    outlet_id: int
    name: str
    paragraphs: int


def attach_outlet_counts(events: Sequence[Event]) -> None:
    """Set ``event.outlets`` to the outlets covering each event with paragraph counts; 1 query."""
    counts: dict[int, list[OutletCount]] = defaultdict(list)
    rows = (
        EventParagraph.objects.filter(event__in=[e.pk for e in events])
        .values_list("event_id", "article__outlet_id", "article__outlet__name")
        .annotate(n=Count("id"))
        .order_by("event_id", "article__outlet__name")
    )
    for event_id, outlet_id, name, n in rows:
        counts[event_id].append(OutletCount(outlet_id, name, n))
    for event in events:
        event.outlets = counts[event.pk]  # type: ignore[attr-defined]
        event.outlets_html = outlet_chips(counts[event.pk])  # type: ignore[attr-defined]


def outlet_chips(counts: Sequence[OutletCount]) -> SafeString:
    """The chips under an event card: each outlet, linked to its articles, with its count.

    Built in Python, escaping the one string: a page shows ~100 chips, and in a template loop
    (or through ``format_html``, which escapes every value) they were the page's costliest part.
    """
    prefix = _ARTICLES_URL() + "?outlet="
    return SafeString(
        "".join(
            f'<li><a href="{prefix}{c.outlet_id:d}">{html.escape(c.name)}</a> '
            f'<span class="n" title="paragraphs">{c.paragraphs:d}</span></li>'
            for c in counts
        )
    )


def preview_text(text: str | None, limit: int = 200) -> str:
    """``truncatechars``'s cut (the ellipsis counts as one of ``limit``), without its cost."""
    if text is None or len(text) <= limit:
        return text or ""
    return text[: limit - 1] + "…"


PAIRS_SHOWN = 4  # aligned partners listed under a passage, best first


@dataclass
class Passage:
    """One paragraph of an event as shown in its outlet's column."""

    member: EventParagraph
    highlight: Highlight | Marked | None = None
    alignments: list[Pair] = field(default_factory=list)
    tags: list[Chip] = field(default_factory=list)  # the researcher's view of its frames

    @property
    def paragraph(self) -> Paragraph:
        return self.member.paragraph

    @property
    def article(self) -> Article:
        return self.member.article

    @property
    def pairs_html(self) -> SafeString:
        """The first PAIRS_SHOWN pairs as list items: a link to the partner, the score in words and
        figures, the evidence link. Built in Python: a 40-passage event has 160 of them, and
        each template variable costs more than these lines."""
        shown = self.alignments[:PAIRS_SHOWN]
        return format_html_join("", "{}", ((pair.html,) for pair in shown))

    @cached_property
    def label(self) -> str:
        """ "RT, 23 Jan 2024, ¶16": the passage as its pairs and its partners' marks name it
        (once: a big event names each passage hundreds of times)."""
        day = day_label(self.article.published, "undated")
        return f"{self.article.outlet.name}, {day}, ¶{self.paragraph.position + 1}"

    @property
    def report_html(self) -> SafeString:
        """The passage's report (date) and paragraph, linked to its place in the article."""
        article, position = self.article, self.paragraph.position
        return format_html(
            '<a href="{}#p{}" title="{}">{} · ¶{}</a>',
            _ARTICLE_URL().removesuffix("0/") + f"{article.pk}/",
            position,
            article.title,
            day_label(article.published, "undated"),
            position + 1,
        )


def day_label(day: dt.date | None, missing: str) -> str:
    """ "18 Jan 2024", as web/_published.html writes it (for labels built in Python)."""
    return f"{day.day} {day:%b %Y}" if day else missing


def period_html(event: Event) -> SafeString:
    """When the event happened, as the events list and the event page show it: its label, else
    its dates ("1 Dec 2021 – 31 Dec 2021"). In Python: the list shows twenty of them."""
    if event.period_label:
        return conditional_escape(event.period_label)
    if event.period_start is None:
        return SafeString("date unknown")
    text = _time(event.period_start)
    if event.period_end and event.period_end != event.period_start:
        text += " – " + _time(event.period_end)
    return SafeString(text)


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{day_label(day, "")}</time>'


@cache
def _ARTICLE_URL() -> str:
    return reverse("article", args=[0])


@cache
def _ARTICLES_URL() -> str:
    return reverse("articles")


@cache
def _PAIRS_PREFIX() -> str:
    return reverse("pair", args=[1, 2]).removesuffix("1-2/")


@cache
def _PAIR_URL() -> str:
    return reverse("framing:pair", args=[0, 0])


@dataclass(frozen=True)
class Pair:
    """An alignment seen from one passage: its id, the other side, and the pair's address."""

    id: int
    score: float
    partner: Passage
    tag_count: int | None = None  # difference tags the researcher sees; None: not a researcher
    own_id: int = 0  # the paragraph this pair is seen from

    @property
    def tag_url(self) -> str:
        a, b = sorted([self.partner.paragraph.pk, self.own_id])
        return _PAIR_URL().removesuffix("0/0/") + f"{a}/{b}/"

    # Built once in Python: a big event lists hundreds of pairs, and each template variable
    # and filter costs more than these few lines.
    @property
    def url(self) -> str:
        # The pair's address for life (``Alignment.get_absolute_url``), not the row id.
        lo, hi = sorted((self.own_id, self.partner.paragraph.pk))
        return f"{_PAIRS_PREFIX()}{lo}-{hi}/"

    @property
    def score_text(self) -> str:
        return f"{self.score:.2f}"

    @property
    def strength(self) -> str:
        return strength(self.score).word

    @property
    def label(self) -> str:
        return self.partner.label

    @property
    def html(self) -> SafeString:
        word = self.strength
        return format_html(
            '<li>↔ <a href="#p{}">{}</a> <span class="score {}" title="{}">{} {}</span> '
            '<a class="evidence-link" href="{}" hx-get="{}">Evidence</a>{}</li>',
            self.partner.paragraph.pk,
            self.label,
            word,
            SCORE_TITLE,
            word,
            self.score_text,
            self.url,
            self.url,
            self.differences_html,
        )

    @property
    def differences_html(self) -> SafeString:
        """For researchers: the link that opens the pair's tagging panel, with its tag count."""
        if self.tag_count is None:
            return SafeString("")
        count = f" ({self.tag_count})" if self.tag_count else ""
        url = self.tag_url
        return format_html(
            ' · <a class="difference-link" href="{}" hx-get="{}">Differences{}</a>', url, url, count
        )


SCORE_TITLE = "alignment score: strong ≥ 1.00, likely ≥ 0.85, weak below; the evidence says more"


def event_passages(event: Event) -> list[EventParagraph]:
    """The event's members in event order, with paragraph, article and outlet; 1 query."""
    return list(
        EventParagraph.objects.filter(event=event)
        .select_related("paragraph", "article__outlet")
        .defer("article__original")
        .order_by("article__published", "article_id", "paragraph__position")
    )


def event_passages_paired(
    members: list[EventParagraph],
    tags: TagIndex | None = None,
    user_id: int | None = None,
    strict: bool = False,
    all_kinds: bool = False,
) -> list[Passage]:
    """Each member as a Passage, marked against its aligned partners, with its pairs; 1 query.

    ``tags`` is what a researcher sees (None for readers who do not tag): attached to the
    passages as chips, and to the pairs as a count beside a link to tag their differences.

    A passage's marks are the differences the engine finds between it and each passage it is
    aligned with (the kinds shown by default, or ``all_kinds``); ``strict``: every word no
    other article of the event uses instead.
    """
    passages = [
        Passage(m, tags=chips(tags.on_passage(m.paragraph_id), user_id) if tags else [])
        for m in members
    ]
    by_paragraph = {p.member.paragraph_id: p for p in passages}
    # Every stored pair between two members, whichever event the matcher filed it under (a pair
    # that belongs to two events is stored once).
    ids = list(by_paragraph)
    pairs = Alignment.objects.filter(paragraph_a_id__in=ids, paragraph_b_id__in=ids)
    pairs = pairs.order_by("-score")
    fields = ("id", "paragraph_a_id", "paragraph_b_id", "score")
    aligned: list[tuple[Passage, Passage]] = []
    for pk, a_id, b_id, score in pairs.values_list(*fields):
        a, b = by_paragraph.get(a_id), by_paragraph.get(b_id)
        if a and b:
            count = len(tags.on_pair(a_id, b_id)) if tags else None
            a.alignments.append(Pair(pk, score, b, count, a_id))
            b.alignments.append(Pair(pk, score, a, count, b_id))
            aligned.append((a, b))
    if strict:
        texts = [(m.article_id, m.paragraph.text) for m in members]
        for passage, marked in zip(passages, highlight_groups(texts), strict=True):
            passage.highlight = marked
    else:
        mark_aligned(passages, aligned, all_kinds)
    return passages


def mark_aligned(
    passages: list[Passage], aligned: list[tuple[Passage, Passage]], all_kinds: bool = False
) -> None:
    """Mark each passage with the engine's differences from each passage aligned with it."""
    for p in passages:
        p.highlight = Marked(p.paragraph.text)
        p.paragraph.article = p.article  # the engine reads the article's date; loaded already
    found = engine.pair_differences([(a.paragraph, b.paragraph) for a, b in aligned])
    sides = [(a.highlight, a.label, b.highlight, b.label) for a, b in aligned]
    mark_pairs(sides, found, engine.kinds_shown(all_kinds))  # type: ignore[arg-type]


def paragraphs_with_events(article: Article) -> list[Paragraph]:
    """All of an article's paragraphs, each with ``.memberships_list`` of its events; 2 queries."""
    paragraphs = list(article.paragraphs.order_by("position"))
    events: dict[int, list[EventParagraph]] = defaultdict(list)
    for member in EventParagraph.objects.filter(article=article).select_related("event"):
        events[member.paragraph_id].append(member)
    for paragraph in paragraphs:
        paragraph.memberships_list = events[paragraph.pk]  # type: ignore[attr-defined]
    return paragraphs


@dataclass
class Block:
    """A body paragraph, or a run of consecutive furniture/headings shown behind one toggle."""

    body: Paragraph | None = None
    hidden: list[Paragraph] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return sorted({p.reason or p.kind for p in self.hidden})


def blocks(paragraphs: Iterable[Paragraph]) -> list[Block]:
    result: list[Block] = []
    for paragraph in paragraphs:
        if paragraph.kind == Paragraph.Kind.BODY:
            result.append(Block(body=paragraph))
        elif result and result[-1].body is None:
            result[-1].hidden.append(paragraph)
        else:
            result.append(Block(hidden=[paragraph]))
    return result


def aligned_elsewhere(paragraph: Paragraph) -> list[tuple[Event, list[Passage]]]:
    """For each event of ``paragraph``: the passages of the other articles; 1 query.

    Each passage is highlighted against ``paragraph`` (the pair a reader is comparing).
    """
    own_events = EventParagraph.objects.filter(paragraph=paragraph).values("event_id")
    members = (
        EventParagraph.objects.filter(event_id__in=own_events)
        .exclude(article_id=paragraph.article_id)
        .select_related("event", "paragraph", "article__outlet")
        .defer("article__original")
        .order_by("event__period_start", "event_id", "article__published", "paragraph__position")
    )
    grouped: dict[int, tuple[Event, list[Passage]]] = {}
    for member in members:
        entry = grouped.setdefault(member.event_id, (member.event, []))
        entry[1].append(Passage(member))
    others = [p for _, passages in grouped.values() for p in passages]
    for p in others:
        p.paragraph.article = p.article  # the engine reads the article's date; loaded already
    found = engine.pair_differences([(paragraph, p.paragraph) for p in others])
    for passage, differences in zip(others, found, strict=True):
        passage.highlight = marked = Marked(passage.paragraph.text)
        for d in differences:
            if d.kind in engine.SHOWN_BY_DEFAULT:
                marked.add(d, d.span_b, "this paragraph")
    return list(grouped.values())
