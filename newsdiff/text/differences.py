"""What differs between two passages that report the same event, read off their alignment.

The two passages are parsed (spaCy), their sentences aligned (shared content words, weighted
by how rare they are in English, and the order of the report), then the words of each aligned
sentence pair aligned on lemmas. The differences are read off that alignment:

* ``naming``: one person, group, place, thing or action named differently ("Lindsay Lohan" /
  "the actress", "invaded" / "launched an operation"), across the whole passages, since a
  headline or another sentence may name what the other passage's sentence describes
  (``pairing.pair_mentions``); and, ranked lower, one name said at other lengths ("in
  Beverly Hills, Calif." / "in Beverly Hills": ``extents``);
* ``spelling``: one proper name written two ways ("Zelenskiy" / "Zelensky"), not an inflection
  ("Russia" / "Russian");
* ``word_choice``: a phrase put in the place of another where the rest of the sentence lines
  up ("refused" / "rejected");
* ``attribution``: the verb introducing reported speech or a claim, for the same speaker
  ("said" / "claimed"), from the parse: a verb with a clausal complement, never a noun;
* ``figure`` and ``date``: numbers that disagree ("40" / "45 killed") and times that are said
  differently or disagree once resolved against the publication days ("December last year" /
  "last week");
* ``evaluative``: words of judgement (verbs, adjectives and adverbs; a noun names what is
  reported, a word in a name is the name), from the VADER lexicon (MIT; the
  ``vaderSentiment`` package ships it), where the aligned sentences lean opposite ways or one
  is neutral;
* ``person``: a person (a PERSON entity of two or more words) named in one passage only;
* ``omission``: what one aligned sentence says and the other leaves out, only when it carries
  content (a name, a figure, a quotation, a qualifier such as "legally binding").

Spans are character offsets in each passage's text; a one-sided difference has ``None`` on the
side that lacks it. Plain typed Python; no Django.

The parse, the thresholds and what a difference is are in ``passages``; the kinds read within
one pair of aligned sentences (word choice, attribution, evaluative, omission) in
``sentence_differences``. This module aligns the sentences, reads the naming, spelling, figure,
date and person differences, and gathers every kind (``differences``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from newsdiff.text import timeref
from newsdiff.text.extents import extent, wording
from newsdiff.text.mentions import Encode, Mention, Parsed
from newsdiff.text.pairing import Pairing, pair_mentions
from newsdiff.text.passages import (
    PARAMS,
    Char,
    Difference,
    Params,
    Passage,
    inflection,
    one_sided,
    quote,
    surname_of,
    zipf,
)
from newsdiff.text.sentence_differences import (
    attribution,
    evaluative,
    lemma_blocks,
    omissions,
    word_choice,
)

KINDS = (
    "word_choice",
    "naming",
    "attribution",
    "person",
    "spelling",
    "figure",
    "date",
    "evaluative",
    "omission",
)


# ---- sentences ---------------------------------------------------------------------------


def _weight(lemma: str) -> float:
    return max(0.5, 7.0 - zipf(lemma))


def _keywords(p: Parsed) -> list[dict[str, float]]:
    """Each sentence's content lemmas, weighted by rarity (cached on the passage)."""
    cached: list[dict[str, float]] | None = getattr(p, "keywords", None)
    if cached is None:
        cached = [
            {
                t.lemma_.lower(): _weight(t.lemma_.lower())
                for t in sent
                if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not t.is_stop
            }
            for sent in p.sent_tokens
        ]
        p.keywords = cached  # type: ignore[attr-defined]
    return cached


