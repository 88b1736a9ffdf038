"""Spans of tags kept on their words when the start of a paragraph's text is taken out (a
dateline read out of a stored article: ``articles.signals.text_trimmed``)."""

from __future__ import annotations

from typing import Any

from newsdiff.framing.models import Annotation


def _shifted(start: int | None, end: int | None, removed: int) -> tuple[int | None, int | None]:
    if start is None or end is None:
        return start, end
    start, end = max(start - removed, 0), max(end - removed, 0)
    # A span only over the words taken out tags the passage as a whole.
    return (start, end) if end > start else (None, None)


def shift_spans(paragraph: int, removed: int, **signal: Any) -> None:
    """Every tag's span on ``paragraph`` moved back by the ``removed`` characters."""
    for annotation in Annotation.objects.filter(paragraph_id=paragraph, start__isnull=False):
        annotation.start, annotation.end = _shifted(annotation.start, annotation.end, removed)
        annotation.save(update_fields=["start", "end"])
    others = Annotation.objects.filter(other_paragraph_id=paragraph, other_start__isnull=False)
    for annotation in others:
        annotation.other_start, annotation.other_end = _shifted(
            annotation.other_start, annotation.other_end, removed
        )
        annotation.save(update_fields=["other_start", "other_end"])
