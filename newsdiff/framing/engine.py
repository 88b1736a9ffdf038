"""The differences engine (``newsdiff.text.differences``) as the pages use it: one source for
the reading pages' highlight, the researchers' suggestions and ``export_differences``.

- Each pair's differences are kept in the process (``STORE``), keyed by both passages' texts
  and dates and by the engine's own source, so a change to the engine, or to a passage, never
  serves a stale answer; a miss parses the passages it needs in one batch.
- Kinds whose hand-judged precision is below 0.8 (docs/differences.md) are not shown by
  default: the pages show them behind a "show all kinds" toggle.
- A difference matters more when it is about names, figures, dates or attribution than when it
  is plain word choice: ``importance`` ranks the suggestions.
- One difference per event: the same difference (kind and wording of both sides) found on many
  pairs of an event is one suggestion, on the pair that shows it best.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsdiff.articles.models import Paragraph
from newsdiff.text import differences as engine
from newsdiff.text.differences import Difference, Passage, analyse

KINDS = engine.KINDS
# The kinds whose hand-judged precision is at least 0.8 (docs/judged_differences.json,
# recomputed by bench/judged_differences.py; a test holds this set to the judgements).
SHOWN_BY_DEFAULT = frozenset({"person", "spelling"})
PRECISION_BAR = 0.8

# What each kind is called on the pages, and what it means (the legend).
KIND_NAMES = {
    "naming": ("naming", "one person, place, group or act named differently"),
    "spelling": ("spelling", "one name spelt two ways"),
    "figure": ("figure", "numbers that disagree"),
    "date": ("date", "a time said differently, or disagreeing once resolved"),
    "attribution": ("attribution", "another verb of saying for the same speaker"),
    "person": ("person", "a person only one passage names"),
    "omission": ("left out", "a name, figure, quotation or qualifier only one passage has"),
    "evaluative": ("evaluative", "a word of judgement, or the two lean opposite ways"),
    "word_choice": ("word choice", "one phrase put in the place of another"),
}
# The differences codebook's tag each kind suggests.
TAGS = {
    "naming": "word-choice",
    "spelling": "word-choice",
    "word_choice": "word-choice",
    "figure": "factual-discrepancy",
    "date": "factual-discrepancy",
    "attribution": "attribution",
    "person": "omission",
    "omission": "omission",
    "evaluative": "evaluation",
}
# How much a kind weighs in the ranking (times the engine's score): facts and names first.
KIND_WEIGHT = {
    "figure": 1.0,
    "date": 1.0,
    "naming": 1.0,
    "attribution": 1.0,
    "spelling": 0.9,
    "person": 0.9,
    "omission": 0.85,
    "evaluative": 0.8,
    "word_choice": 0.6,
}
# The engine's source: what it finds changes when one of these does.
ENGINE_FILES = ("differences.py", "mentions.py", "timeref.py", "naming_model.json")


@functools.cache
def engine_version() -> str:
    """A digest of the engine's source files, part of every cache key."""
    here = Path(engine.__file__).parent
    digest = hashlib.sha256()
    for name in ENGINE_FILES:
        path = here / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    return digest.hexdigest()[:16]


def load() -> None:
    """Load the parser and the lexicons the engine reads (seconds), so that a web worker's
    first event page does not wait for them."""
    engine.differences("Lavrov said so on Monday.", "Lavrov claimed so on Tuesday.")


def kinds_shown(all_kinds: bool) -> frozenset[str]:
    return frozenset(KINDS) if all_kinds else SHOWN_BY_DEFAULT


def hidden_kind_names() -> list[str]:
    """The names of the kinds shown only on request (judged precision below the bar)."""
    return [name for k, (name, _) in KIND_NAMES.items() if k not in SHOWN_BY_DEFAULT]


def importance(d: Difference) -> float:
    return d.score * KIND_WEIGHT.get(d.kind, 0.5)


def ranked(found: Iterable[Difference]) -> list[Difference]:
    """Most important first; ties in text order."""
    return sorted(found, key=lambda d: (-importance(d), d.span_a or (0, 0), d.span_b or (0, 0)))


