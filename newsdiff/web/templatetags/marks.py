"""A passage as HTML with its marks: ``{{ hl|marked }}``, ``hl`` the engine's differences
(``newsdiff.web.marks.Marked``) or the strict word view (``newsdiff.text.diff.Highlight``)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdiff.text.diff import Highlight
from newsdiff.web.marks import Marked

register = template.Library()


@register.filter
def marked(highlight: Highlight | Marked) -> SafeString:
    """The text, escaped, with its marks: the engine's differences with their kind on hover;
    in the strict view, <mark class="only"> around substantive marks and <mark class="word">
    around the other words no other report uses.

    Built here rather than by a template loop: a 40-passage event has thousands of segments.
    """
    if isinstance(highlight, Marked):
        return highlight.html()
    parts = []
    for s in highlight.segments:
        text = escape(s.text)
        if s.only:
            parts.append(f'<mark class="only">{text}</mark>')
        elif s.word:
            parts.append(f'<mark class="word">{text}</mark>')
        else:
            parts.append(text)
    return mark_safe("".join(parts))
