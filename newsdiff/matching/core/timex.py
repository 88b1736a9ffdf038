"""Resolve the time expressions of a paragraph against its article's publication date.

"Last week" in an article of 2021-12-22, "December last year" in one of 2022-02-14 and
"December 2021" all mean December 2021; the matcher compares these resolved periods, not the
words. Each expression becomes a ``Period`` (an inclusive date range with a label). Expressions
that name a well-known moment rather than a date ("the start of the conflict") resolve through an
anchor table: a documented default (``DEFAULT_ANCHORS``) that a deployment replaces with
``NEWSDIFF_TIME_ANCHORS`` (a JSON file) when its corpus is about something else.

Plain Python: no Django imports.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from newsdiff.lib.dates import MONTH, MONTHS, WEEKDAY, WEEKDAYS
from newsdiff.matching.core.params import SHIFT_DAYS, SHIFT_LOOKBACK_CHARS
from newsdiff.text.dates import DAY_MONTH_YEAR, ISO_DATE, MONTH_DAY_YEAR, month_number
from newsdiff.text.dating import REPORTED, plain_role

_NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def days_apart(a: Iterable[Period], b: Iterable[Period]) -> int | None:
    """Days between the nearest ends of a period of ``a`` and one of ``b`` (0 when two overlap;
    None when either has none)."""
    gaps = [max((q.start - p.end).days, (p.start - q.end).days, 0) for p in a for q in b]
    return min(gaps) if gaps else None


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(
        dt.date(year, number, 1),
        dt.date(year, number, last),
        f"{calendar.month_name[number]} {year}",
    )


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), str(number))


def _shift_month(year_: int, month_: int, delta: int) -> tuple[int, int]:
    index = year_ * 12 + (month_ - 1) + delta
    return index // 12, index % 12 + 1


def day(d: dt.date) -> Period:
    """The one day ``d``, labelled as written in full (\"18 January 2024\")."""
    return Period(d, d, f"{d.day} {calendar.month_name[d.month]} {d.year}")


def _week_before(d: dt.date, weeks: int = 1) -> Period:
    monday = d - dt.timedelta(days=d.weekday()) - dt.timedelta(weeks=weeks)
    return Period(monday, monday + dt.timedelta(days=6), f"week of {day(monday).label}")


# --- anchors: named moments -------------------------------------------------------------------
# Phrase (a regular expression, matched case-insensitively) -> (start, end). The default is the
# seed corpus's domain: the war in Ukraine. Replace it through NEWSDIFF_TIME_ANCHORS for another.
DEFAULT_ANCHORS: dict[str, tuple[str, str]] = {
    # "weeks before the start of the Ukraine conflict", "since the start of the war"
    r"(start|beginning|outbreak|launch) of (the |russia'?s )?(ukraine |ukrainian )?"
    r"(conflict|war|invasion|military operation|special military operation)": (
        "2022-02-24",
        "2022-02-28",
    ),
    r"(moscow|russia|putin) (launched|began|started) (its |the |a )?(special )?"
    r"(military operation|invasion|offensive)": ("2022-02-24", "2022-02-28"),
    # "early in the Ukraine conflict": the first two months, when the Istanbul talks happened
    r"(early|first weeks|first months) (in|of) the (ukraine |ukrainian )?(conflict|war)": (
        "2022-02-24",
        "2022-04-30",
    ),
}


@dataclass(frozen=True)
class Anchor:
    pattern: re.Pattern[str]
    period: Period


def compile_anchors(table: Mapping[str, tuple[str, str] | list[str]]) -> tuple[Anchor, ...]:
    anchors = []
    for phrase, (start, end) in table.items():
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        if first.replace(day=1) == last.replace(day=1):
            label = month(first.year, first.month).label
        else:
            label = f"{day(first).label} – {day(last).label}"
        anchors.append(Anchor(re.compile(phrase, re.I), Period(first, last, label)))
    return tuple(anchors)


def load_anchors(path: str | None) -> tuple[Anchor, ...]:
    """The anchors from a JSON file ``{"regex": ["YYYY-MM-DD", "YYYY-MM-DD"]}``, or the default."""
    if not path:
        return compile_anchors(DEFAULT_ANCHORS)
    return compile_anchors(json.loads(Path(path).read_text()))


# --- expressions -----------------------------------------------------------------------------
_RELATIVE = re.compile(
    r"\b(?P<mod>early |late |mid-?|earlier |later )?(?P<which>last|this|next|previous|past)"
    r" (?P<unit>week|month|year|weekend)\b",
    re.I,
)
_MONTH_REL = re.compile(rf"\b(?P<m>{MONTH}) (?P<which>last|this|next) year\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b{DAY_MONTH_YEAR}\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{MONTH_DAY_YEAR}\b", re.I)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{MONTH}),? (?:of )?(?P<y>\d{{4}})\b", re.I)
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}}) (?P<m>{MONTH})\b|\b(?P<m2>{MONTH}) (?P<d2>\d{{1,2}})\b", re.I
)
_MONTH_ALONE = re.compile(
    rf"\b(?:in|since|by|until|from|of|during|early|late|mid-?) (?P<m>{MONTH})\b", re.I
)
_ISO = re.compile(rf"\b{ISO_DATE}\b")
_ANY_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_YEAR = re.compile(
    r"\b(?:in|since|of|from|by|until|to|as|than|after|before|around|between|during|early|late"
    r"|mid-?) (?P<y>(19|20)\d\d)\b"
    r"|\b(?P<y2>(19|20)\d\d)(?= (summit|elections?|war|deal|talks|agreement|crisis|invasion))",
    re.I,
)
_AGO = re.compile(
    r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r" (?P<unit>day|week|month|year)s? ago\b",
    re.I,
)
_WEEKDAY_RE = re.compile(rf"\b(?:on |last |this |since )?(?P<w>{WEEKDAY})\b", re.I)
_DAYWORD = re.compile(r"\b(?P<w>yesterday|today|tonight|this morning|this afternoon)\b", re.I)
_SHIFT = re.compile(r"\b(?P<unit>days|weeks|months) (?P<dir>before|after)\s+(the\s+)?$", re.I)


