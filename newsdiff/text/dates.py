"""Absolute dates in text, and finding an article's publication date in its own lines.

One spelling of "18 January 2024", "January 18, 2024" and "2024-01-18" for the ingest
(publication dates), the text classifier (date-only lines) and the matcher's time expressions.
Plain Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
import re

from newsdiff.lib.dates import MONTH, MONTHS

# Absolute dates, with named groups d, m (a month name) or mo (a month number), y. Callers
# add \b and their own surroundings.
DAY_MONTH_YEAR = rf"(?P<d>\d{{1,2}}) (?P<m>{MONTH}),? (?P<y>\d{{4}})"
MONTH_DAY_YEAR = rf"(?P<m>{MONTH}) (?P<d>\d{{1,2}}),? (?P<y>\d{{4}})"
ISO_DATE = r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
# The same three without groups, for one alternation.
ANY_DATE = rf"\d{{1,2}} ({MONTH}) \d{{4}}|({MONTH}) \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"

_CLOCK = r"(?P<time>,? \d{1,2}:\d{2})?"
_STAMPS = (
    re.compile(rf"\b{DAY_MONTH_YEAR}\b{_CLOCK}", re.I),
    re.compile(rf"\b{MONTH_DAY_YEAR}\b{_CLOCK}", re.I),
    re.compile(rf"\b{ISO_DATE}\b(?P<time>T\d{{2}}:\d{{2}})?"),
)


def month_number(match: re.Match[str]) -> int:
    """The month of a match of the patterns above (by name or by number)."""
    groups = match.groupdict()
    return MONTHS[groups["m"].lower()] if groups.get("m") else int(groups["mo"])


def _candidates(text: str) -> list[tuple[bool, int, dt.date]]:
    """(has a time of day, offset, date) for each well-formed date in ``text``."""
    dates = []
    for pattern in _STAMPS:
        for m in pattern.finditer(text):
            try:
                date = dt.date(int(m["y"]), month_number(m), int(m["d"]))
            except ValueError:
                continue
            dates.append((bool(m["time"]), m.start(), date))
    return dates


def find_published(header_lines: list[str]) -> dt.date | None:
    """The publication date from the lines above and at the start of the article body.

    A timestamped date ("18 January 2024, 14:32") beats a bare one, because sites print today's
    date in their header ("Wednesday, 24 April 2024") while the article's own stamp has a time.
    """
    best: tuple[int, int, dt.date] | None = None
    for index, line in enumerate(header_lines):
        for has_time, offset, date in _candidates(line):
            rank = (0 if has_time else 1, index * 10_000 + offset)
            if best is None or rank < best[:2]:
                best = (*rank, date)
    return best[2] if best else None
