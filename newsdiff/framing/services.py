"""Every write to the researchers' tags: validated, in one transaction with its audit entry.

Views and commands call these; nothing else writes Annotation, Decision or Adjudication rows.
Bad input raises ValidationError with a message that names the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from newsdiff.articles.models import Paragraph
from newsdiff.framing.models import (
    Adjudication,
    Annotation,
    AuditEntry,
    Codebook,
    Decision,
    Suggestion,
    Tag,
)
from newsdiff.matching.models import Alignment, LinkDecision
from newsdiff.matching.service import regroup
from newsdiff.matching.store import decisions

Span = tuple[int, int] | None


def record(
    actor: User | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        model=obj._meta.model_name or "",
        object_id=obj.pk,
        before=before,
        after=after,
    )


def locate(text: str, words: str, start: int | None = None) -> Span:
    """The span of ``words`` in ``text``: at ``start`` if it is there, else the first occurrence.

    The browser sends the selected words and where the selection began; typing the words is
    enough without JavaScript.
    """
    words = words.strip()
    if not words:
        return None
    if start is not None and text[start : start + len(words)] == words:
        return (start, start + len(words))
    found = text.find(words)
    if found < 0:
        raise ValidationError(f"The words “{words[:80]}” are not in the passage.")
    return (found, found + len(words))


def _check_span(paragraph: Paragraph, span: Span) -> None:
    if span is None:
        return
    start, end = span
    if not 0 <= start < end <= len(paragraph.text):
        raise ValidationError(
            f"The span {start}–{end} is outside paragraph {paragraph.pk} "
            f"({len(paragraph.text)} characters)."
        )


def _check_tag(tag: Tag, kind: str) -> None:
    if tag.codebook.kind != kind:
        raise ValidationError(
            f"“{tag.name}” belongs to the codebook “{tag.codebook.name}”, which tags "
            f"{tag.codebook.get_kind_display()}."
        )
    if not (tag.active and tag.codebook.active):
        raise ValidationError(f"The tag “{tag.name}” is retired.")


@dataclass(frozen=True)
class PairInput:
    paragraph: Paragraph
    other: Paragraph
    span: Span = None
    other_span: Span = None

    def ordered(self) -> PairInput:
        """The pair as stored: lower paragraph id first, spans following their paragraphs."""
        if self.paragraph.pk < self.other.pk:
            return self
        return PairInput(self.other, self.paragraph, self.other_span, self.span)


def check_aligned(paragraph: Paragraph, other: Paragraph) -> None:
    """Only a pair the matcher aligned can be tagged (the tag outlives the alignment)."""
    a, b = sorted([paragraph.pk, other.pk])
    if paragraph.article_id == other.article_id:
        raise ValidationError("Both passages are from the same article; pick another report.")
    if not Alignment.objects.filter(paragraph_a_id=a, paragraph_b_id=b).exists():
        raise ValidationError(f"Paragraphs {a} and {b} are not aligned.")


def tag_passage(
    user: User,
    paragraph: Paragraph,
    tag: Tag,
    tone: str = "",
    span: Span = None,
    note: str = "",
) -> Annotation:
    _check_tag(tag, Codebook.Kind.PASSAGE)
    _check_span(paragraph, span)
    if tone and not tag.codebook.has_tone:
        raise ValidationError(f"The codebook “{tag.codebook.name}” has no tone.")
    start, end = span or (None, None)
    return _create(user, tag=tag, tone=tone, paragraph=paragraph, start=start, end=end, note=note)


def tag_pair(
    user: User,
    pair: PairInput,
    tag: Tag,
    note: str = "",
    suggestion: Suggestion | None = None,
) -> Annotation:
    _check_tag(tag, Codebook.Kind.PAIR)
    check_aligned(pair.paragraph, pair.other)
    pair = pair.ordered()
    _check_span(pair.paragraph, pair.span)
    _check_span(pair.other, pair.other_span)
    start, end = pair.span or (None, None)
    other_start, other_end = pair.other_span or (None, None)
    return _create(
        user,
        tag=tag,
        paragraph=pair.paragraph,
        start=start,
        end=end,
        other_paragraph=pair.other,
        other_start=other_start,
        other_end=other_end,
        note=note,
        suggestion=suggestion,
    )


def _create(user: User, tag: Tag, **fields: Any) -> Annotation:
    """A new annotation by ``user`` and its audit entry, in one transaction."""
    with transaction.atomic():
        annotation = Annotation.objects.create(
            codebook=tag.codebook,
            codebook_version=tag.codebook.version,
            tag=tag,
            annotator=user,
            **fields,
        )
        record(user, "create", annotation, None, annotation.snapshot())
    return annotation


def _own(annotation: Annotation, user: User) -> None:
    if annotation.annotator_id != user.pk:
        raise ValidationError("Only the researcher who made a tag can change or delete it.")
    if annotation.deleted_at is not None:
        raise ValidationError("This tag was deleted.")


def update(
    annotation: Annotation, user: User, tag: Tag, tone: str = "", note: str = ""
) -> Annotation:
    """Change a tag's label, tone or note (the spans stay; delete and re-tag to move them)."""
    _own(annotation, user)
    if tag.codebook_id != annotation.codebook_id:
        raise ValidationError(f"“{tag.name}” is not in the codebook “{annotation.codebook}”.")
    _check_tag(tag, annotation.codebook.kind)
    if tone and not annotation.codebook.has_tone:
        raise ValidationError(f"The codebook “{annotation.codebook.name}” has no tone.")
    with transaction.atomic():
        before = annotation.snapshot()
        annotation.tag, annotation.tone, annotation.note = tag, tone, note
        annotation.save()
        record(user, "update", annotation, before, annotation.snapshot())
    return annotation