def _nearest_month(month_: int, published: dt.date) -> Period:
    """A month named without a year: the occurrence nearest the publication date."""
    options = [month(published.year + delta, month_) for delta in (-1, 0, 1)]
    return min(
        options, key=lambda p: (abs((p.start - published.replace(day=1)).days), -p.start.year)
    )


def _relative(m: re.Match[str], published: dt.date) -> Period | None:
    which, unit = m["which"].lower(), m["unit"].lower()
    delta = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit in ("week", "weekend"):
        if delta == 0:
            return _week_before(published, 0)
        if delta < 0:
            return _week_before(published, 1)
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=1)
        return Period(monday, monday + dt.timedelta(days=6), f"week of {day(monday).label}")
    if unit == "month":
        period = month(*_shift_month(published.year, published.month, delta))
    else:
        period = year(published.year + delta)
    return _part(period, (m["mod"] or "").strip().rstrip("-").lower())


def _part(period: Period, mod: str) -> Period:
    """ "early"/"mid"/"late" next year: its first, middle or last third."""
    if mod not in ("early", "mid", "late"):
        return period
    third = period.days // 3
    start = period.start + dt.timedelta(days={"early": 0, "mid": third, "late": 2 * third}[mod])
    end = period.end if mod == "late" else start + dt.timedelta(days=third - 1)
    return Period(start, end, f"{mod} {period.label}")


def _ago(m: re.Match[str], published: dt.date) -> Period:
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = m["unit"].lower()
    if unit == "day":
        return day(published - dt.timedelta(days=n))
    if unit == "week":
        return _week_before(published, n)
    if unit == "month":
        return month(*_shift_month(published.year, published.month, -n))
    return year(published.year - n)


def _safe_day(y: int, m: int, d: int) -> Period | None:
    try:
        return day(dt.date(y, m, d))
    except ValueError:
        return None


