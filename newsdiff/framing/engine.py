"""The differences engine (``newsdiff.text.differences``) as the pages use it: one source for
the reading pages' highlight, the researchers' suggestions and ``export_differences``.

- A pair is compared as the export compares it: each passage with what its mentions refer to,
  read from the whole articles of its event (``Contexts``, ``in_context``), and
  with the embedding model matching mentions by meaning (``differences_encoder``; the setting
  ``NEWSDIFF_DIFFERENCES_ENCODER`` turns it off for the pages and the export alike).
- Each pair's differences are kept in the process (``STORE``), keyed by both passages' texts
  and dates, by the texts of the articles they are read with and by the engine's own source,
  so a change to the engine, to a passage or to an event's articles never serves a stale
  answer; a miss parses the articles it needs in one batch.
- Kinds whose hand-judged precision is below 0.8 (docs/differences.md) are not shown by
  default: the pages show them behind a "show all kinds" toggle.
- A difference matters more when it is about names, figures, dates or attribution than when it
  is plain word choice: ``importance`` ranks the suggestions.
- One difference per event: the same difference (kind and wording of both sides) found on many
  pairs of an event is one suggestion, on the pair that shows it best.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings

from newsdiff.articles.embeddings import configured_model, get_encoder, precision
from newsdiff.articles.models import Paragraph
from newsdiff.framing.models import StoredDifferences
from newsdiff.matching.models import EventParagraph
from newsdiff.text import differences as engine
from newsdiff.text.mentions import Encode, Parsed
from newsdiff.text.passages import Difference, Passage, analyse
from newsdiff.text.referents import resolve_articles

if TYPE_CHECKING:
    from spacy.tokens import Doc

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


def engine_files() -> list[Path]:
    """The engine's source: every module and data file of the text package (what it finds
    changes when any of them does: the referents, word families and extents as much as the
    engine's own modules)."""
    here = Path(engine.__file__).parent
    return sorted(p for p in here.iterdir() if p.suffix in (".py", ".json"))


@functools.cache
def engine_version() -> str:
    """A digest of the engine's source files, part of every cache key."""
    digest = hashlib.sha256()
    for path in engine_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load() -> None:
    """Load the parser, the lexicons and the embedding model the engine reads (seconds), so
    that a web worker's first event page does not wait for them."""
    engine.differences("Lavrov said so on Monday.", "Lavrov claimed so on Tuesday.")
    encode = differences_encoder()
    if encode is not None:
        encode(["said"])


PHRASES = 100_000  # phrase vectors a process keeps (150 MB at 384 dimensions)


def phrase_encoder(encode_texts: Callable[[list[str]], np.ndarray]) -> Encode:
    """``encode_texts`` with a memory: a phrase met in many pairs is encoded once."""
    cache: dict[str, np.ndarray] = {}

    def encode(phrases: list[str]) -> np.ndarray:
        missing = sorted({p for p in phrases if p not in cache})
        if missing:
            if len(cache) + len(missing) > PHRASES:
                cache.clear()
            for phrase, vector in zip(missing, encode_texts(missing), strict=True):
                cache[phrase] = vector
        return np.stack([cache[p] for p in phrases]) if phrases else np.zeros((0, 1))

    return encode


@functools.cache
def _model_phrases(model: str) -> Encode:
    return phrase_encoder(get_encoder(model).encode)


def differences_encoder() -> Encode | None:
    """The embedding model the engine matches mentions by meaning with (one per process), or
    None when ``NEWSDIFF_DIFFERENCES_ENCODER`` is off."""
    if not settings.NEWSDIFF_DIFFERENCES_ENCODER:
        return None
    return _model_phrases(configured_model())


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


