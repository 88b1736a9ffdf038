"""Find an article's publication date in its own text (when the manifest does not give it)."""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES.split())}
_MONTH = "|".join(MONTHS)
_DMY = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}),? (\d{{4}})\b(,? \d{{1,2}}:\d{{2}})?", re.I)
_MDY = re.compile(rf"\b({_MONTH}) (\d{{1,2}}),? (\d{{4}})\b(,? \d{{1,2}}:\d{{2}})?", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b(T\d{2}:\d{2})?")


def _candidates(text: str) -> list[tuple[bool, int, dt.date]]:
    """(has a time of day, offset, date) for each well-formed date in ``text``."""
    found: list[tuple[bool, int, dt.date]] = []
    for m in _DMY.finditer(text):
        found.append((bool(m[4]), m.start(), (int(m[3]), MONTHS[m[2].lower()], int(m[1]))))  # type: ignore[arg-type]
    for m in _MDY.finditer(text):
        found.append((bool(m[4]), m.start(), (int(m[3]), MONTHS[m[1].lower()], int(m[2]))))  # type: ignore[arg-type]
    for m in _ISO.finditer(text):
        found.append((bool(m[4]), m.start(), (int(m[1]), int(m[2]), int(m[3]))))  # type: ignore[arg-type]
    dates = []
    for has_time, offset, ymd in found:
        try:
            dates.append((has_time, offset, dt.date(*ymd)))  # type: ignore[misc]
        except ValueError:
            continue
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