def delete(annotation: Annotation, user: User) -> Annotation:
    """Soft delete: hidden everywhere, kept for the audit trail."""
    _own(annotation, user)
    with transaction.atomic():
        before = annotation.snapshot()
        annotation.deleted_at, annotation.deleted_by = timezone.now(), user
        annotation.save(update_fields=["deleted_at", "deleted_by", "updated"])
        record(user, "delete", annotation, before, annotation.snapshot())
    return annotation


def decide(
    suggestion: Suggestion,
    user: User,
    verdict: str,
    pair: PairInput | None = None,
    tag: Tag | None = None,
    note: str = "",
) -> Decision:
    """Accept (the suggestion becomes an ordinary tag), accept with edits, or reject.

    An edited acceptance brings its own spans (``pair``), tag and note.
    """
    if verdict not in Decision.Verdict.values:
        raise ValidationError(f"Unknown verdict {verdict!r}.")
    if Decision.objects.filter(suggestion=suggestion, user=user).exists():
        raise ValidationError("You have already judged this suggestion.")
    with transaction.atomic():
        annotation = None
        if verdict != Decision.Verdict.REJECTED:
            pair = pair or PairInput(
                suggestion.paragraph,
                suggestion.other_paragraph,
                _span(suggestion.start, suggestion.end),
                _span(suggestion.other_start, suggestion.other_end),
            )
            note = note or suggestion.explanation
            annotation = tag_pair(user, pair, tag or suggestion.tag, note, suggestion)
        decision = Decision.objects.create(
            suggestion=suggestion, user=user, verdict=verdict, annotation=annotation
        )
        after = {"suggestion": suggestion.pk, "suggester": suggestion.suggester}
        record(user, verdict, decision, None, after | {"annotation": decision.annotation_id})
    return decision


def _span(start: int | None, end: int | None) -> Span:
    return None if start is None or end is None else (start, end)


def adjudicate(
    user: User,
    codebook: Codebook,
    item: tuple[Paragraph, Paragraph | None],
    tag: Tag,
    note: str = "",
    tone: str = "",
) -> Adjudication:
    """The settled label of an item some coder tagged, in that item's codebook."""
    if tag.codebook_id != codebook.pk:
        raise ValidationError(f"“{tag.name}” is not in the codebook “{codebook.name}”.")
    if tone and not codebook.has_tone:
        raise ValidationError(f"The codebook “{codebook.name}” has no tone.")
    paragraph, other = item
    if other is not None and paragraph.pk > other.pk:
        paragraph, other = other, paragraph
    tagged = Annotation.objects.live().filter(
        codebook=codebook, paragraph=paragraph, other_paragraph=other
    )
    if not tagged.exists():
        raise ValidationError(
            f"Nobody has tagged this {'pair' if other else 'passage'} in “{codebook.name}”: "
            "there is nothing to adjudicate."
        )
    with transaction.atomic():
        existing = Adjudication.objects.filter(
            codebook=codebook, paragraph=paragraph, other_paragraph=other
        ).first()
        before = (
            {"tag": existing.tag.slug, "tone": existing.tone, "note": existing.note}
            if existing
            else None
        )
        obj, _ = Adjudication.objects.update_or_create(
            codebook=codebook,
            paragraph=paragraph,
            other_paragraph=other,
            defaults={"tag": tag, "tone": tone, "note": note, "decided_by": user},
        )
        record(user, "adjudicate", obj, before, {"tag": tag.slug, "tone": tone, "note": note})
    return obj


def link(
    user: User, first: Paragraph, second: Paragraph, kind: str, note: str = ""
) -> LinkDecision:
    """A researcher's or admin's correction of the alignment (``kind`` "same", "different", or
    "revoke" to withdraw the one in force), audited, then the events around both paragraphs
    regrouped so every page shows it at once."""
    with transaction.atomic():
        if kind == "revoke":
            obj = decisions.revoke(user, first.pk, second.pk)
            if obj is None:
                raise ValidationError("There is no decision on these two passages to withdraw.")
            before, after, action = {"kind": obj.kind, "note": obj.note}, None, "withdraw"
        else:
            obj = decisions.decide(user, first, second, kind, note)
            before, after, action = None, {"kind": kind, "note": note}, "link"
        pair = {"paragraph_a": obj.paragraph_a_id, "paragraph_b": obj.paragraph_b_id}
        record(user, action, obj, before and before | pair, after and after | pair)
        regroup([first.pk, second.pk])
    return obj