def _key(a: Paragraph, b: Paragraph) -> str:
    digest = hashlib.sha256()
    for p in (a, b):
        digest.update(p.text.encode())
        digest.update(f"\0{p.article.published}\0".encode())
    return f"differences:{engine_version()}:{digest.hexdigest()}"


def passage(paragraph: Paragraph, doc: object = None) -> Passage:
    """A paragraph as the engine reads it: its text, its parse, its article's date (which
    anchors "last week")."""
    return Passage(paragraph.text, doc, paragraph.article.published)  # type: ignore[arg-type]


class _Store:
    """Each pair's differences in this process, the least recently used dropped past ``size``.

    In memory, as they are: an event page reads hundreds of pairs, each with tens of
    differences, and decoding them from a serialising cache took longer than the page.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, list[Difference]] = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's threads share a worker's store

    def get_many(self, keys: Iterable[str]) -> dict[str, list[Difference]]:
        with self.lock:
            found = {k: self.items[k] for k in keys if k in self.items}
            for k in found:
                self.items.move_to_end(k)
            return found

    def set_many(self, items: dict[str, list[Difference]]) -> None:
        with self.lock:
            self.items.update(items)
            for k in items:
                self.items.move_to_end(k)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


STORE = _Store(size=200_000)


def pair_differences(pairs: Sequence[tuple[Paragraph, Paragraph]]) -> list[list[Difference]]:
    """The differences of each pair (with their articles loaded), from the store or the engine.

    A pair is compared as stored (the lower paragraph id first, as the framing panel and the
    export compare it) whichever way it is asked for, and its sides turned to match; the
    paragraphs not stored are parsed in one batch, each once.
    """
    ordered = [(a, b) if a.pk <= b.pk else (b, a) for a, b in pairs]
    keys = [_key(a, b) for a, b in ordered]
    found = STORE.get_many(keys)
    missing = {k: (a, b) for k, (a, b) in zip(keys, ordered, strict=True) if k not in found}
    if missing:
        needed = {p.pk: p for a, b in missing.values() for p in (a, b)}
        docs = analyse(p.text for p in needed.values())
        passages = {pk: passage(p, doc) for (pk, p), doc in zip(needed.items(), docs, strict=True)}
        fresh = {
            k: engine.differences(passages[a.pk], passages[b.pk]) for k, (a, b) in missing.items()
        }
        STORE.set_many(fresh)
        found.update(fresh)
    return [
        found[k] if a.pk <= b.pk else [_turned(d) for d in found[k]]
        for k, (a, b) in zip(keys, pairs, strict=True)
    ]


def _turned(d: Difference) -> Difference:
    return replace(d, span_a=d.span_b, span_b=d.span_a)


def words(text: str, span: tuple[int, int] | None) -> str:
    return text[span[0] : span[1]] if span else ""


def _normal(text: str) -> str:
    """Wording compared across pairs: case, quotes, punctuation and spacing aside."""
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def wording(d: Difference, text_a: str, text_b: str) -> tuple[str, str, str]:
    """What makes a difference the same one on another pair of the event: its kind and the
    normalised words of both sides, whichever side each passage is on."""
    x, y = sorted((_normal(words(text_a, d.span_a)), _normal(words(text_b, d.span_b))))
    return d.kind, x, y


@dataclass(frozen=True)
class Found:
    """A difference on one pair of an event."""

    difference: Difference
    a: Paragraph
    b: Paragraph

    @property
    def wording(self) -> tuple[str, str, str]:
        return wording(self.difference, self.a.text, self.b.text)


def distinct(
    pairs: Sequence[tuple[Paragraph, Paragraph]], kinds: frozenset[str] = SHOWN_BY_DEFAULT
) -> list[Found]:
    """One of each distinct difference of these pairs (an event's), ranked.

    Each is kept on the first pair, in the order given (strongest alignment first), that has
    it.
    """
    seen: dict[tuple[str, str, str], Found] = {}
    for (a, b), found in zip(pairs, pair_differences(pairs), strict=True):
        for d in found:
            if d.kind in kinds:
                seen.setdefault(wording(d, a.text, b.text), Found(d, a, b))
    return sorted(seen.values(), key=lambda f: -importance(f.difference))  # stable: ties in order
