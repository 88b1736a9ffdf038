"""Every tag as a flat record: CSV, JSON and the API share these rows.

A record carries what a researcher's script needs without a second lookup: the passage text
(and the span's words), its article (title, outlet, date, URL), the events the passage is in
now, the annotator (pseudonymised when NEWSDIFF_PSEUDONYMISE_ANNOTATORS is on) and timestamps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from newsdiff.articles.models import Outlet, Paragraph
from newsdiff.framing.blind import Blindfold
from newsdiff.framing.models import Adjudication, Annotation, Codebook, Study, StudyItem
from newsdiff.matching.models import Event, EventParagraph

SIDE_FIELDS = [
    "paragraph_id",
    "position",
    "text",
    "span_start",
    "span_end",
    "span_text",
    "article_id",
    "title",
    "outlet",
    "published",
    "url",
]
FIELDS = [
    "id",
    "codebook",
    "kind",
    "tag",
    "tag_name",
    "tone",
    "note",
    "annotator",
    "created",
    "updated",
    "suggester",
    "primary",
    "codebook_version",
    "adjudicated_tag",
    "adjudicated_tone",
    "event_ids",
    "event_labels",
    *SIDE_FIELDS,
    *(f"other_{name}" for name in SIDE_FIELDS),
]


def annotator_name(username: str) -> str:
    """The username, or a stable pseudonym (keyed on SECRET_KEY) when the setting asks."""
    if not settings.NEWSDIFF_PSEUDONYMISE_ANNOTATORS:
        return username
    digest = hmac.new(settings.SECRET_KEY.encode(), username.encode(), hashlib.sha256)
    return "annotator-" + digest.hexdigest()[:8]


def filtered(
    event: Event | None = None,
    outlet: Outlet | None = None,
    codebook: Codebook | None = None,
    annotator: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    study: Study | None = None,
) -> QuerySet[Annotation]:
    """Live tags, oldest first; dates are the tagged article's publication date."""
    rows = Annotation.objects.live().order_by("id")
    rows = rows.select_related(
        "codebook",
        "tag",
        "annotator",
        "suggestion",
        "paragraph__article__outlet",
        "other_paragraph__article__outlet",
    )
    if event is not None:
        members = EventParagraph.objects.filter(event=event, paragraph_id=OuterRef("paragraph_id"))
        rows = rows.filter(Exists(members))
    if outlet is not None:
        rows = rows.filter(
            Q(paragraph__article__outlet=outlet) | Q(other_paragraph__article__outlet=outlet)
        )
    if codebook is not None:
        rows = rows.filter(codebook=codebook)
    if annotator:
        rows = rows.filter(annotator__username=annotator)
    if start is not None:
        rows = rows.filter(paragraph__article__published__gte=start)
    if end is not None:
        rows = rows.filter(paragraph__article__published__lte=end)
    if study is not None:
        rows = rows.filter(_in_study(study))
    return rows


def _in_study(study: Study) -> Q:
    """Tags on one of the study's items (NULL-safe on the pair's second paragraph)."""
    items = StudyItem.objects.filter(
        study=study, codebook=OuterRef("codebook"), paragraph=OuterRef("paragraph")
    )
    passage = Q(other_paragraph__isnull=True) & Exists(items.filter(other_paragraph__isnull=True))
    return passage | Exists(items.filter(other_paragraph=OuterRef("other_paragraph")))


def _side(paragraph: Paragraph | None, start: int | None, end: int | None) -> dict[str, Any]:
    if paragraph is None:
        return dict.fromkeys(SIDE_FIELDS)
    article = paragraph.article
    return {
        "paragraph_id": paragraph.pk,
        "position": paragraph.position + 1,  # ¶ as the pages number it, from 1
        "text": paragraph.text,
        "span_start": start,
        "span_end": end,
        "span_text": paragraph.text[start:end] if start is not None and end is not None else None,
        "article_id": article.pk,
        "title": article.title,
        "outlet": article.outlet.name,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
    }


def records(
    annotations: Iterable[Annotation], fold: Blindfold | None = None
) -> list[dict[str, Any]]:
    """Flat records for these tags (from ``filtered``); 4 queries: tags, their passages'
    events, the adjudications of their items, which tag is each coder's first on an item.

    ``fold``: the adjudicated label of an item still blind for the reader stays empty.
    """
    rows = list(annotations)
    paragraphs = {r.paragraph_id for r in rows}
    events: dict[int, list[Event]] = defaultdict(list)
    members = EventParagraph.objects.filter(paragraph_id__in=paragraphs)
    for member in members.select_related("event").order_by("event_id"):
        events[member.paragraph_id].append(member.event)
    settled = {
        (a.codebook_id, a.paragraph_id, a.other_paragraph_id): a
        for a in Adjudication.objects.filter(paragraph_id__in=paragraphs).select_related("tag")
        if fold is None or not fold.hides(-1, (a.codebook_id, a.paragraph_id, a.other_paragraph_id))
    }
    firsts = primary_ids(paragraphs)
    return [
        _record(row, events[row.paragraph_id], settled.get(_key(row)), row.pk in firsts)
        for row in rows
    ]


def _key(row: Annotation) -> tuple[int, int, int | None]:
    return (row.codebook_id, row.paragraph_id, row.other_paragraph_id)


def primary_ids(paragraphs: Iterable[int]) -> set[int]:
    """The ids of the tags that are each coder's first live tag on an item (its primary);
    later ones on the same item are secondary; 1 query."""
    seen: set[tuple[int, int, int, int | None]] = set()
    firsts: set[int] = set()
    rows = Annotation.objects.live().filter(paragraph_id__in=list(paragraphs))
    for pk, *key in rows.order_by("created", "id").values_list(
        "pk", "annotator_id", "codebook_id", "paragraph_id", "other_paragraph_id"
    ):
        if tuple(key) not in seen:
            seen.add(tuple(key))  # type: ignore[arg-type]
            firsts.add(pk)
    return firsts


def _record(
    row: Annotation, events: list[Event], settled: Adjudication | None, primary: bool
) -> dict[str, Any]:
    record = {
        "id": row.pk,
        "codebook": row.codebook.slug,
        "kind": "pair" if row.is_pair else "passage",
        "tag": row.tag.slug,
        "tag_name": row.tag.name,
        "tone": row.tone or None,
        "note": row.note,
        "annotator": annotator_name(row.annotator.get_username()),
        "created": row.created.isoformat(),
        "updated": row.updated.isoformat(),
        "suggester": row.suggestion.suggester if row.suggestion else None,
        "primary": primary,
        "codebook_version": row.codebook_version,
        "adjudicated_tag": settled.tag.slug if settled else None,
        "adjudicated_tone": (settled.tone or None) if settled else None,
        "event_ids": [e.pk for e in events],
        "event_labels": [e.label for e in events],
    }
    record |= _side(row.paragraph, row.start, row.end)
    other = _side(row.other_paragraph, row.other_start, row.other_end)
    return record | {f"other_{key}": value for key, value in other.items()}


def csv_rows(recs: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    """Header, then one row per record; lists joined by " | " and empty for None."""
    yield FIELDS
    for rec in recs:
        yield [
            " | ".join(map(str, value))
            if isinstance(value, list)
            else ("" if value is None else value)
            for value in (rec[name] for name in FIELDS)
        ]