def resolve(text: str, published: dt.date | None, anchors: Iterable[Anchor] = ()) -> list[Period]:
    """Every period the text refers to, most specific expressions first, without duplicates.

    Without a publication date only absolute expressions ("December 2021", "in 2014") resolve.
    Spans already consumed by a more specific expression are not read again, so "December 2021"
    is one month and not also the year 2021.

    Only what the passage reports dates it (``text.dating.plain_role``): a deadline ("by June
    2018", "until April 15"), a year that bounds what it reports ("joined after May 1997", "as of
    1997", "since 2014") or one that names a past thing ("the 1997 Founding Act", "the Minsk
    agreements of 2015") is read and set aside.
    """
    found: list[Period] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], period: Period | None, group: str | int = 0) -> None:
        if period is None or any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        if plain_role(text, *m.span(group)) == REPORTED and period not in found:
            found.append(period)

    for anchor in anchors:
        for m in anchor.pattern.finditer(text):
            period = anchor.period
            shift = _SHIFT.search(text[max(0, m.start() - SHIFT_LOOKBACK_CHARS) : m.start()])
            if shift:  # "weeks before the start of the conflict": the stretch just before it
                span = dt.timedelta(days=SHIFT_DAYS[shift["unit"].lower()])
                if shift["dir"].lower() == "before":
                    period = Period(
                        period.start - span,
                        period.start - dt.timedelta(days=1),
                        f"before {period.label}",
                    )
                else:
                    period = Period(period.start, period.start + span, f"after {period.label}")
            add(m, period)
    for m in _ISO.finditer(text):
        add(m, _safe_day(int(m["y"]), month_number(m), int(m["d"])))
    for rx in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for m in rx.finditer(text):
            add(m, _safe_day(int(m["y"]), month_number(m), int(m["d"])))
    for m in _MONTH_YEAR.finditer(text):
        add(m, month(int(m["y"]), MONTHS[m["m"].lower()]))
    for m in _YEAR.finditer(text):
        add(m, year(int(m["y"] or m["y2"])), "y" if m["y"] else "y2")
    # A month named without a year in a paragraph that names one year is in that year ("in the
    # spring of 2022, ... at the end of March"), not the one nearest publication. (Not a day: "18
    # January" is a dateline's day of publication, whatever year the story talks about.)
    years = {m.group() for m in _ANY_YEAR.finditer(text) if plain_role(text, *m.span()) == REPORTED}
    if len(years) == 1:
        named = int(years.pop())
        if published is None:
            for m in _DAY_MONTH.finditer(text):
                date_day = int(m["d"] or m["d2"])
                add(m, _safe_day(named, MONTHS[(m["m"] or m["m2"]).lower()], date_day))
        for m in _MONTH_ALONE.finditer(text):
            add(m, month(named, MONTHS[m["m"].lower()]), "m")
    if published is None:
        return found
    for m in _MONTH_REL.finditer(text):
        add(
            m,
            month(
                published.year + {"last": -1, "this": 0, "next": 1}[m["which"].lower()],
                MONTHS[m["m"].lower()],
            ),
        )
    for m in _RELATIVE.finditer(text):
        add(m, _relative(m, published))
    for m in _AGO.finditer(text):
        add(m, _ago(m, published))
    for m in _DAY_MONTH.finditer(text):
        nearest = _nearest_month(MONTHS[(m["m"] or m["m2"]).lower()], published)
        add(m, _safe_day(nearest.start.year, nearest.start.month, int(m["d"] or m["d2"])))
    for m in _MONTH_ALONE.finditer(text):
        add(m, _nearest_month(MONTHS[m["m"].lower()], published), "m")
    for m in _WEEKDAY_RE.finditer(text):
        # News uses a bare weekday for a day of the publication week ("said on Tuesday"): the
        # latest such day on or before publication.
        back = (published.weekday() - WEEKDAYS.index(m["w"].lower())) % 7
        add(m, day(published - dt.timedelta(days=back)), "w")
    for m in _DAYWORD.finditer(text):
        word = m["w"].lower()
        add(m, day(published - dt.timedelta(days=1 if word == "yesterday" else 0)))
    return found