@dataclass(frozen=True)
class Contexts:
    """What each pair is read with: the articles of the lowest-numbered event holding both of
    its passages (its *context*; a pair in no common event is read with its two articles)."""

    of_pair: dict[tuple[int, int], int | None]  # pair -> its context event
    articles: dict[int, frozenset[int]]  # event -> its articles

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> Contexts:
        """The contexts of ``pairs`` (paragraph ids), from one query."""
        pairs = list(pairs)
        wanted = {p for pair in pairs for p in pair}
        rows = EventParagraph.objects.filter(
            event_id__in=EventParagraph.objects.filter(paragraph_id__in=wanted).values("event_id")
        ).values_list("event_id", "paragraph_id", "article_id")
        events: dict[int, set[int]] = {}
        articles: dict[int, set[int]] = {}
        for event_id, paragraph_id, article_id in rows.order_by():
            articles.setdefault(event_id, set()).add(article_id)
            if paragraph_id in wanted:
                events.setdefault(paragraph_id, set()).add(event_id)
        of_pair = {
            (a, b): min(events.get(a, set()) & events.get(b, set()), default=None) for a, b in pairs
        }
        return cls(of_pair, {e: frozenset(a) for e, a in articles.items()})

    def read_with(self, pair: tuple[int, int], articles: tuple[int, int]) -> frozenset[int]:
        """The articles ``pair`` (of ``articles``) is read with."""
        event = self.of_pair.get(pair)
        return self.articles[event] if event is not None else frozenset(articles)


@dataclass(frozen=True)
class Row:
    """A paragraph as the engine reads it in its article."""

    pk: int
    article: int
    text: str
    published: dt.date | None


def in_context(
    rows: Sequence[Row], referents: bool = True, docs: dict[str, Doc] | None = None
) -> dict[int, Passage]:
    """Every paragraph of ``rows`` (whole articles, each in position order) parsed once
    (``nlp.pipe``; ``docs``: parses to reuse and keep, by text), with what each mention refers
    to read from its article and the other articles of ``rows``; without ``referents``, each
    passage alone."""
    docs = {} if docs is None else docs
    todo = list(dict.fromkeys(r.text for r in rows if r.text not in docs))
    docs.update(zip(todo, analyse(todo), strict=True))
    passages = {r.pk: Passage(r.text, docs[r.text], r.published) for r in rows}
    if referents:
        by_article: dict[int, list[Parsed]] = {}
        for r in rows:
            by_article.setdefault(r.article, []).append(passages[r.pk].parsed)
        resolve_articles(by_article, {k: set(by_article) for k in by_article})
    return passages


def read_in_context(
    pairs: Sequence[tuple[int, int]],
    contexts: Contexts,
    rows: Sequence[Row],
    encode: Encode | None,
    referents: bool = True,
    docs: dict[str, Doc] | None = None,
) -> dict[tuple[int, int], list[Difference]]:
    """The differences of ``pairs`` (paragraph ids, low first), each pair's passages read with
    its context's articles (``Contexts``; their paragraphs among ``rows``)."""
    of_article: dict[int, list[Row]] = {}
    for r in rows:
        of_article.setdefault(r.article, []).append(r)
    article_of = {r.pk: r.article for r in rows}
    groups: dict[frozenset[int], list[tuple[int, int]]] = {}
    for a, b in pairs:
        group = contexts.read_with((a, b), (article_of[a], article_of[b]))
        groups.setdefault(group, []).append((a, b))
    docs = {} if docs is None else docs
    found = {}
    for group, members in groups.items():
        ours = [r for article in sorted(group) for r in of_article.get(article, [])]
        passages = in_context(ours, referents, docs)
        if encode is not None:  # every head word in one go: far fewer, larger model calls
            encode(sorted({m.head_lemma for p in passages.values() for m in p.parsed.mentions}))
        for a, b in members:
            found[a, b] = engine.differences(passages[a], passages[b], encode=encode)
    return found


def article_rows(articles: Iterable[int]) -> list[Row]:
    """The paragraphs of ``articles``, each article's in position order."""
    found = Paragraph.objects.filter(article_id__in=set(articles))
    found = found.order_by("article_id", "position")
    return [
        Row(pk, article, text, published)
        for pk, article, text, published in found.values_list(
            "pk", "article_id", "text", "article__published"
        )
    ]


def _digests(rows: Sequence[Row]) -> dict[int, bytes]:
    """Each article's texts and date, digested: a pair's answer depends on them."""
    found: dict[int, hashlib._Hash] = {}
    for r in rows:
        digest = found.get(r.article)
        if digest is None:
            digest = found[r.article] = hashlib.sha256(f"{r.published}".encode())
        digest.update(b"\0" + r.text.encode())
    return {k: d.digest() for k, d in found.items()}


