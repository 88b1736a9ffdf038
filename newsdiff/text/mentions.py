"""Referring expressions in a parsed passage: what each names and where it sits.

A *mention* is a named entity, a noun phrase (its head noun with its modifiers, without the
article) or an action verb. Two passages reporting one event name the same people, places,
times and actions; where the words differ ("Lindsay Lohan" / "the actress", "quake" /
"earthquake", "Tuesday" / "yesterday") that is a naming difference. Which mention of one passage
stands for which of the other is decided apart: the features of a pair and the fitted model in
``naming_model``, the pairing itself in ``pairing``; this module holds what both read of one
passage (``Mention``, ``Parsed``, ``Referent``) and which classes may name one referent.

Plain Python over spaCy ``Doc`` objects; no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from spacy.tokens import Doc, Span, Token

# What kind of thing a mention names, from the entity label (a noun phrase without an entity
# is a "thing", which may turn out to be a person, a place or an event).
ENTITY_CLASS = {
    "PERSON": "person",
    "ORG": "group",
    "NORP": "group",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "time",
    "TIME": "time",
    "CARDINAL": "number",
    "QUANTITY": "number",
    "MONEY": "number",
    "PERCENT": "number",
    "EVENT": "thing",
    "PRODUCT": "thing",
    "WORK_OF_ART": "thing",
    "LAW": "thing",
}
# Which classes may name one referent. A description ("the actress", "the quake-hit town")
# is a "thing" and may stand for a person, group, place or event; a person is never a place.
COMPATIBLE = {
    ("person", "person"),
    ("group", "group"),
    ("place", "place"),
    ("time", "time"),
    ("number", "number"),
    ("action", "action"),
    ("thing", "thing"),
    ("person", "thing"),
    ("group", "thing"),
    ("place", "thing"),
    ("group", "place"),  # "Washington" for the US government
    ("action", "thing"),  # "killed" / "the death"
}
# Parts of speech that carry a mention's wording (determiners, pronouns, auxiliaries and
# punctuation do not: "the quake" and "quake" are worded alike).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
# Verbs that carry no action of their own: copulas, light and modal uses.
LIGHT_VERBS = frozenset({"be", "have", "do", "get", "make", "take", "become", "seem"})
SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})
OBJECT = frozenset({"dobj", "attr", "oprd", "dative"})
# Where a mention sits: below which verb and how (subject, object, after which preposition).
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "into", "on"})


def compatible(x: str, y: str) -> bool:
    return (x, y) in COMPATIBLE or (y, x) in COMPATIBLE


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets in the passage text
    end: int
    head: int  # token index of the head word
    text: str
    words: frozenset[str]  # lower-case content lemmas: the wording
    head_lemma: str
    cls: str
    proper: bool
    sent: int  # index of its sentence in the passage
    role: str  # "subj", "obj", "prep:<lemma>", "root", "verb", "mod"
    verb: int  # token index of the governing verb (-1 when none)


@dataclass(frozen=True)
class Referent:
    """What a mention refers to, as its article names it."""

    cls: str
    name: tuple[str, ...]  # the longest form of the name in the article, lower-case words

    def same(self, other: Referent) -> bool:
        """One referent named in two articles: a person's same last name ("Lohan" /
        "Lindsay Lohan"), a place's or group's same head within the longer name ("Ford
        Center" / "Betty Ford Center"), a person's full name that begins the other (a
        headline's "Lindsay Lohan Checks Into" / "Lindsay Lohan"), or the first words of an
        institution's name standing for it ("Morningside" / "Morningside Recovery"), unless
        they name a place ("Wasilla" is not "Wasilla Bible Church"). A word spelt two ways
        is one word ("Centre" / "Center"). The parser often takes a surname alone for a
        place: a person on either side is enough."""
        if len(self.name) > 1 and len(other.name) > 1 and not _alike(self.name[0], other.name[0]):
            return False  # "Katie Jenkin" is not "John Jenkin"
        (short_cls, shorter), (_, longer) = sorted(
            ((self.cls, self.name), (other.cls, other.name)), key=lambda x: len(x[1])
        )
        person = "person" in (self.cls, other.cls)
        begins = all(_alike(x, y) for x, y in zip(shorter, longer, strict=False))
        if person and len(shorter) > 1 and begins:
            return True  # a headline runs a name into its verb: "Lindsay Lohan Checks Into"
        if not _alike(self.name[-1], other.name[-1]):
            # "Morningside" / "Morningside Recovery"; but "Wasilla" / "Wasilla Bible Church"
            return begins and short_cls not in ("place", "time", "number")
        return person or all(any(_alike(w, v) for v in longer) for w in shorter)


def _alike(x: str, y: str) -> bool:
    """One word of a name, or the same word spelt two ways ("Centre" / "Center",
    "Jerymayne" / "Jermayne"): long enough that a letter or two cannot make another name."""
    if x == y:
        return True
    if min(len(x), len(y)) < 5 or x[0] != y[0]:
        return False
    return SequenceMatcher(None, x, y).ratio() >= 0.8


def _content(tokens: Sequence[Token] | Span) -> frozenset[str]:
    return frozenset(
        (t.lemma_ if t.pos_ != "PROPN" else t.text).lower().replace("’", "'").removesuffix("'s")
        for t in tokens
        if t.pos_ in CONTENT_POS and not t.is_punct
    )


def _governor(token: Token) -> tuple[str, int]:
    """The role of a nominal under its nearest verb, and that verb's index."""
    child, node = token, token.head
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            break
        child, node = node, node.head
    if node.pos_ not in ("VERB", "AUX") or node.i == token.i:
        return ("root" if token.dep_ == "ROOT" else "mod"), -1
    dep = child.dep_
    if dep in SUBJECT:
        role = "subj"
    elif dep in OBJECT:
        role = "obj"
    elif dep == "prep":
        role = "prep:" + ("place" if child.lower_ in PLACE_PREPS else child.lemma_.lower())
    elif dep == "npadvmod":
        role = "when"
    else:
        role = dep
    return role, node.i


def _trim(span: Span) -> tuple[int, int] | None:
    """Token bounds of a phrase without its article, possessive pronoun or 's."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in ("DET", "PRON", "PUNCT", "CCONJ") or doc[start].dep_ in ("poss", "case")
    ):
        start += 1
    while end > start and (doc[end - 1].dep_ == "case" or doc[end - 1].is_punct):
        end -= 1
    return (start, end) if end > start else None


def _mention(
    doc: Doc, bounds: tuple[int, int], head: Token, cls: str, sent: dict[int, int]
) -> Mention:
    start, end = bounds
    tokens = doc[start:end]
    role, verb = ("verb", head.i) if cls == "action" else _governor(head)
    if cls not in ("thing", "action"):  # a name's last word is its head: "Eastern Europe"
        head = tokens[-1]
    return Mention(
        start=tokens.start_char,
        end=tokens.end_char,
        head=tokens.root.i if cls not in ("thing", "action") else head.i,
        text=tokens.text,
        words=_content(tokens),
        head_lemma=(head.text if head.pos_ == "PROPN" else head.lemma_).lower(),
        cls=cls,
        proper=head.pos_ == "PROPN" or (cls not in ("thing", "action") and cls != "number"),
        sent=sent[head.i],
        role=role,
        verb=verb,
    )


# Counts that stand for people when nothing follows them ("Dozens gathered").
CROWDS = frozenset({"dozens", "hundreds", "thousands", "scores", "millions"})
COUNTED = frozenset({"nsubj", "nsubjpass", "dobj"})


def _entity_class(ent: Span) -> str | None:
    """The class of an entity; an age ("the 16-year-old") or a crowd ("Dozens") standing for
    people is a description, not a date or a figure."""
    if ent.label_ == "DATE" and ent.text.lower().endswith("-old") and ent.root.dep_ != "amod":
        return "thing"
    if ent.label_ == "CARDINAL" and ent.root.lower_ in CROWDS and ent.root.dep_ != "nummod":
        return "thing"
    # a count standing alone as subject or object stands for what it counts: "killing two"
    if ent.label_ == "CARDINAL" and ent.root.dep_ in COUNTED and ent.root.is_alpha:
        return "thing"
    return ENTITY_CLASS.get(ent.label_)


def mentions(doc: Doc) -> list[Mention]:
    """The entities, noun phrases and action verbs of a parsed passage, in text order."""
    sent = {t.i: k for k, s in enumerate(doc.sents) for t in s}
    found: list[Mention] = []
    in_entity: set[int] = set()
    for ent in doc.ents:
        cls = _entity_class(ent)
        bounds = _trim(ent)
        if cls is None or bounds is None:
            continue
        in_entity.update(range(*bounds))
        found.append(_mention(doc, bounds, ent.root, cls, sent))
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ not in ("NOUN", "PROPN") or root.i in in_entity:
            continue
        bounds = _trim(chunk)
        if bounds is None:
            continue
        found.append(_mention(doc, bounds, root, "thing", sent))
    # A possessor names someone too ("Gray's family", "the actress' lawyer"); a noun chunk
    # drops it with the article.
    for token in doc:
        if token.dep_ != "poss" or token.pos_ not in ("NOUN", "PROPN") or token.i in in_entity:
            continue
        start = token.i
        while start > token.left_edge.i and doc[start - 1].dep_ in ("compound", "amod"):
            start -= 1
        found.append(_mention(doc, (start, token.i + 1), token, "thing", sent))
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() in LIGHT_VERBS:
            continue
        end = token.i + 1
        for child in token.rights:
            if child.dep_ == "prt" and child.i == end:
                end += 1
        found.append(_mention(doc, (token.i, end), token, "action", sent))
    found.sort(key=lambda m: (m.start, -m.end))
    return found


Encode = Callable[[list[str]], np.ndarray]


class Parsed:
    """A parsed passage with what comparing it needs, computed once however many passages it
    is compared with."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.sents = list(doc.sents)
        self.sent_tokens = [list(s) for s in self.sents]
        self.sent_lemmas = [[t.lemma_.lower() for t in s] for s in self.sent_tokens]
        self.lemmas = {w for ls in self.sent_lemmas for w in ls}
        self.words = {t.lower_.removesuffix("'s").removesuffix("’s") for t in doc}
        self.mentions = mentions(doc)
        # who or what each mention refers to, when the whole article tells it
        # (``referents.resolve``): by the mention's (start, end)
        self.referents: dict[tuple[int, int], Referent] = {}
        self._vectors: tuple[Encode, np.ndarray] | None = None

    def head_vectors(self, encode: Encode) -> np.ndarray:
        """The mentions' head words encoded (one row each), once per encoder."""
        if self._vectors is None or self._vectors[0] is not encode:
            self._vectors = (encode, encode([m.head_lemma for m in self.mentions]))
        return self._vectors[1]
