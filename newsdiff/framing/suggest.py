"""Suggested differences between two aligned passages: plain functions over the two texts.

Each suggester takes the texts of a pair (``a`` the lower paragraph id, as pairs are stored)
and returns candidates with character spans into each text. They propose; a researcher
accepts, edits or rejects each, and the verdicts measure each suggester's precision.
Suggestions are computed when a pair is opened and stored only once someone judges them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count, Q

from newsdiff.articles.models import Paragraph
from newsdiff.framing.models import Decision, Suggestion, Tag
from newsdiff.lib.dates import MONTH_NAMES
from newsdiff.text.names import NOT_PEOPLE, PERSON
from newsdiff.text.patterns import ATTRIBUTION_VERB, NUMBER, QUOTE

Span = tuple[int, int] | None


@dataclass(frozen=True)
class Candidate:
    suggester: str
    tag: str  # slug in the differences codebook
    span_a: Span
    span_b: Span
    explanation: str

    @property
    def key(self) -> str:
        a = self.span_a or (None, None)
        b = self.span_b or (None, None)
        return f"{self.suggester}:{a[0]}:{a[1]}:{b[0]}:{b[1]}"

    def words(self, text_a: str, text_b: str) -> tuple[str, str]:
        a = text_a[self.span_a[0] : self.span_a[1]] if self.span_a else ""
        b = text_b[self.span_b[0] : self.span_b[1]] if self.span_b else ""
        return a, b


# Names and labels that outlets choose between; each group is one thing named differently.
LABELS = [
    ["Kiev", "Kyiv"],
    ["Kharkov", "Kharkiv"],
    ["Odessa", "Odesa"],
    ["Lvov", "Lviv"],
    ["Nikolaev", "Mykolaiv"],
    ["Zaporozhye", "Zaporizhzhia"],
    ["Lugansk", "Luhansk"],
    ["Donbass", "Donbas"],
    ["Chernobyl", "Chornobyl"],
    ["Byelorussia", "Belarus"],
    ["Moldavia", "Moldova"],
    ["special military operation", "military operation", "invasion", "full-scale war"],
    ["regime", "government", "administration", "authorities"],
    ["militants", "fighters", "rebels", "separatists", "militia", "terrorists"],
    ["annexation", "reunification", "accession"],
    ["settlement agreement", "peace deal", "peace agreement", "ceasefire"],
]
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MONTH = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in MONTH_NAMES) + r")\b")
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[”\"]?|$)")
CONTENT_WORD = re.compile(r"[a-zA-Z]{4,}")


def _find(pattern: str, text: str) -> Span:
    match = re.search(rf"\b{re.escape(pattern)}\b", text, re.IGNORECASE)
    return match.span() if match else None


def labels(a: str, b: str) -> list[Candidate]:
    """One passage names a thing one way, the other another way ("Kiev" / "Kyiv")."""
    found = []
    for group in LABELS:
        in_a = [(v, _find(v, a)) for v in group if _find(v, a)]
        in_b = [(v, _find(v, b)) for v in group if _find(v, b)]
        only_a = [(v, s) for v, s in in_a if v not in {w for w, _ in in_b}]
        only_b = [(v, s) for v, s in in_b if v not in {w for w, _ in in_a}]
        if only_a and only_b:
            (va, sa), (vb, sb) = only_a[0], only_b[0]
            found.append(Candidate("labels", "word-choice", sa, sb, f"“{va}” / “{vb}”"))
    return found + _spellings(a, b)


def _spellings(a: str, b: str) -> list[Candidate]:
    """The same name spelled differently ("Zelensky" / "Zelenskiy", "Sergei" / "Sergey")."""
    names_a = {m.group(): m.span() for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", a)}
    names_b = {m.group(): m.span() for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", b)}
    found = []
    for name, span in names_a.items():
        if name in names_b:
            continue
        for other, other_span in names_b.items():
            close = SequenceMatcher(None, name.lower(), other.lower()).ratio() >= 0.8
            if other not in names_a and name[:3] == other[:3] and close:
                explanation = f"spelled “{name}” / “{other}”"
                found.append(Candidate("spelling", "word-choice", span, other_span, explanation))
                break
    return found


def _verb(word: str) -> str:
    """Group inflections: "claimed", "claims", "claim" are one attribution."""
    word = word.lower()
    return re.sub(r"(ed|es|s|ing)$", "", word) if word != "says" else "said"


def attribution(a: str, b: str) -> list[Candidate]:
    """The passages attribute with different verbs ("said" / "claimed")."""
    verbs_a = {_verb(m.group()): m for m in ATTRIBUTION_VERB.finditer(a)}
    verbs_b = {_verb(m.group()): m for m in ATTRIBUTION_VERB.finditer(b)}
    only_a = [m for v, m in verbs_a.items() if v not in verbs_b]
    only_b = [m for v, m in verbs_b.items() if v not in verbs_a]
    if not (only_a and only_b):
        return []
    ma, mb = only_a[0], only_b[0]
    explanation = f"attributed with “{ma.group()}” / “{mb.group()}”"
    return [Candidate("attribution", "attribution", ma.span(), mb.span(), explanation)]


def _disagree(pattern: re.Pattern[str], a: str, b: str, what: str) -> list[Candidate]:
    found_a = {m.group().strip(): m.span() for m in pattern.finditer(a)}
    found_b = {m.group().strip(): m.span() for m in pattern.finditer(b)}
    only_a = [(v, s) for v, s in found_a.items() if v not in found_b]
    only_b = [(v, s) for v, s in found_b.items() if v not in found_a]
    if not (only_a and only_b):
        return []
    (va, sa), (vb, sb) = only_a[0], only_b[0]
    return [Candidate(what, "factual-discrepancy", sa, sb, f"{what}: “{va}” / “{vb}”")]


def numbers(a: str, b: str) -> list[Candidate]:
    """A year, a month or another number that differs between the passages."""
    years = _disagree(YEAR, a, b, "year")
    others = _disagree(NUMBER, YEAR.sub(" " * 4, a), YEAR.sub(" " * 4, b), "number")
    return years + others + _disagree(MONTH, a, b, "month")


def _people(text: str) -> dict[str, tuple[int, int]]:
    people = {}
    for match in PERSON.finditer(text):
        words = [w for w in match.group().split() if w not in NOT_PEOPLE]
        if len(words) >= 2:
            start = match.start() + match.group().index(words[0])
            people[words[-1]] = (start, match.end())
    return people


def one_sided(a: str, b: str) -> list[Candidate]:
    """A quotation or a named person only one passage has."""
    found = []
    for text, other, side in ((a, b, "a"), (b, a, "b")):
        for match in QUOTE.finditer(text):
            if match.group()[1:-1].strip() not in other:
                quote = f"a quotation only one passage has: {match.group()[:80]}"
                found.append(_one_sided("quote", "attribution", side, match.span(), quote))
        for surname, span in _people(text).items():
            if surname not in other:
                person = f"{text[span[0] : span[1]]} appears in one passage only"
                found.append(_one_sided("person", "omission", side, span, person))
    return found


def _one_sided(name: str, tag: str, side: str, span: Span, explanation: str) -> Candidate:
    """A candidate with a span on one side only (``side`` "a" or "b")."""
    if side == "a":
        return Candidate(name, tag, span, None, explanation)
    return Candidate(name, tag, None, span, explanation)


def _content(sentence: str) -> set[str]:
    return {w.lower() for w in CONTENT_WORD.findall(sentence)}


def unmatched_sentences(a: str, b: str) -> list[Candidate]:
    """A sentence of one passage that shares almost no words with any sentence of the other."""
    found = []
    for text, other, side in ((a, b, "a"), (b, a, "b")):
        sentences = [m for m in SENTENCE.finditer(text) if len(_content(m.group())) >= 4]
        others = [_content(m.group()) for m in SENTENCE.finditer(other)]
        if len(sentences) < 2:
            continue  # an aligned passage of one sentence has its counterpart by definition
        for match in sentences:
            words = _content(match.group())
            best = max((len(words & o) / len(words) for o in others), default=0.0)
            if best < 0.2:
                start = match.start() + len(match.group()) - len(match.group().lstrip())
                span = (start, match.end())
                explanation = "a sentence with no counterpart"
                found.append(_one_sided("sentence", "addition", side, span, explanation))
    return found


SUGGESTERS: list[Callable[[str, str], list[Candidate]]] = [
    labels,
    attribution,
    numbers,
    one_sided,
    unmatched_sentences,
]
# The suggester names (Candidate.suggester) each function may produce, for the precision table.
NAMES = [
    "labels",
    "spelling",
    "attribution",
    "year",
    "number",
    "month",
    "quote",
    "person",
    "sentence",
]


def candidates(a: str, b: str) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for suggester in SUGGESTERS:
        for candidate in suggester(a, b):
            seen.setdefault(candidate.key, candidate)
    return list(seen.values())


def for_pair(a: Paragraph, b: Paragraph) -> list[Candidate]:
    """The candidates for a stored pair (``a`` must be the lower paragraph id)."""
    return candidates(a.text, b.text)


def find(a: Paragraph, b: Paragraph, key: str) -> Suggestion | None:
    """The stored suggestion for a candidate ``key`` of this pair, stored on first judgement."""
    if a.pk > b.pk:
        a, b = b, a
    candidate = next((c for c in for_pair(a, b) if c.key == key), None)
    if candidate is None:
        return None
    span_a, span_b = candidate.span_a or (None, None), candidate.span_b or (None, None)
    suggestion, _ = Suggestion.objects.get_or_create(
        paragraph=a,
        other_paragraph=b,
        key=key,
        defaults={
            "suggester": candidate.suggester,
            "tag": Tag.objects.get(codebook__slug="differences", slug=candidate.tag),
            "start": span_a[0],
            "end": span_a[1],
            "other_start": span_b[0],
            "other_end": span_b[1],
            "explanation": candidate.explanation[:500],
        },
    )
    return suggestion


@dataclass(frozen=True)
class Precision:
    suggester: str
    accepted: int
    edited: int
    rejected: int

    @property
    def judged(self) -> int:
        return self.accepted + self.edited + self.rejected

    @property
    def precision(self) -> float | None:
        """Accepted (as is or edited) over judged: how often the suggester was right."""
        return (self.accepted + self.edited) / self.judged if self.judged else None


def precision(names: Iterable[str] = NAMES) -> list[Precision]:
    """Each suggester's verdicts so far; 1 query."""
    counts = {
        row["suggestion__suggester"]: row
        for row in Decision.objects.values("suggestion__suggester").annotate(
            accepted=Count("id", filter=Q(verdict=Decision.Verdict.ACCEPTED)),
            edited=Count("id", filter=Q(verdict=Decision.Verdict.EDITED)),
            rejected=Count("id", filter=Q(verdict=Decision.Verdict.REJECTED)),
        )
    }
    empty = {"accepted": 0, "edited": 0, "rejected": 0}
    return [
        Precision(
            n,
            counts.get(n, empty)["accepted"],
            counts.get(n, empty)["edited"],
            counts.get(n, empty)["rejected"],
        )
        for n in names
    ]