def _key(a: Paragraph, b: Paragraph, context: bytes) -> str:
    digest = hashlib.sha256(context)
    for p in (a, b):
        digest.update(p.text.encode())
        digest.update(f"\0{p.article.published}\0".encode())
    # The model and its precision: bfloat16's vectors pair a few mentions otherwise.
    arithmetic = precision(settings.NEWSDIFF_EMBEDDING_PRECISION)
    encoder = f"{configured_model()} {arithmetic}"
    digest.update((encoder if settings.NEWSDIFF_DIFFERENCES_ENCODER else "no encoder").encode())
    return f"differences:{engine_version()}:{digest.hexdigest()}"


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
    """The differences of each pair (with their articles loaded), from the store or the engine,
    as ``export_differences`` finds them.

    A pair is compared as stored (the lower paragraph id first, as the framing panel and the
    export compare it) whichever way it is asked for, and its sides turned to match; on a miss
    the articles the pairs are read with (``Contexts``) are parsed in one batch, each paragraph
    once.
    """
    ordered = [(a, b) if a.pk <= b.pk else (b, a) for a, b in pairs]
    contexts = Contexts.of((a.pk, b.pk) for a, b in ordered)
    groups = [contexts.read_with((a.pk, b.pk), (a.article_id, b.article_id)) for a, b in ordered]
    rows = article_rows(set().union(*groups))
    digests = _digests(rows)
    keys = [
        _key(a, b, b"".join(k.to_bytes(8, "big") + digests.get(k, b"") for k in sorted(group)))
        for (a, b), group in zip(ordered, groups, strict=True)
    ]
    found = STORE.get_many(keys)
    missing = {k: (a, b) for k, (a, b) in zip(keys, ordered, strict=True) if k not in found}
    if missing:
        stored = _stored(missing)
        STORE.set_many(stored)
        found.update(stored)
        missing = {k: pair for k, pair in missing.items() if k not in stored}
    if missing:
        ids = [(a.pk, b.pk) for a, b in missing.values()]
        read = read_in_context(ids, contexts, rows, differences_encoder())
        fresh = {k: read[a.pk, b.pk] for k, (a, b) in missing.items()}
        STORE.set_many(fresh)
        _store(fresh, missing)
        found.update(fresh)
    return [
        found[k] if a.pk <= b.pk else [_turned(d) for d in found[k]]
        for k, (a, b) in zip(keys, pairs, strict=True)
    ]


def _stored(wanted: Mapping[str, tuple[Paragraph, Paragraph]]) -> dict[str, list[Difference]]:
    """The differences of the ``wanted`` pairs (by key) that the database holds under that key."""
    pairs = {(a.pk, b.pk): key for key, (a, b) in wanted.items()}
    rows = StoredDifferences.objects.filter(
        paragraph_a__in={a for a, _ in pairs}, paragraph_b__in={b for _, b in pairs}
    ).values_list("paragraph_a_id", "paragraph_b_id", "key", "differences")
    return {
        key: [_decoded(d) for d in found] for a, b, key, found in rows if pairs.get((a, b)) == key
    }


def _store(
    fresh: Mapping[str, list[Difference]], pairs: Mapping[str, tuple[Paragraph, Paragraph]]
) -> None:
    """Keep what was found for the other workers: one row a pair, replaced by a newer key."""
    rows = [
        StoredDifferences(
            paragraph_a_id=a.pk,
            paragraph_b_id=b.pk,
            key=key,
            differences=[_encoded(d) for d in fresh[key]],
        )
        for key, (a, b) in pairs.items()
    ]
    StoredDifferences.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["paragraph_a", "paragraph_b"],
        update_fields=["key", "differences", "updated"],
    )


def _encoded(d: Difference) -> list[object]:
    return [d.kind, d.score, list(d.span_a) if d.span_a else None,
            list(d.span_b) if d.span_b else None, d.explanation]  # fmt: skip


def _decoded(row: list[Any]) -> Difference:
    kind, score, a, b, explanation = row
    return Difference(kind, score, (a[0], a[1]) if a else None, (b[0], b[1]) if b else None,
                      explanation)  # fmt: skip


def warm(event_ids: Iterable[int]) -> int:
    """Find the differences of every pair of passages of two articles in these events (what
    their pages and panels ask for) ahead of the pages; returns how many pairs."""
    done = 0
    for event_id in sorted(set(event_ids)):
        members = list(
            Paragraph.objects.filter(memberships__event_id=event_id)
            .select_related("article")
            .order_by("pk")
        )
        pairs = [
            (a, b)
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if a.article_id != b.article_id
        ]
        for start in range(0, len(pairs), 2000):
            pair_differences(pairs[start : start + 2000])
        done += len(pairs)
    return done


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
