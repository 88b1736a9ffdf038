"""The late-upload corpus (``tests/uploads/late/``): reports of the two seed events and of two
unrelated events, written for these tests, each paragraph labelled with the seed event it
reports; and what "events hold under uploads" means on it, as checks on the database."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsdiff.articles.models import Paragraph
from newsdiff.articles.sources import Source, manifest_meta
from newsdiff.matching.models import Event
from tests.matching.test_service import paragraph_id
from tests.support.gold_seeds import PARAGRAPHS

LATE = Path(__file__).resolve().parent / "late"
SEED_EVENTS = ("istanbul", "draft")


@dataclass(frozen=True)
class Labelled:
    snippet: str
    event: str | None  # the seed event it reports: it must join that event
    maybe: tuple[str, ...]  # the seed events it touches: it may join those, no other


@dataclass(frozen=True)
class LateArticle:
    file: str
    style: str
    upload: dict[str, Any]  # what the uploader gives with the file, as a manifest row would
    paragraphs: tuple[Labelled, ...]

    def source(self) -> Source:
        row = {"file": self.file, **self.upload}
        return Source(self.file, (LATE / self.file).read_bytes(), manifest_meta(row, self.file))

    @property
    def events(self) -> set[str]:
        return {p.event for p in self.paragraphs if p.event}


def corpus() -> list[LateArticle]:
    rows = json.loads((LATE / "manifest.json").read_text(encoding="utf-8"))["articles"]
    return [
        LateArticle(
            row["file"],
            row["style"],
            row["upload"],
            tuple(
                Labelled(p["snippet"], p.get("event"), _names(p.get("maybe")))
                for p in row["paragraphs"]
            ),
        )
        for row in rows
    ]


def _names(value: str | list[str] | None) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value or ())


class CachedEncoder:
    """The real model with its vectors kept by text: each text of the corpus is encoded once
    per test run, however many databases it is uploaded into."""

    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder
        self.name: str = encoder.name
        self.dimensions: int = encoder.dimensions
        self.cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        todo = sorted({t for t in texts if t not in self.cache})
        if todo:
            self.cache.update(zip(todo, self.encoder.encode(todo), strict=True))
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])


def members(event: Event) -> set[int]:
    return set(event.paragraphs.values_list("id", flat=True))


def seed_events() -> dict[str, set[int]]:
    """Each seed event's members now: the one event holding all the gold's paragraphs of it."""
    out = {}
    for name in SEED_EVENTS:
        core = {paragraph_id(p) for p in PARAGRAPHS if name in p.events}
        holding = [e for e in Event.objects.all() if core <= members(e)]
        assert len(holding) == 1, f"the seeds' {name} event is not one event"
        out[name] = members(holding[0])
    return out


def paragraph_ids(article: LateArticle) -> dict[Labelled, int]:
    """The stored body paragraph of each labelled paragraph (and every body paragraph is)."""
    rows = Paragraph.objects.body().filter(article__source_file=article.file)
    found = {p: rows.get(text__contains=p.snippet).pk for p in article.paragraphs}
    assert set(found.values()) == set(rows.values_list("id", flat=True)), article.file
    return found


def check_events_hold(
    before: dict[str, set[int]], uploaded: Iterable[LateArticle], joined: bool = True
) -> None:
    """Every seed event keeps all its members; no uploaded paragraph is in a seed event it does
    not report or touch (AssertionError); each uploaded paragraph reporting a seed event is in
    it (``NotJoined``; not checked unless ``joined``)."""
    after = {}
    for name, old in before.items():
        holding = [e for e in Event.objects.all() if old <= members(e)]
        assert len(holding) == 1, f"the {name} event lost members: " + ", ".join(
            f"{e.label} holds {len(old & members(e))}/{len(old)}"
            for e in Event.objects.all()
            if old & members(e)
        )
        after[name] = members(holding[0])
    missing: list[tuple[str, str]] = []
    stray: list[str] = []
    for article in uploaded:
        for labelled, pid in paragraph_ids(article).items():
            for name, held in after.items():
                if labelled.event == name and pid not in held:
                    missing.append((article.file, labelled.snippet))
                if pid in held and name != labelled.event and name not in labelled.maybe:
                    stray.append(f"{article.file}: {labelled.snippet!r} in {name}")
    assert not stray, stray
    if missing and joined:
        raise NotJoined(missing)


class NotJoined(AssertionError):
    """Paragraphs that report a seed event did not join it (the events held, and nothing
    joined a seed event it does not report): ``paragraphs``, (file, snippet) each."""

    def __init__(self, paragraphs: list[tuple[str, str]]) -> None:
        super().__init__(
            [f"{file}: {snippet!r} did not join its event" for file, snippet in paragraphs]
        )
        self.paragraphs = paragraphs
