"""The period a time expression of a report points to ("last week", "December last year",
"on Tuesday", "in 2014"), given the day the report was published.

Small on purpose: it resolves what two reports of one event are compared on, so that "last
year" and "last week" can be told to agree or disagree. A phrase it cannot read gives None.
Plain Python; no Django.
"""

from __future__ import annotations

import datetime as dt
import re

from newsdiff.lib.dates import MONTHS, WEEKDAYS

Period = tuple[dt.date, dt.date]  # first and last day, inclusive

_UNITS = {"day": 1, "week": 7, "month": 31, "year": 366}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_AGO = re.compile(
    r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten) (day|week|month|year)s? ago\b"
)
_RELATIVE = re.compile(r"\b(last|this|next|past) (week|month|year)\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_DAY_OF_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")


def _month(year: int, month: int) -> Period:
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def _week_of(day: dt.date) -> Period:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _relative(which: str, unit: str, published: dt.date) -> Period:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        return _week_of(published + dt.timedelta(days=7 * step))
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return _month(index // 12, index % 12 + 1)
    year = published.year + step
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def resolve(phrase: str, published: dt.date | None) -> Period | None:
    """The period ``phrase`` names, relative to ``published`` where it needs an anchor."""
    text = phrase.lower().replace("’", "'")
    year_match = _YEAR.search(text)
    month_match = _MONTH.search(text)
    if year_match and not month_match:
        y = int(year_match[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if month_match:
        month = MONTHS[month_match[1]]
        if year_match:
            year = int(year_match[1])
        elif published is None:
            return None
        elif "last year" in text:
            year = published.year - 1
        elif "next year" in text:
            year = published.year + 1
        else:  # the nearest such month on or before the report
            year = published.year if month <= published.month else published.year - 1
        day = _DAY_OF_MONTH.search(_MONTH.sub(" ", _YEAR.sub(" ", text)))
        if day and 1 <= int(day[1]) <= 31:
            try:
                d = dt.date(year, month, int(day[1]))
            except ValueError:
                return _month(year, month)
            return d, d
        return _month(year, month)
    if published is None:
        return None
    for word, shift in (("yesterday", -1), ("today", 0), ("tomorrow", 1), ("tonight", 0)):
        if word in text:
            d = published + dt.timedelta(days=shift)
            return d, d
    for k, name in enumerate(WEEKDAYS):
        if name in text:
            back = (published.weekday() - k) % 7
            d = published - dt.timedelta(days=back)
            return d, d
    if m := _AGO.search(text):
        n = int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]
        d = published - dt.timedelta(days=n * _UNITS[m[2]])
        return (d, d) if m[2] == "day" else (d - dt.timedelta(days=_UNITS[m[2]] // 2), d)
    if m := _RELATIVE.search(text):
        return _relative(m[1], m[2], published)
    return None


def overlap(a: Period, b: Period) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def describe(period: Period) -> str:
    first, last = period
    if first == last:
        return first.isoformat()
    if first.day == 1 and last.month == first.month and last.year == first.year:
        return first.strftime("%B %Y")
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    return f"{first.isoformat()} to {last.isoformat()}"
