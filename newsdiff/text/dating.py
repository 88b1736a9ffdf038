"""When a paragraph's events happened: its date expressions, resolved, each with its role.

The expressions are the NLP layer's DATE entities ("last week", "on Tuesday", "March 29, 2022",
"the 2008 Bucharest summit"'s "2008"), widened to the word that governs them ("since 2014",
"by June 2018"). Each resolves to an inclusive date range against the article's publication
date:
- relative ones ("yesterday", "last week", "five weeks ago", "earlier this month", "on
  Tuesday") by the rules below, the way wire copy uses them: a weekday is the latest such day
  on or before publication, unless the sentence speaks of the future ("will meet on Friday");
- absolute and yearless ones ("Feb. 24, 2022", "March 2014", "on Nov. 18") by ``dateparser``
  with fixed settings: English only, relative to the publication date, dates from the past
  preferred (the future when the sentence is), no network;
- ranges ("from Feb. 24 to March 25", "between 2014 and 2021", "March 29-30", "since 2014")
  end by end.

A role says whether the expression dates what the passage reports:
- ``mentioned``: a year or month that names a past event or thing ("the 2008 Bucharest
  summit", "its May 1997 positions", "the Minsk agreements of 2015") says nothing of when the
  report's events happened;
- ``deadline``: "by June 2018", "until April 15", "no later than July" is a date the passage
  looks ahead to, not the one it reports;
- ``reported``: everything else.

``docs/dates.md`` has the accuracy per kind on a labelled set, against the matcher's
regular-expression resolver. Plain Python: no Django imports.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from newsdiff.lib.dates import MONTHS, WEEKDAYS
from newsdiff.text.nlp import ParagraphNLP
from newsdiff.text.words import FUNCTION_WORDS

REPORTED, MENTIONED, DEADLINE = "reported", "mentioned", "deadline"

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3,
}  # fmt: skip
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
# A word right before the expression that makes it a deadline, and one that makes it a range
# up to publication.
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|no later than|not later than|deadline of|deadline|due)\s*(?:the\s+)?$",
    re.I,
)
_BEFORE = re.compile(r"\bbefore\s*$", re.I)
_OBLIGATION = re.compile(
    r"\b(?:must|should|has to|have to|had to|needs? to|wants?|hopes?|aims?|asked|demanded|"
    r"deadline|ultimatum|expected to|required)\b",
    re.I,
)
_SINCE_BEFORE = re.compile(r"\bsince\s*$", re.I)
_FUTURE = re.compile(
    r"\b(?:will|'ll|’ll|shall|is to|are to|is due|are due|is expected|are expected|is planned|"
    r"are planned|is scheduled|are scheduled|is set to|are set to|next)\b",
    re.I,
)
# "By late 2023, the offensive had stalled": a state reached by then, not a deadline.
_PAST_PERFECT = re.compile(r"\bhad\b", re.I)
# Nouns a year may qualify without naming an event: "the summer of 2022", "the end of 2021".
_TIME_NOUNS = frozenset(
    re.findall(
        r"\w+",
        """spring summer autumn fall winter end start beginning middle half quarter year years
        month months week weeks day days""",
    )
)
_MONTH = "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
_UNIT = r"(?P<unit>day|week|weekend|month|year)s?"
_AGO = re.compile(
    r"^(?:nearly |almost |about |around |more than |over |some |just )?"
    r"(?P<n>\d+|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several)"
    rf" {_UNIT} ago$"
)
_RELATIVE = re.compile(
    r"^(?P<mod>early |late |mid-?|earlier |later )?"
    rf"(?P<which>last|this|next|previous|past) {_UNIT}$"
)
_PAST_N = re.compile(
    r"^(?:the )?(?:past|last|previous) (?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|several|few) (?P<unit>day|week|month|year)s$"
)
_SEASON = re.compile(
    r"^(?P<which>last|this|next|early|late)? ?(?P<s>spring|summer|autumn|fall|winter)$"
)
_PART = re.compile(
    r"^(?P<mod>early|mid|late|(?:the )?(?:end|beginning|start) of)(?: in)?[- ](?P<rest>.+)$"
)
# Words before an entity (or at its start) that qualify it: "early in 2021", "no later than".
_PART_BEFORE = re.compile(
    r"\b(?P<mod>early|mid|late|(?:the )?(?:end|beginning|start) of)(?: in)?[- ]$", re.I
)
_LEADING = re.compile(r"^(?:no later than|not later than|by|until|till|before|since)\s+", re.I)
_RANGE = re.compile(
    r"^(?:from |between )?(?P<a>.+?)\s*(?:-|–|—| to | through | and | until )\s*(?P<b>.+)$"
)
_DAY_ONLY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DECADE = re.compile(r"^(?:the )?(?P<y>(?:1[89]|20)\d0)s$")
_HAS_MONTH = re.compile(rf"\b(?:{_MONTH})\b\.?", re.I)


@dataclass(frozen=True)
class DateMention:
    start: int  # character span in the paragraph, including "since", "by", ...
    end: int
    text: str
    first: dt.date
    last: dt.date  # inclusive
    role: str  # REPORTED, MENTIONED or DEADLINE
    how: str  # "rule" or "dateparser"


def _month(year: int, number: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 3)


Range = tuple[dt.date, dt.date]


def _relative(expr: str, published: dt.date, future: bool) -> Range | None:
    """The rules for expressions relative to the publication date."""
    p = published
    if expr in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return p, p
    if expr in ("yesterday", "last night", "yesterday morning", "yesterday afternoon"):
        return p - dt.timedelta(days=1), p - dt.timedelta(days=1)
    if expr in ("tomorrow",):
        return p + dt.timedelta(days=1), p + dt.timedelta(days=1)
    weekday = re.fullmatch(rf"(?:(?P<w0>last|this|next|on|late|early) )?(?P<w>{'|'.join(WEEKDAYS)})"
                           r"(?: (?:morning|afternoon|evening|night))?", expr)  # fmt: skip
    if weekday:
        target = WEEKDAYS.index(weekday["w"])
        if weekday["w0"] == "next" or (future and weekday["w0"] != "last"):
            ahead = (target - p.weekday()) % 7 or (7 if weekday["w0"] == "next" else 0)
            day = p + dt.timedelta(days=ahead)
        else:
            back = (p.weekday() - target) % 7 or (7 if weekday["w0"] == "last" else 0)
            day = p - dt.timedelta(days=back)
        return day, day
    m = _AGO.match(expr)
    if m:
        n, unit = _count(m["n"]), m["unit"]
        if unit == "day":
            return p - dt.timedelta(days=n), p - dt.timedelta(days=n)
        if unit in ("week", "weekend"):
            return _week(p - dt.timedelta(weeks=n))
        if unit == "month":
            return _month(*_shift_month(p.year, p.month, -n))
        return dt.date(p.year - n, 1, 1), dt.date(p.year - n, 12, 31)
    m = _PAST_N.match(expr)
    if m:
        n, unit = _count(m["n"]), m["unit"]
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        return p - dt.timedelta(days=days), p
    m = _RELATIVE.match(expr)
    if m:
        delta = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[m["which"]]
        unit, mod = m["unit"], (m["mod"] or "").strip().rstrip("-")
        if unit == "weekend":
            saturday = p - dt.timedelta(days=(p.weekday() - 5) % 7)
            if delta > 0 or (delta == 0 and future):
                saturday = p + dt.timedelta(days=(5 - p.weekday()) % 7)
            return saturday, saturday + dt.timedelta(days=1)
        if unit == "week":
            span = _week(p + dt.timedelta(weeks=delta))
        elif unit == "month":
            span = _month(*_shift_month(p.year, p.month, delta))
        else:
            span = dt.date(p.year + delta, 1, 1), dt.date(p.year + delta, 12, 31)
        if mod == "earlier" and delta == 0:
            return span[0], p
        if mod == "later" and delta == 0:
            return p, span[1]
        return _part(span, mod)
    m = _SEASON.match(expr)
    if m:
        first, last = _SEASONS[m["s"]]
        year = p.year + {"last": -1, "next": 1}.get(m["which"] or "", 0)
        if (
            m["which"] in (None, "this", "early", "late")
            and (first, 1) > (p.month, 1)
            and not future
        ):
            year -= 1  # "in the spring", said in winter: the last one
        start = dt.date(year, first, 1)
        end_year = year + 1 if last < first else year
        return start, _month(end_year, last)[1]
    return None


def _part(span: Range, mod: str) -> Range:
    """ "early", "mid" or "late" part of a period: of a year, January-April, May-August or
    September-December; of a month, days 1-10, 11-20 or 21 to its end; else its thirds."""
    if mod not in ("early", "mid", "late"):
        return span
    first, last = span
    index = ("early", "mid", "late").index(mod)
    if first.month == 1 and first.day == 1 and last == dt.date(first.year, 12, 31):
        start = dt.date(first.year, 1 + 4 * index, 1)
        return start, _month(first.year, 4 + 4 * index)[1]
    if first.day == 1 and last == _month(first.year, first.month)[1]:
        start = first.replace(day=1 + 10 * index)
        return start, last if mod == "late" else start + dt.timedelta(days=9)
    third = ((last - first).days + 1) // 3
    start = first + dt.timedelta(days=third * index)
    return start, last if mod == "late" else start + dt.timedelta(days=third - 1)


@functools.cache
def _parser(base: dt.date, prefer: str) -> object:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": prefer,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": False,
        },
    )


@functools.cache
def _absolute(expr: str, published: dt.date | None, future: bool) -> Range | None:
    """An absolute or yearless date by dateparser: a day, a month or a year."""
    if not (_HAS_MONTH.search(expr) or _YEAR.search(expr) or re.search(r"\d{4}-\d\d-\d\d", expr)):
        return None
    base = published or dt.date(2000, 1, 1)
    parser = _parser(base, "future" if future else "past")
    data = parser.get_date_data(expr)  # type: ignore[attr-defined]
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if data.period == "month":
        return _month(day.year, day.month)
    if published is None and not _YEAR.search(expr):
        return None  # a yearless date with nothing to give it a year
    return day, day


def resolve(expr: str, published: dt.date | None, future: bool = False) -> tuple[Range, str] | None:
    """One expression (as written, without "since"/"by") resolved, and how."""
    e = re.sub(r"\s+", " ", expr.lower().replace("’", "'")).strip(" .,;:")
    e = re.sub(r"^(?:on|in|at|during|the|of) ", "", e)
    e = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", e)
    if e in ("week", "month", "year"):  # "by the end of the year"
        e = f"this {e}"
    m = _DECADE.match(e)
    if m:
        y = int(m["y"])
        return (dt.date(y, 1, 1), dt.date(y + 9, 12, 31)), "rule"
    if published is not None:
        span = _relative(e, published, future)
        if span:
            return span, "rule"
    m = _PART.match(e)
    if m:
        inner = resolve(m["rest"], published, future)
        if inner:
            return _part(inner[0], _mod(m["mod"])), inner[1]
    m = _RANGE.match(e)
    if m and not re.fullmatch(r"\d{4}-\d\d-\d\d", e):
        ends = _range(m["a"], m["b"], published, future)
        if ends:
            return ends, "dateparser"
    span = _absolute(e, published, future)
    return (span, "dateparser") if span else None


def _mod(words: str) -> str:
    """ "early", "mid" or "late" for "early", "the start of", "the end of", ..."""
    words = words.lower().removeprefix("the ")
    return {"end of": "late", "beginning of": "early", "start of": "early"}.get(words, words)


def _range(a: str, b: str, published: dt.date | None, future: bool) -> Range | None:
    """ "Feb. 24 to March 25", "2014 and 2021", "March 29-30", "29-30 March", "2020-2021"."""
    if _DAY_ONLY.match(a) and _HAS_MONTH.search(b):  # "29-30 March 2022"
        rest = re.sub(r"^\d{1,2}\s*", "", b)
        a = f"{a} {rest}"
    if _DAY_ONLY.match(b) and _HAS_MONTH.search(a):  # "March 29-30"
        month = _HAS_MONTH.search(a)
        assert month is not None
        year = _YEAR.search(a)
        b = f"{month.group()} {b}" + (f" {year.group()}" if year else "")
    if re.fullmatch(r"\d\d", b) and re.fullmatch(r"\d{4}", a):  # "2020-21"
        b = a[:2] + b
    first = resolve(a, published, future)
    # The end takes the start's year when it has none ("from Nov. 1 to Nov. 15, 2021" aside).
    last = resolve(b, published, future)
    if first is None or last is None:
        return None
    start, end = first[0][0], last[0][1]
    if not _YEAR.search(a) and _YEAR.search(b) and start > end:
        start = start.replace(year=end.year)
    if not _YEAR.search(b) and start > end:
        return None
    return (start, end) if start <= end else None


def _role(text: str, start: int, end: int, nlp: ParagraphNLP) -> str:
    """MENTIONED, DEADLINE or REPORTED, from the words around the expression."""
    before = text[max(0, start - 30) : start]
    sentence = _sentence(text, start, nlp)
    if (_DEADLINE_BEFORE.search(before) and not _PAST_PERFECT.search(sentence)) or (
        _BEFORE.search(before) and _OBLIGATION.search(sentence)
    ):
        return DEADLINE
    expr = text[start:end]
    if _YEAR.search(expr) and not re.search(r"\d{1,2}\b.*\d{4}|\d{4}.*\b\d{1,2}\b", expr):
        # A year or a month-year naming a thing: "the 2008 Bucharest summit", "its May 1997
        # positions" (the next word is part of a noun phrase), "the Minsk agreements of 2015".
        nxt = next((t for t in nlp.tokens if t.start >= end), None)
        if (
            nxt is not None
            and nxt.start - end <= 1
            and nxt.pos in ("NOUN", "PROPN", "ADJ")
            and text[nxt.start : nxt.end].lower() not in _TIME_NOUNS
            and not _HAS_MONTH.fullmatch(text[nxt.start : nxt.end])
        ):
            return MENTIONED
        of = re.search(r"(\w+) of\s*(?:the\s+)?$", before)
        if of and of.group(1).lower() not in _TIME_NOUNS and not _HAS_MONTH.fullmatch(of.group(1)):
            return MENTIONED
    return REPORTED


# A year that only bounds what the passage reports: "since 1939", "joined after May 1997",
# "its borders as of 1997", "before 2014".
_BOUND_BEFORE = re.compile(
    rf"\b(?:since|after|before|as of|prior to)\s+(?:(?:{_MONTH})\.?\s+)?$", re.I
)
# A determiner or a possessive before a year that qualifies a noun: "the 1997 Founding Act",
# "Sweden's May 2022 application", "their 1997 positions" name a thing, where "a 2008 summit in
# Bucharest" tells of one.
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|its|their|his|her|our|your|this|that|these|those)|\w['’]s)\s+"
    rf"(?:(?:{_MONTH})\.?\s+)?$",
    re.I,
)
# A date in a clause that "since" opens bounds what the passage reports just as well: "the
# first offer since Russia invaded on February 24, 2022", "since talks collapsed in April".
_SINCE_CLAUSE = re.compile(r"\bsince\b[^.;:!?]{0,60}?\b(?:on|in)\s+$", re.I)
_NOT_A_NOUN = _TIME_NOUNS | FUNCTION_WORDS
_NEXT_WORD = re.compile(r"^ ([A-Za-z][\w-]*)")
_PLAIN_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=[\"“‘(]?[A-Z])")


def plain_role(text: str, start: int, end: int) -> str:
    """The role of the date expression ``text[start:end]`` from the words around it alone, for a
    reader without the NLP pipeline (the matcher's resolver): the rules of ``_role`` with a
    plain next word for the part of speech, and a year bounding what the passage reports
    ("since 1939", "after May 1997", "as of 1997"), or a date in a clause that "since" opens
    ("since Russia invaded on February 24, 2022"), read as mentioned, not as its date."""
    before = text[max(0, start - 40) : start]
    trimmed = before[: part.start()] if (part := _PART_BEFORE.search(before)) else before
    sentence = _plain_sentence(text, start)
    if (_DEADLINE_BEFORE.search(trimmed) and not _PAST_PERFECT.search(sentence)) or (
        _BEFORE.search(trimmed) and _OBLIGATION.search(sentence)
    ):
        return DEADLINE
    if _SINCE_CLAUSE.search(trimmed):
        return MENTIONED
    expr = text[start:end]
    if not _YEAR.search(expr) or re.search(r"\d{1,2}\b.*\d{4}|\d{4}.*\b\d{1,2}\b", expr):
        return REPORTED
    if _BOUND_BEFORE.search(trimmed):
        return MENTIONED
    nxt = _NEXT_WORD.match(text[end:])
    if (
        nxt is not None
        and _DETERMINER_BEFORE.search(before)
        and nxt.group(1).lower() not in _NOT_A_NOUN
        and not _HAS_MONTH.fullmatch(nxt.group(1))
    ):
        return MENTIONED
    of = re.search(r"(\w+) of\s*(?:the\s+)?$", before)
    if of and of.group(1).lower() not in _TIME_NOUNS and not _HAS_MONTH.fullmatch(of.group(1)):
        return MENTIONED
    return REPORTED


def _plain_sentence(text: str, offset: int) -> str:
    starts = [0, *(m.end() for m in _PLAIN_SENTENCE_END.finditer(text) if m.end() <= offset)]
    stop = _PLAIN_SENTENCE_END.search(text, offset)
    return text[starts[-1] : stop.start() + 1 if stop else len(text)]


def _sentence(text: str, offset: int, nlp: ParagraphNLP) -> str:
    for s, e in nlp.sentences:
        if s <= offset < e:
            return text[s:e]
    return text


def find_dates(text: str, nlp: ParagraphNLP, published: dt.date | None) -> list[DateMention]:
    """Every date expression of a paragraph that resolves, with its role."""
    found = []
    for entity in nlp.entities:
        if entity.label not in ("DATE", "TIME"):
            continue
        start, end = entity.start, entity.end
        # The model sometimes takes the governing words in ("no later than July").
        inner = start + (lead.end() if (lead := _LEADING.match(entity.text)) else 0)
        sentence = _sentence(text, start, nlp)
        role = _role(text, inner, end, nlp)
        # A deadline lies ahead of the sentence ("agreed to return them no later than July").
        future = role == DEADLINE or bool(_FUTURE.search(sentence))
        resolved = resolve(text[inner:end], published, future)
        if resolved is None:
            continue
        (first, last), how = resolved
        part = _PART_BEFORE.search(text[max(0, start - 20) : start])
        if part:  # "Early in 2021", "by the end of March"
            first, last = _part((first, last), _mod(part["mod"]))
            start -= len(part.group())
        since = _SINCE_BEFORE.search(text[max(0, start - 12) : start])
        if (since or (lead and lead.group().lower().startswith("since"))) and role == REPORTED:
            start -= len(since.group()) if since else 0
            last = max(last, published) if published else last
        found.append(DateMention(start, end, text[start:end], first, last, role, how))
    return found