def align_sentences(a: Parsed, b: Parsed, params: Params = PARAMS) -> list[tuple[int, int]]:
    """Pairs of sentence indices reporting the same thing, one-to-one.

    Two single-sentence passages align as they are (the passages were aligned already); else
    by weighted content-word overlap, then a sentence between two aligned neighbours is taken
    to correspond to the one in the same place of the other passage.
    """
    sa, sb = a.sents, b.sents
    if len(sa) == 1 and len(sb) == 1:
        return [(0, 0)]
    ka, kb = _keywords(a), _keywords(b)
    scored = []
    for i, x in enumerate(ka):
        for j, y in enumerate(kb):
            shared = sum(x[w] for w in x.keys() & y.keys())
            total = sum(x.values()) + sum(y.values())
            if total and shared:
                scored.append((2 * shared / total, i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for s, i, j in sorted(scored, reverse=True):
        if s >= params.sentence_overlap and i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    for i in range(len(sa)):  # a sentence after an aligned one, facing a free sentence
        if i not in pairs and i - 1 in pairs:
            j = pairs[i - 1] + 1
            if j < len(sb) and j not in used and ka[i] and kb[j]:
                pairs[i] = j
                used.add(j)
    return sorted(pairs.items())


# ---- the differences ---------------------------------------------------------------------


def _from_pairings(
    a: Passage, b: Passage, pairings: list[Pairing], params: Params
) -> list[Difference]:
    out: list[Difference] = []
    for p in pairings:
        if p.same_wording:
            out += _lengths(a, b, p)
            continue
        m, n = p.a, p.b
        span_a, span_b = (m.start, m.end), (n.start, n.end)
        score = p.score
        if m.cls == n.cls == "time":
            if m.words & n.words or (_calendar(m.text) and _calendar(n.text)):
                out.append(_date(a, b, m, n, score))
        elif m.cls == n.cls == "number":
            figure = _figure(m, n)
            if figure:
                out.append(Difference("figure", 0.9, span_a, span_b, figure))
        elif _two_people(m, n, params):
            continue
        elif (
            m.proper
            and n.proper
            and m.cls == n.cls
            and m.cls in ("person", "place", "group")
            and len(m.words) == len(n.words)
            and SequenceMatcher(None, m.text.lower(), n.text.lower()).ratio()
            >= params.spelling_ratio
            and not inflection(m.text, n.text)
        ):
            out.append(
                Difference("spelling", 0.7, span_a, span_b, f"“{m.text}” is spelt “{n.text}”")
            )
        elif m.proper and n.proper and inflection(m.head_lemma, n.head_lemma):
            continue
        else:
            told = (
                f"the same action told as “{m.text}” and as “{n.text}”"
                if m.cls == n.cls == "action"
                else f"“{m.text}” and “{n.text}” name the same {_what(m, n)}"
            )
            out.append(Difference("naming", score, span_a, span_b, f"{told} ({p.why})"))
    return out


# A name said at other lengths matters less than one said in other words.
LENGTH_SCORE = 0.35


def _lengths(a: Passage, b: Passage, p: Pairing) -> list[Difference]:
    """One name said at other lengths ("in Beverly Hills, Calif." / "in Beverly Hills",
    "lawyer Mark Heller" / "Mark Heller"): the mentions are worded alike, the phrases naming
    the thing are not (``extents``)."""
    x, y = extent(a.parsed.doc, p.a), extent(b.parsed.doc, p.b)
    if (x, y) == ((p.a.start, p.a.end), (p.b.start, p.b.end)):
        return []
    if wording(a.parsed.doc, x) == wording(b.parsed.doc, y):
        return []
    said_a, said_b = quote(a.text, x), quote(b.text, y)
    what = _what(p.a, p.b)
    told = f"“{said_a}” and “{said_b}” name the same {what}, one more fully"
    return [Difference("naming", LENGTH_SCORE, x, y, told)]


def _two_people(m: Mention, n: Mention, params: Params) -> bool:
    """Two full names of people whose surnames are not one name spelt two ways ("Vladimir
    Zelensky" / "Vladimir Putin"): two people, whatever else they share."""
    if not (m.cls == n.cls == "person" and m.proper and n.proper):
        return False
    if len(m.words) < 2 or len(n.words) < 2 or m.words <= n.words or n.words <= m.words:
        return False  # one name within the other ("Betty Ford" / "Betty Ford Center")
    x, y = surname_of(m.text), surname_of(n.text)
    return SequenceMatcher(None, x, y).ratio() < params.spelling_ratio


def _what(m: Mention, n: Mention) -> str:
    for cls in (m.cls, n.cls):
        if cls in ("person", "place", "group"):
            return cls
    return "thing"


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            *("zero", "one", "two", "three", "four", "five", "six"),
            *("seven", "eight", "nine", "ten", "eleven", "twelve"),
        ]
    )
}


def _value(text: str) -> float | None:
    t = text.lower().replace(",", "")
    if m := re.search(r"\d+(?:\.\d+)?", t):
        value = float(m[0])
    else:
        words = [w for w in re.findall(r"[a-z]+", t) if w in _NUMBER_WORDS]
        if not words:
            return None
        value = float(_NUMBER_WORDS[words[0]])
    for word, factor in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9)):
        if word in t:
            value *= factor
    return value


def _figure(m: Mention, n: Mention) -> str | None:
    x, y = _value(m.text), _value(n.text)
    if x is None or y is None or x == y:
        return None
    return f"the figures disagree: “{m.text}” and “{n.text}”"


