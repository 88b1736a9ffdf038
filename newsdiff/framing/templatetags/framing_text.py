"""Showing quoted words once: a span that is itself a quotation keeps its own marks."""

from __future__ import annotations

from django import template

register = template.Library()

OPENING = "“\"«‘'"
CLOSING = {"“": "”", '"': '"', "«": "»", "‘": "’", "'": "'"}


@register.filter
def quoted(words: str) -> str:
    """“words”, unless the words already open and close with quotation marks."""
    words = words or ""
    if len(words) >= 2 and words[0] in OPENING and words[-1] == CLOSING[words[0]]:
        return words
    return f"“{words}”"


@register.filter
def single_quotes(text: str) -> str:
    """An explanation that wrapped a quotation in marks of its own (““said””) shows them once."""
    text = text or ""
    for doubled, once in (("““", "“"), ("””", "”"), ('“"', "“"), ('"”', "”")):
        text = text.replace(doubled, once)
    return text
