"""Read a news dateline: "ISTANBUL, March 29 (Harbor Wire) –" gives place, date and outlet.

Wire copy opens with where it was filed, often the day, and the agency or outlet in brackets,
before a dash: "ISTANBUL, March 29 (Bosphorus Wire) -", "MOSCOW (AP) —", "KYIV, Ukraine,
March 30 (Reuters) -", "Istanbul (AFP) -", or only the place, in capitals: "WASHINGTON —". The
dateline is not part of the story: the ingest keeps it apart from the paragraph it opens.
A staff byline names an outlet too ("By Reuters Staff": ``staff_byline``); a person's does not.

Datelines rarely carry a year, and the day a file is uploaded says nothing about the year an
archive's story was filed. So the year comes from the article's own text (``dated``): the full
date in it that falls on the dateline's day (the latest such one not after the day the file was
received), else the latest year the text names (not after the day received); else none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
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
DATELINE = re.compile(
    rf"^\s*{_PLACE}(?:,?\s+{_DATE})?(?:\s*{_OUTLET})?\s*(?P<dash>[-–—:])(?:\s+|$)"
)
# Words in capitals that open a paragraph before a dash without being a place.
NOT_PLACES = frozenset(
    {
        "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "WATCH", "ANALYSIS", "OPINION",
        "EDITORIAL", "LIVE", "CORRECTION", "COMMENT", "REVIEW", "INTERVIEW", "NOTE",
        "PHOTO", "VIDEO", "FACTBOX", "EXPLAINER",
    }
)  # fmt: skip
# Wires usually sign with their short name; the articles are stored under the full one.
ALIASES = {
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "UPI": "United Press International",
}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A byline that signs for the outlet's staff: "By Reuters Staff", "By Harbor Wire staff,
# 30 March 2022", "BY AP STAFF". A byline of a person ("By Jane Smith") names no outlet, and
# neither does "By our staff"; the words before "staff" are capitalised, as an outlet's name is.
_STAFF_BYLINE = re.compile(
    r"^\s*(?:By|BY) (?:the )?"
    r"(?P<outlet>[A-Z][\w.&'’-]*(?: (?:[A-Z][\w.&'’-]*|of|and))*?)"
    r" (?i:staff)(?: (?i:writers?|reporters?|report))?\s*(?:[,;|–—-].*)?$"
)


@dataclass(frozen=True)
class Dateline:
    text: str  # the dateline as written, for the article's page and provenance
    place: str
    outlet: str  # "" when it names none ("WASHINGTON —")
    month: int | None  # the day it gives, if any
    day: int | None
    year: int | None  # only when the dateline writes it
    rest: str  # the paragraph it opened, without it


def staff_byline(text: str) -> str:
    """The outlet a staff byline signs for ("By Reuters Staff" gives "Reuters"), or ""."""
    m = _STAFF_BYLINE.match(text)
    if m is None or len(m["outlet"]) > 60:
        return ""
    outlet = " ".join(m["outlet"].split())
    return ALIASES.get(outlet.upper(), outlet)


def read_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text``, or None."""
    m = DATELINE.match(text)
    if m is None or not _is_place(m["place"], bool(m["outlet"]), m["dash"]):
        return None
    outlet = " ".join((m["outlet"] or "").split())
    outlet = ALIASES.get(outlet.upper(), outlet)
    month_word, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
    month = _month(month_word) if month_word else None
    return Dateline(
        text=m.group().strip(),
        place=m["place"],
        outlet=outlet,
        month=month,
        day=int(day) if month is not None else None,
        year=int(m["year"]) if m["year"] else None,
        rest=text[m.end() :].strip(),
    )


def _is_place(place: str, has_outlet: bool, dash: str) -> bool:
    # With an outlet in brackets: written in capitals (the wire convention) or a single
    # capitalised word; a sentence such as "Officials said (AP) -" is not a dateline. Without
    # one, only capitals before a dash ("WASHINGTON —"), and not a label such as "UPDATE -".
    if has_outlet:
        return place.isupper() or " " not in place
    return (
        dash != ":"
        and place.isupper()
        and len(place) >= 3
        and not any(word in NOT_PLACES for word in place.split())
    )


def _month(word: str) -> int | None:
    prefix = word.lower().rstrip(".")[:3]
    return next((n for name, n in MONTHS.items() if name.startswith(prefix)), None)


@dataclass(frozen=True)
class Dated:
    date: dt.date | None
    how: str  # in words, for the article's provenance ("" when the dateline gives no day)


def dated(
    dateline: Dateline,
    full_dates: Iterable[dt.date],
    text: str,
    received: dt.date | None = None,
) -> Dated:
    """The dateline's date, its year found as the module says: ``full_dates`` are the dates the
    article writes in full, ``text`` its text (for the years it names), ``received`` the day
    the file arrived (a story is not filed after it)."""
    if dateline.month is None or dateline.day is None:
        return Dated(None, "")
    month, day = dateline.month, dateline.day
    given = f"{day} {_MONTH_NAME[month]}"
    if dateline.year is not None:
        found = _date(dateline.year, month, day)
        return Dated(found, "The dateline gives the year." if found else _impossible(given))
    fits = [d for d in full_dates if (d.month, d.day) == (month, day) and _by(d, received)]
    if fits:
        date = max(fits)
        return Dated(date, f"Its year is that of the date {_long(date)} in the text.")
    years = sorted({int(y) for y in _YEAR.findall(text)}, reverse=True)
    for year in years:
        named_day = _date(year, month, day)
        if named_day is not None and _by(named_day, received):
            date = named_day
            if len(years) == 1:
                return Dated(date, f"Its year is the one the text names ({year}).")
            named = ", ".join(str(y) for y in sorted(years))
            which = "latest" if year == years[0] else "latest not after the file was received"
            return Dated(date, f"Its year is the {which} of those the text names ({named}).")
    if _date(2000, month, day) is None:  # 2000: a leap year, so only a day that never is
        return Dated(None, _impossible(given))
    none = "no year the text names fits" if years else "the text names none"
    return Dated(
        None,
        f"The dateline gives {given} but no year, and {none}: the date is unknown until set.",
    )


def filed(text: str, published: dt.date | None) -> dt.date | None:
    """The day a stored dateline (``Dateline.text``) gives, for an article ``published`` on that
    day: in the year the dateline writes, else in the year that puts it nearest publication
    ("18 January" of a file published on 2 January 2024 is 18 January 2024; "30 December",
    2023). None when it gives no day, or gives no year and the article has no date."""
    dateline = read_dateline(text) if text else None
    if dateline is None or dateline.month is None or dateline.day is None:
        return None
    if dateline.year is not None:
        return _date(dateline.year, dateline.month, dateline.day)
    if published is None:
        return None
    years = (published.year - 1, published.year, published.year + 1)
    days = [d for y in years if (d := _date(y, dateline.month, dateline.day)) is not None]
    return min(days, key=lambda d: abs((d - published).days), default=None)


_MONTH_NAME = {number: name.capitalize() for name, number in MONTHS.items()}


def _long(date: dt.date) -> str:
    return f"{date.day} {_MONTH_NAME[date.month]} {date.year}"


def _impossible(given: str) -> str:
    return f"The dateline gives {given}, which is no date: the date is unknown until it is set."


def _by(date: dt.date, received: dt.date | None) -> bool:
    return received is None or date <= received


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "February 30": not a date, so no date rather than a wrong one
        return None