def _date(a: Passage, b: Passage, m: Mention, n: Mention, score: float) -> Difference:
    pa = timeref.resolve(m.text, a.published)
    pb = timeref.resolve(n.text, b.published)
    span_a, span_b = (m.start, m.end), (n.start, n.end)
    if pa and pb and not timeref.overlap(pa, pb):
        return Difference(
            "date",
            0.9,
            span_a,
            span_b,
            f"the times disagree: “{m.text}” ({timeref.describe(pa)}) and “{n.text}” "
            f"({timeref.describe(pb)})",
        )
    resolved = f" (both {timeref.describe(pa)}, or within it)" if pa and pb else ""
    return Difference(
        "date",
        max(0.4, score * 0.8),
        span_a,
        span_b,
        f"the time said as “{m.text}” and as “{n.text}”{resolved}",
    )


# Any day: only whether a phrase names a day, week, month or year is asked of it.
_SOME_DAY = dt.date(2000, 6, 15)


def _calendar(text: str) -> bool:
    """A time that points to a day or period ("Tuesday", "last week", "2008"), not a length
    ("90-day", "decades") or a part of a day ("morning")."""
    return timeref.resolve(text, _SOME_DAY) is not None


def _lone_times(a: Parsed, b: Parsed, i: int, j: int, pa: Passage, pb: Passage) -> list[Difference]:
    """The one time expression of each of two aligned sentences, worded differently: they
    date the same report, so they should agree once resolved."""
    ta = [m for m in a.mentions if m.sent == i and m.cls == "time"]
    tb = [m for m in b.mentions if m.sent == j and m.cls == "time"]
    if len(ta) != 1 or len(tb) != 1 or ta[0].words == tb[0].words:
        return []
    if not (_calendar(ta[0].text) and _calendar(tb[0].text)):
        return []  # "90-day" or "decades" is a length of time, not when
    return [_date(pa, pb, ta[0], tb[0], 0.5)]


def _persons(a: Parsed, b: Parsed) -> list[Difference]:
    """People (full names) that one passage names and the other does not."""
    out = []
    for mine, other, side in ((a, b, "a"), (b, a, "b")):
        seen: set[str] = set()
        for ent in mine.doc.ents:
            if ent.label_ != "PERSON" or len(ent) < 2:
                continue
            surname = surname_of(ent.text)
            if surname in other.words or surname in seen:
                continue
            seen.add(surname)
            span = (ent.start_char, ent.end_char)
            named = f"{ent.text} is named in one passage only"
            out.append(one_sided("person", 0.65, side, span, named))
    return out


def differences(
    a: Passage | str,
    b: Passage | str,
    encode: Encode | None = None,
    params: Params = PARAMS,
) -> list[Difference]:
    """The differences between two aligned passages, most important first.

    ``encode`` (optional) maps words to unit vectors (a sentence-embedding model): with it,
    differently worded mentions of one thing are also matched by meaning ("quake" /
    "earthquake").
    """
    pa = a if isinstance(a, Passage) else Passage(a)
    pb = b if isinstance(b, Passage) else Passage(b)
    x, y = pa.parsed, pb.parsed
    sentences = align_sentences(x, y, params)
    pairings = pair_mentions(x, y, sentences, encode)
    found = _from_pairings(pa, pb, pairings, params)
    taken = {p.a.head for p in pairings if not p.same_wording}
    people = {surname_of(p.a.text): surname_of(p.b.text) for p in pairings if p.a.cls == "person"}
    for i, j in sentences:
        blocks = lemma_blocks(x, y, i, j)
        found += word_choice(x, y, i, j, blocks, taken, params)
        found += attribution(x, y, i, j, people)
        found += evaluative(x, y, i, j, params)
        found += omissions(x, y, blocks, params)
        found += _lone_times(x, y, i, j, pa, pb)
    found += _persons(x, y)
    return _unique(found)


def _unique(found: list[Difference]) -> list[Difference]:
    """One difference per place: the most important of those on the same spans, and no
    one-sided difference inside a two-sided one's span."""
    best: dict[tuple[Char | None, Char | None], Difference] = {}
    for d in found:
        key = (d.span_a, d.span_b)
        if key not in best or d.score > best[key].score:
            best[key] = d
    paired_a = [d.span_a for d in best.values() if d.span_a and d.span_b]
    paired_b = [d.span_b for d in best.values() if d.span_a and d.span_b]

    def inside(span: Char | None, spans: Sequence[Char | None]) -> bool:
        return span is not None and any(
            s is not None and s[0] <= span[0] and span[1] <= s[1] for s in spans
        )

    kept = [
        d
        for d in best.values()
        if (d.span_a and d.span_b) or not (inside(d.span_a, paired_a) or inside(d.span_b, paired_b))
    ]
    return sorted(kept, key=lambda d: (-d.score, d.span_a or (0, 0), d.span_b or (0, 0)))
