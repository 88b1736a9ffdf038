"""Word-level differences between passages that report the same event.

Aligned passages are paraphrases, not edits of one text: outlets reorder sentences and swap
clauses. A positional diff (difflib) would mark nearly everything, so a word counts as
"only here" when the *other* side never uses it, wherever it sits. Case, punctuation and a
possessive 's are ignored; stopwords alone are never marked (noise), but they join two marked
words into one phrase ("Organization for Security").

Two levels of marking. *Substantive* marks (``Segment.only``; ``<mark class="only">`` on the
page, the default view) are what a journalist compares: names, numbers, words inside quotes,
judged attribution and evaluative wording ("claimed", "derailed", "so-called"), and content
words that are rare enough in English to carry meaning (``wordfreq``), each only when no other
report has it or a close variant ("Ukraine"/"Ukrainian", "negotiators"/"negotiations").
Function words, sentence-opening connectives ("Though", "During"), titles ("President") and
ordinary vocabulary stay unmarked. *Strict* marks (``Segment.word``; ``<mark class="word">``)
add every other word no other report uses; the event page shows them only when the reader asks
for the word-level view.

On top of the words, the things a journalist checks first are called out when only one side
has them: quotations, numbers and named people (a heuristic: a run of two or three capitalised
words after any title, compared by surname so "Sergei"/"Sergey Lavrov" still match).
The reading pages render the segments (``newsdiff.web.templatetags.marks``). Plain Python: no
Django imports.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsdiff.text.names import CAPITALISED, find_people
from newsdiff.text.patterns import (
    ATTRIBUTION_JUDGED,
    QUOTE,
    SENTENCE_START,
    TOKEN,
    number_value,
    numbers_in,
    quoted,
)
from newsdiff.text.rarity import COMMON, is_ordinary, zipf
from newsdiff.text.words import CONNECTIVES, FUNCTION_WORDS, TITLES, normalise

JOINER = re.compile(r"[\s\-–]*")
# Words a variant is matched on: the first letters of longer words ("Ukrain-ian"/"Ukrain-e").
VARIANT_PREFIX = 5
# Judgement carried by the wording itself, whatever its frequency: what a journalist weighs.
EVALUATIVE = frozenset(
    re.findall(
        r"[\w-]+",
        """derailed sabotaged provoked aggressive aggression unrestrained brutal illegal unprovoked
    heroic regime terrorist terrorists puppet junta invasion invaded occupation occupied
    propaganda so-called flatly bailed rebuffed refused rejected collapsed failed unfortunately
    essentially never""",
    )
)


@lru_cache(maxsize=1 << 16)  # news vocabulary repeats; a page normalises thousands of words
def stem(word: str) -> str:
    """Normalised with a light stem, so "talks"/"talk", "reached"/"reaching" match.

    A crude suffix strip rather than a real stemmer: it only has to stop inflections from being
    highlighted as differences, and both sides go through the same function.
    """
    if word[0].isdigit():
        return number_value(word)
    word = normalise(word)
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    return [stem(m.group()) for m in TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def variant(stemmed: str) -> str:
    """The key close variants share ("~ukrai" for "ukraine" and "ukrainian"); "" for short
    words and numbers, which must match exactly."""
    if len(stemmed) <= VARIANT_PREFIX or not stemmed.isalpha():
        return ""
    return "~" + stemmed[:VARIANT_PREFIX]


@dataclass(frozen=True)
class Profile:
    """What a passage says, reduced to what the comparison needs (computed once per passage)."""

    text: str
    vocabulary: frozenset[str]
    joined: str  # normalised words joined by spaces, padded, for phrase containment
    numbers: tuple[str, ...]
    quotes: tuple[str, ...]
    people: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Profile:
        normalised = words(text)
        return cls(
            text=text,
            vocabulary=frozenset(normalised) | {variant(w) for w in normalised if variant(w)},
            joined=f" {' '.join(normalised)} ",
            numbers=tuple(dict.fromkeys(numbers_in(text))),
            quotes=tuple(dict.fromkeys(_quotes(text))),
            people=tuple(dict.fromkeys(find_people(text))),
        )


@dataclass(frozen=True)
class Segment:
    text: str
    only: bool  # True: a difference in substance no other side has
    word: bool = False  # True: a word no other side uses, shown in the strict view only


@dataclass(frozen=True)
class Highlight:
    """One passage marked up against the others: its segments and what only it has."""

    segments: list[Segment]
    quotes: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)

    @property
    def marked(self) -> list[str]:
        return [s.text for s in self.segments if s.only]

    @property
    def words(self) -> list[str]:
        """The phrases the strict view marks: substantive marks and other words run together."""
        runs: list[str] = []
        gap: str | None = None  # unmarked text since the last marked segment
        for s in self.segments:
            if not (s.only or s.word):
                gap = s.text
            elif runs and (gap is None or JOINER.fullmatch(gap)):
                runs[-1] += (gap or "") + s.text
                gap = None
            else:
                runs.append(s.text)
                gap = None
        return runs

    @property
    def has_callouts(self) -> bool:
        return bool(self.quotes or self.numbers or self.people)


def _quotes(text: str) -> Iterable[str]:
    for match in QUOTE.finditer(text):
        words_quoted = quoted(match)
        if len(TOKEN.findall(words_quoted)) >= 2:
            yield words_quoted


def highlight(text: str, others: Iterable[Profile], own: Profile | None = None) -> Highlight:
    """Mark what ``text`` has that none of ``others`` has (``own``: its profile, if computed)."""
    others = list(others)
    if not others:  # nothing to differ from: marking every word would only be noise
        return Highlight(segments=[Segment(text, only=False)])
    seen_joined = " ".join(o.joined for o in others)
    return _mark(
        own or Profile.of(text),
        set().union(*(o.vocabulary for o in others)),
        {n for o in others for n in o.numbers},
        lambda quote: quote in seen_joined,
    )


def highlight_groups(items: Sequence[tuple[Hashable, str]]) -> list[Highlight]:
    """Each text marked against the texts of every *other* group (an event's other articles).

    The same as calling ``highlight`` per text, in time linear in the words rather than
    quadratic in the texts: a word is "seen elsewhere" when more than one group uses it.
    """
    profiles = [Profile.of(text) for _, text in items]
    groups: dict[Hashable, list[Profile]] = defaultdict(list)
    for (key, _), profile in zip(items, profiles, strict=True):
        groups[key].append(profile)
    if len(groups) < 2:
        return [highlight(text, []) for _, text in items]
    word_groups: Counter[str] = Counter()
    number_groups: Counter[str] = Counter()
    for members in groups.values():
        word_groups.update(set().union(*(p.vocabulary for p in members)))
        number_groups.update({n for p in members for n in p.numbers})
    joined = {key: " ".join(p.joined for p in members) for key, members in groups.items()}
    shared = _Shared(word_groups)
    shared_numbers = _Shared(number_groups)
    return [
        _mark(
            profile,
            shared,
            shared_numbers,
            lambda quote, key=key: any(quote in j for k, j in joined.items() if k != key),  # type: ignore[misc]
        )
        for (key, _), profile in zip(items, profiles, strict=True)
    ]


class _Shared:
    """ "In use by another group": only asked about a text's own words, so a count above one."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts

    def __contains__(self, word: object) -> bool:
        return self.counts.get(word, 0) > 1  # type: ignore[call-overload]


def _mark(
    own: Profile,
    seen: Container[str],
    seen_numbers: Container[str],
    quoted_elsewhere: Callable[[str], bool],
) -> Highlight:
    return Highlight(
        segments=_segments(own.text, seen),
        quotes=[q for q in own.quotes if not quoted_elsewhere(f" {' '.join(words(q))} ")],
        numbers=[n for n in own.numbers if n not in seen_numbers],
        people=[p for p in own.people if stem(p.split()[-1]) not in seen],
    )


def _segments(text: str, seen: Container[str]) -> list[Segment]:
    """Split ``text`` into plain, substantive and strict-only segments, keeping its characters."""
    tokens = list(TOKEN.finditer(text))
    stems = [stem(t.group()) for t in tokens]
    raw = [w not in seen for w in stems]
    stop = [t.group().lower() in FUNCTION_WORDS for t in tokens]
    quoted = _quoted_spans(text)
    substantive = [
        unseen
        and not (variant(w) and variant(w) in seen)
        and not _first_name_of_shared_person(tokens, raw, i, text)
        and _substantive(t.group(), text, t.start(), quoted)
        for i, (unseen, w, t) in enumerate(zip(raw, stems, tokens, strict=True))
    ]
    strict = _joined(raw, stop)
    # Function words join two substantive marks into one phrase, never start or end one.
    only = _joined(
        [sub or (r and st) for sub, r, st in zip(substantive, raw, stop, strict=True)], stop
    )
    kinds = ["only" if o else "word" if w else "" for o, w in zip(only, strict, strict=True)]
    segments: list[Segment] = []
    pos = 0
    i = 0
    while i < len(tokens):
        kind = kinds[i]
        if not kind:
            i += 1
            continue
        j = i
        # A phrase runs across spaces and hyphens, never across a comma or a sentence end.
        while (
            j + 1 < len(tokens)
            and kinds[j + 1] == kind
            and JOINER.fullmatch(text[tokens[j].end() : tokens[j + 1].start()])
        ):
            j += 1
        start, end = tokens[i].start(), tokens[j].end()
        if start > pos:
            segments.append(Segment(text[pos:start], only=False))
        segments.append(Segment(text[start:end], only=kind == "only", word=kind == "word"))
        pos = end
        i = j + 1
    if pos < len(text):
        segments.append(Segment(text[pos:], only=False))
    return segments


def _joined(raw: list[bool], stop: list[bool]) -> list[bool]:
    """A marked stopword on its own is noise; between two marked words it is part of the phrase."""
    return [
        marked
        and (
            not stop[i]
            or (
                any(not stop[j] for j in _run(raw, i, -1))
                and any(not stop[j] for j in _run(raw, i, 1))
            )
        )
        for i, marked in enumerate(raw)
    ]


def _first_name_of_shared_person(
    tokens: list[re.Match[str]], unseen: list[bool], i: int, text: str
) -> bool:
    """ "Sergey" in "Sergey Lavrov" when another report names Lavrov ("Sergei Lavrov"): the
    person is shared, as ``find_people`` compares people by surname."""
    if i + 1 >= len(tokens) or unseen[i + 1]:
        return False
    here, after = tokens[i].group(), tokens[i + 1].group()
    return (
        bool(CAPITALISED.fullmatch(here) and CAPITALISED.fullmatch(after))
        and text[tokens[i].end() : tokens[i + 1].start()] == " "
        and after.lower() not in TITLES
    )


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTE.finditer(text)]


def _substantive(token: str, text: str, start: int, quoted: list[tuple[int, int]]) -> bool:
    """Whether a word no other report uses is a difference in substance (see the module doc)."""
    lower = token.lower()
    if token[0].isdigit():
        return True
    if lower in ATTRIBUTION_JUDGED or lower in EVALUATIVE:
        return True
    if lower in FUNCTION_WORDS or lower in CONNECTIVES or lower in TITLES:
        return False
    if token[0].isupper() and not SENTENCE_START.search(text[max(0, start - 3) : start]):
        return True  # a name mid-sentence: a person, place or body
    if any(a < start < b for a, b in quoted):
        return zipf(lower) < COMMON  # a quote's own words, all but the commonest
    return not is_ordinary(lower)


def _run(marks: list[bool], i: int, step: int) -> Iterable[int]:
    """Indexes of the contiguous marked tokens next to ``i`` in direction ``step``."""
    j = i + step
    while 0 <= j < len(marks) and marks[j]:
        yield j
        j += step
