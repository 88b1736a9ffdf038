"""Read a news dateline: "ISTANBUL, March 29 (Harbor Wire) –" gives place, date and outlet.

Wire copy opens with where it was filed, the day, and the agency or outlet in brackets, before a
dash. Datelines rarely carry a year, so the year comes from the context: a full date elsewhere
in the article's header, else the date the file was received (the latest such day not after it,
since news is not dated in the future).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsdiff.lib.dates import MONTHS

# Abbreviations too ("Dec.", "Sept"): the first three letters name the month.
_MONTH_WORD = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}"
_DATE = (
    rf"(?:(?P<m1>{_MONTH_WORD})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH_WORD}))"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)
# A place: one to four words in capitals ("NEW YORK", "ST. PETERSBURG") or capitalised
# ("Istanbul"), optionally followed by a region ("KYIV, Ukraine").
_PLACE_WORD = r"[A-Z][A-Za-z.'’-]*"
_PLACE = (
    rf"(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}})"
    rf"(?:, (?P<region>{_PLACE_WORD}(?: {_PLACE_WORD})?))??"
)
_OUTLET = r"\((?P<outlet>[^()\n]{2,60})\)"
DATELINE = re.compile(rf"^\s*{_PLACE},?\s+(?:{_DATE}\s*)?{_OUTLET}\s*[-–—:]")
# Wires usually sign with their short name; the articles are stored under the full one.
ALIASES = {
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "UPI": "United Press International",
}


@dataclass(frozen=True)
class Dateline:
    text: str  # the dateline as written, for the article's provenance
    place: str
    outlet: str
    date: dt.date | None
    year_from: str  # "dateline", "article", "received" or "" (no date)


def read_dateline(
    text: str, context: dt.date | None = None, received: dt.date | None = None
) -> Dateline | None:
    """The dateline at the start of ``text``, or None.

    ``context`` is a full date found elsewhere in the article (its year is the dateline's);
    ``received`` is when the file came in (the year is the latest that puts the day on or
    before it).
    """
    m = DATELINE.match(text)
    if m is None or not _looks_like_place(m["place"]):
        return None
    outlet = " ".join(m["outlet"].split())
    outlet = ALIASES.get(outlet.upper(), outlet)
    month_word, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
    date, year_from = None, ""
    if month_word:
        month = _month(month_word)
        if month is not None:
            date, year_from = _dated(month, int(day), m["year"], context, received)
    return Dateline(m.group().strip(), m["place"], outlet, date, year_from)


def _looks_like_place(place: str) -> bool:
    # Either written in capitals (the wire convention) or a single capitalised word: a sentence
    # such as "Officials said (AP) -" is not a dateline.
    return place.isupper() or " " not in place


def _month(word: str) -> int | None:
    prefix = word.lower().rstrip(".")[:3]
    return next((n for name, n in MONTHS.items() if name.startswith(prefix)), None)


def _dated(
    month: int, day: int, year: str | None, context: dt.date | None, received: dt.date | None
) -> tuple[dt.date | None, str]:
    if year:
        return _date(int(year), month, day), "dateline"
    if context is not None:
        return _date(context.year, month, day), "article"
    if received is not None:
        found = _date(received.year, month, day)
        if found is not None and found > received:
            found = _date(received.year - 1, month, day)
        return found, "received"
    return None, ""


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "February 30": not a date, so no date rather than a wrong one
        return None
