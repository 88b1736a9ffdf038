"""The export formats beyond the flat records: the long table for agreement scripts, the JSON
document with its codebooks, verdicts and adjudications, and Label Studio's task JSON.

Every format takes rows the reader may see (``framing.blind`` has already filtered them) and
names annotators as the flat export does (pseudonymised when the setting asks).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from typing import Any

from django.db.models import Q

from newsdiff.framing import agreement
from newsdiff.framing.blind import Blindfold
from newsdiff.framing.export import annotator_name
from newsdiff.framing.models import Adjudication, Annotation, Codebook, Decision
from newsdiff.matching.models import LinkDecision

LONG_FIELDS = [
    "codebook",
    "codebook_version",
    "item",
    "paragraph_id",
    "other_paragraph_id",
    "coder",
    "variable",
    "value",
]
SET_SEPARATOR = "|"  # between the slugs of a coder's tags on an item ("tags" variable)


def item_name(paragraph: int, other: int | None) -> str:
    return f"p{paragraph}" if other is None else f"p{paragraph}-p{other}"


def long_rows(rows: Iterable[Annotation]) -> Iterator[list[Any]]:
    """Header, then one row per item × coder × variable: ``tags`` (the coder's tag slugs,
    sorted, joined by "|": compare as sets, with MASI), ``primary`` (their first tag's slug,
    nominal) and ``tone`` (the primary tag's tone, ordinal; codebooks with a tone, when given).

    Pivot ``variable == "primary"`` to items × coders and it is the matrix R's ``irr::kripp.alpha``
    takes (transposed); the figures are the agreement page's.
    """
    yield LONG_FIELDS
    by_codebook: dict[int, list[Annotation]] = {}
    for row in rows:
        by_codebook.setdefault(row.codebook_id, []).append(row)
    for book_rows in by_codebook.values():
        book = book_rows[0].codebook
        found = agreement.coding(sorted(book_rows, key=lambda r: (r.created, r.pk)))
        for (paragraph, other), coders in sorted(
            found.items(), key=lambda e: (e[0][0], e[0][1] or 0)
        ):
            for coder, tags in sorted(coders.items()):
                version = tags[0].codebook_version
                head = [book.slug, version, item_name(paragraph, other), paragraph, other or ""]
                name = annotator_name(coder)
                slugs = SET_SEPARATOR.join(sorted({t.tag.slug for t in tags}))
                yield [*head, name, "tags", slugs]
                yield [*head, name, "primary", tags[0].tag.slug]
                if book.has_tone and tags[0].tone:
                    yield [*head, name, "tone", tags[0].tone]


def _codebooks(ids: set[int]) -> list[dict[str, Any]]:
    return [
        {
            "slug": book.slug,
            "name": book.name,
            "kind": book.kind,
            "version": book.version,
            "has_tone": book.has_tone,
            "tags": [{"slug": t.slug, "name": t.name} for t in book.tags.all()],
        }
        for book in Codebook.objects.filter(pk__in=ids).prefetch_related("tags")
    ]


def document(
    records: list[dict[str, Any]], rows: list[Annotation], fold: Blindfold
) -> dict[str, Any]:
    """The JSON export: codebooks (with versions), the tags, the verdicts on suggested
    differences and the adjudications of the exported items."""
    paragraphs = {r.paragraph_id for r in rows}
    keys = {(r.codebook_id, r.paragraph_id, r.other_paragraph_id) for r in rows}
    decisions = Decision.objects.filter(suggestion__paragraph_id__in=paragraphs).select_related(
        "suggestion__tag", "user"
    )
    settled = Adjudication.objects.filter(paragraph_id__in=paragraphs).select_related(
        "codebook", "tag", "decided_by"
    )
    return {
        "format": "newsdiff-tags",
        "codebooks": _codebooks({r.codebook_id for r in rows}),
        "annotations": records,
        "decisions": [
            {
                "suggestion": d.suggestion.key,
                "suggester": d.suggestion.suggester,
                "suggested_tag": d.suggestion.tag.slug,
                "paragraph_id": d.suggestion.paragraph_id,
                "other_paragraph_id": d.suggestion.other_paragraph_id,
                "verdict": d.verdict,
                "annotation_id": d.annotation_id,
                "by": annotator_name(d.user.get_username()),
                "at": d.created.isoformat(),
            }
            for d in decisions.order_by("id")
            if not fold.hides(d.user_id, (d.suggestion.tag.codebook_id, *_pair(d)))
        ],
        "adjudications": [
            {
                "codebook": a.codebook.slug,
                "paragraph_id": a.paragraph_id,
                "other_paragraph_id": a.other_paragraph_id,
                "tag": a.tag.slug,
                "tone": a.tone or None,
                "note": a.note,
                "by": annotator_name(a.decided_by.get_username()),
                "updated": a.updated.isoformat(),
            }
            for a in settled.order_by("id")
            if (a.codebook_id, a.paragraph_id, a.other_paragraph_id) in keys
            and not fold.hides(-1, (a.codebook_id, a.paragraph_id, a.other_paragraph_id))
        ],
        "alignment_decisions": alignment_decisions(paragraphs),
    }


def alignment_decisions(paragraphs: set[int]) -> list[dict[str, Any]]:
    """People's links and unlinks touching these paragraphs, withdrawn ones included."""
    rows = LinkDecision.objects.filter(
        Q(paragraph_a_id__in=paragraphs) | Q(paragraph_b_id__in=paragraphs)
    ).select_related("decided_by", "revoked_by")
    return [
        {
            "paragraph_a": d.paragraph_a_id,
            "paragraph_b": d.paragraph_b_id,
            "decision": d.kind,
            "note": d.note,
            "by": annotator_name(d.decided_by.get_username()),
            "at": d.created.isoformat(),
            "withdrawn_at": d.revoked_at.isoformat() if d.revoked_at else None,
            "withdrawn_by": annotator_name(d.revoked_by.get_username()) if d.revoked_by else None,
        }
        for d in rows.order_by("created", "id")
    ]


def _pair(decision: Decision) -> tuple[int, int]:
    return (decision.suggestion.paragraph_id, decision.suggestion.other_paragraph_id)


def label_studio(rows: Iterable[Annotation]) -> list[dict[str, Any]]:
    """Label Studio tasks (its JSON import format): one task per item, ``data.text`` (and
    ``data.text2`` for a pair), one annotation per coder whose ``result`` holds a ``choices``
    region named after the codebook (the coder's tags, primary first), a ``tone`` choice, and a
    ``labels`` region per tagged span (character offsets into the text, end exclusive).
    The labelling config that reads it is ``label_config``."""
    found = agreement.coding(sorted(rows, key=lambda r: (r.created, r.pk)))
    tasks: list[dict[str, Any]] = []
    for (paragraph, other), coders in sorted(found.items(), key=lambda e: (e[0][0], e[0][1] or 0)):
        first = next(iter(coders.values()))[0]
        data = {"text": first.paragraph.text, "paragraph_id": paragraph}
        if other is not None and first.other_paragraph is not None:
            data |= {"text2": first.other_paragraph.text, "other_paragraph_id": other}
        tasks.append(
            {
                "id": len(tasks) + 1,
                "data": data,
                "annotations": [
                    {"completed_by": annotator_name(coder), "result": _results(tags)}
                    for coder, tags in sorted(coders.items())
                ],
            }
        )
    return tasks


def _results(tags: list[Annotation]) -> list[dict[str, Any]]:
    book = tags[0].codebook
    results: list[dict[str, Any]] = [
        _region(
            f"{tags[0].pk}-tags",
            book.slug,
            "text",
            "choices",
            {"choices": [t.tag.name for t in tags]},
        )
    ]
    if tags[0].tone:
        results.append(
            _region(f"{tags[0].pk}-tone", "tone", "text", "choices", {"choices": [tags[0].tone]})
        )
    for t in tags:
        for side, start, end, text in (
            ("text", t.start, t.end, t.span_text()),
            ("text2", t.other_start, t.other_end, t.other_span_text()),
        ):
            if start is not None and end is not None:
                value = {"start": start, "end": end, "text": text, "labels": [t.tag.name]}
                results.append(_region(f"{t.pk}-{side}", "span", side, "labels", value))
    return results


def _region(
    rid: str, from_name: str, to_name: str, kind: str, value: dict[str, Any]
) -> dict[str, Any]:
    return {"id": rid, "from_name": from_name, "to_name": to_name, "type": kind, "value": value}


def label_config(book: Codebook) -> str:
    """The Label Studio labelling interface for one codebook's tasks."""
    choices = "".join(f'<Choice value="{escape(t.name)}"/>' for t in book.tags.all())
    texts = '<Text name="text" value="$text"/>'
    if book.kind == Codebook.Kind.PAIR:
        texts += '<Text name="text2" value="$text2"/>'
    tone = (
        '<Choices name="tone" toName="text" choice="single">'
        '<Choice value="negative"/><Choice value="neutral"/><Choice value="positive"/></Choices>'
        if book.has_tone
        else ""
    )
    return (
        f"<View>{texts}"
        f'<Labels name="span" toName="text">{choices}</Labels>'
        f'<Choices name="{book.slug}" toName="text" choice="multiple">{choices}</Choices>'
        f"{tone}</View>"
    )
