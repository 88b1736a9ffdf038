"""Tokens and patterns of news text: words, numbers, quotations, attribution, sentence starts.

One definition each for the matcher's features, the reading page's highlight and the framing
suggestions; a test checks that no module outside ``newsdiff.text`` defines its own. Plain
Python: no Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A word: letters, with inner dots, apostrophes and hyphens ("U.S.", "O'Brien", "so-called").
WORD = re.compile(r"[A-Za-z][A-Za-z.'’\-]*[A-Za-z]|[A-Za-z]")
# A word written in lower case (the common-word reading of a capitalised sentence opener).
LOWER_WORD = re.compile(r"\b[a-z][a-z'’\-]+\b")
# What the (up to three) characters before a word look like when the word opens a sentence, a
# quotation or a bracket: a capital there does not make it a name.
SENTENCE_START = re.compile(r"(^|[.!?]\s+|[\"“‘(\[]\s*|:\s+)$")

# A number: with thousands separators ("1,500", "100,000") or a decimal part ("3.5"), never the
# tail of a word or of another number ("A380", "1.2.3" gives only "1.2"). A unit or sign around
# it ("$40 million", "3.5%") is not part of it: "3.5%" and "3.5 percent" say the same.
NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])")


# A token of running text, for segmenting it whole: a number (separators kept: "100,000" is one
# token) or a word with its inner apostrophes, in any script (hyphens split: "then-UK" is two).
TOKEN = re.compile(rf"{NUMBER.pattern}|\w+(?:['’]\w+)*")


def number_value(written: str) -> str:
    """A number as compared: "100,000" and "100000" are one number."""
    return written.replace(",", "")


def numbers_in(text: str) -> Iterator[str]:
    """The numbers of ``text`` in order, as compared (``number_value``)."""
    for match in NUMBER.finditer(text):
        yield number_value(match.group())


# A quotation: “...”, "...", «...», or ‘...’ of at least two words (a single curly quote is
# usually an apostrophe); straight quotes pair up left to right. Group: the quoted words.
QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»|‘([^’]+\s[^’]+)’")


def quoted(match: re.Match[str]) -> str:
    """The words inside a ``QUOTE`` match, without the quotation marks."""
    return next(g for g in match.groups() if g is not None).strip()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# How a report attributes what it relays. Judged attribution carries the reporter's view of the
# source ("claimed", "admitted", "allegedly"): a journalist weighs it wherever it is, so the
# highlight always marks it. Plain attribution ("said", "told") is the wire's default: a
# difference only when the other report judges ("said" / "claimed").
ATTRIBUTION_JUDGED = _words(
    """claimed claims claim alleged allegedly allegation reportedly purportedly insisted
    admitted conceded acknowledged denied accused boasted lamented warned threatened vowed
    demanded according supposedly apparently"""
)
ATTRIBUTION_PLAIN = _words(
    """said says say alleges insists stated states noted notes noting argued argues admits
    confirmed confirms emphasised emphasized recalled recalls denies asserted asserts told added
    warns stressed explained reported reports suggested"""
) | {"according to", "pointed out"}
ATTRIBUTION = ATTRIBUTION_JUDGED | ATTRIBUTION_PLAIN

# A reader's search, term by term: an optional "-" (excluded), then a "quoted phrase" (its
# closing quote optional, as a reader may forget it) or a bare word.
SEARCH_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
