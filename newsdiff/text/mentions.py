"""Referring expressions in a parsed passage, and which of two passages' expressions name the
same thing.

A *mention* is a named entity, a noun phrase (its head noun with its modifiers, without the
article) or an action verb. Two passages reporting one event name the same people, places,
times and actions; where the words differ ("Lindsay Lohan" / "the actress", "quake" /
"earthquake", "Tuesday" / "yesterday") that is a naming difference. Which mention of one
passage stands for which of the other is decided from what the two passages share: the head
word, a name contained in the other ("Lohan" in "Lindsay Lohan"), an abbreviation's initials,
the place in the sentence (the subject of the matching action, the time of the same report),
the words around them lining up, and, when an encoder is given, how close the two phrases are
in meaning. Each mention pairs with at most one of the other passage (an assignment), so a
passage's subject is not also read as the other's object.

Plain Python over spaCy ``Doc`` objects; no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from scipy.optimize import linear_sum_assignment
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


def _content(tokens: Sequence[Token]) -> frozenset[str]:
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


def mentions(doc: Doc) -> list[Mention]:
    """The entities, noun phrases and action verbs of a parsed passage, in text order."""
    sent = {t.i: k for k, s in enumerate(doc.sents) for t in s}
    found: list[Mention] = []
    in_entity: set[int] = set()
    for ent in doc.ents:
        cls = ENTITY_CLASS.get(ent.label_)
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


def _initials(m: Mention) -> str:
    return "".join(w[0] for w in m.text.replace("-", " ").split() if w[:1].isupper())


def _abbreviates(short: Mention, long: Mention) -> bool:
    """ "IE" for "Internet Explorer", "CEC" for "the Central Election Commission"."""
    letters = short.text.replace(".", "")
    return (
        len(letters) >= 2
        and letters.isupper()
        and len(long.text.split()) >= 2
        and _initials(long) == letters
    )


@dataclass(frozen=True)
class Weights:
    """How much each piece of evidence says two mentions name one thing (summed, then
    compared with ``threshold``). Set by hand and checked on the ECB+ development labels."""

    same_head: float = 0.75
    name_within: float = 0.85
    abbreviation: float = 0.85
    same_class: float = 0.15
    role: float = 0.3
    verbs_match: float = 0.15
    aligned_tokens: float = 0.35
    only_of_class: float = 0.3  # the one person / place / time of each of two aligned sentences
    # When an encoder is given: this much per unit of cosine above ``meaning_floor`` (the
    # cosine of two unrelated short phrases is rarely below 0.2 with MiniLM).
    meaning: float = 1.2
    meaning_floor: float = 0.35
    threshold: float = 0.6
    # A pair this strong is kept even when one of its mentions is already paired: "Chiefs"
    # names the "Chiefs" and the "Kansas City Chiefs" of the other passage alike.
    strong: float = 0.75


WEIGHTS = Weights()


@dataclass(frozen=True)
class Pairing:
    a: Mention
    b: Mention
    score: float
    same_wording: bool
    why: str


def _compatible(x: str, y: str) -> bool:
    return (x, y) in COMPATIBLE or (y, x) in COMPATIBLE


def _pair_score(
    m: Mention,
    n: Mention,
    verbs: dict[int, int],
    aligned: set[tuple[int, int]],
    only: set[tuple[int, int]],
    meaning: float | None,
    w: Weights,
) -> tuple[float, str]:
    if m.words == n.words and m.words:
        return 2.0, "same wording"
    score, why = 0.0, ""
    if m.head_lemma == n.head_lemma:
        score, why = w.same_head, "same head word"
    elif (m.proper and n.proper) and (m.words < n.words or n.words < m.words):
        score, why = w.name_within, "one name within the other"
    elif _abbreviates(m, n) or _abbreviates(n, m):
        score, why = w.abbreviation, "an abbreviation of the other"
    if m.cls == n.cls:
        score += w.same_class
    if m.cls == n.cls == "action":
        if verbs.get(m.head) == n.head:
            score += w.role
            why = why or "the same place in the report"
    elif m.role == n.role and m.role not in ("mod", "root", "conj", "appos", "compound"):
        if m.verb >= 0 and verbs.get(m.verb) == n.verb:
            score += w.role
            why = why or "the same place in the report"
        elif m.verb >= 0 and n.verb >= 0:
            score += w.verbs_match
    if (m.sent, n.sent) in only:
        score += w.only_of_class
        why = why or f"the one {m.cls} of both sentences"
    if (m.head, n.head) in aligned:
        score += w.aligned_tokens
        why = why or "put in the same place"
    if meaning is not None and meaning > w.meaning_floor:
        score += w.meaning * (meaning - w.meaning_floor)
        why = why or "close in meaning"
    return score, why


def _aligned_heads(
    doc_a: Doc, doc_b: Doc, sentences: Sequence[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Token pairs that a lemma diff of aligned sentences puts in one another's place."""
    pairs: set[tuple[int, int]] = set()
    sents_a, sents_b = list(doc_a.sents), list(doc_b.sents)
    for i, j in sentences:
        ta, tb = list(sents_a[i]), list(sents_b[j])
        la = [t.lemma_.lower() for t in ta]
        lb = [t.lemma_.lower() for t in tb]
        for op, a0, a1, b0, b1 in SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
            if op == "equal":
                pairs.update((ta[a0 + k].i, tb[b0 + k].i) for k in range(a1 - a0))
            elif op == "replace" and a1 - a0 <= 6 and b1 - b0 <= 6:
                pairs.update((x.i, y.i) for x in ta[a0:a1] for y in tb[b0:b1])
    return pairs


Encode = Callable[[list[str]], np.ndarray]
# Classes for which "the one X of each sentence" is evidence (a sentence has many things).
LONE_CLASSES = ("person", "place", "time", "number", "group")


def _verb_map(
    a: Parsed,
    b: Parsed,
    ma: list[Mention],
    mb: list[Mention],
    sentences: Sequence[tuple[int, int]],
    aligned: set[tuple[int, int]],
) -> dict[int, int]:
    """Which action verb of a stands for which of b: the same verb, the same place in the
    lemma diff, or the main verbs of two aligned sentences."""
    pairs = set(sentences)
    verbs: dict[int, int] = {}
    actions_b = [y for y in mb if y.cls == "action"]
    for x in (m for m in ma if m.cls == "action"):
        for y in actions_b:
            if (x.sent, y.sent) in pairs and (
                x.head_lemma == y.head_lemma or (x.head, y.head) in aligned
            ):
                verbs.setdefault(x.head, y.head)
    for i, j in sentences:
        ra, rb = a.sents[i].root, b.sents[j].root
        if ra.pos_ == rb.pos_ == "VERB" and ra.i not in verbs:
            verbs[ra.i] = rb.i
    return verbs


def _lone(
    ma: list[Mention], mb: list[Mention], sentences: Sequence[tuple[int, int]]
) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """For each class, the aligned sentence pairs in which each side has exactly one mention
    of that class."""
    out: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for cls in LONE_CLASSES:
        ca = Counter(m.sent for m in ma if m.cls == cls)
        cb = Counter(m.sent for m in mb if m.cls == cls)
        out[cls, cls] = {(i, j) for i, j in sentences if ca[i] == 1 and cb[j] == 1}
    return out


def pair_mentions(
    a: Parsed,
    b: Parsed,
    sentences: Sequence[tuple[int, int]],
    encode: Encode | None = None,
    weights: Weights | None = None,
) -> list[Pairing]:
    """The mentions of two passages that name the same thing, one-to-one, best first.

    ``sentences`` are the aligned sentence pairs (indices); ``encode`` (optional) maps phrases
    to unit vectors.
    """
    weights = weights or WEIGHTS
    ma, mb = a.mentions, b.mentions
    if not ma or not mb:
        return []
    aligned = _aligned_heads(a, b, sentences)
    verbs = _verb_map(a, b, ma, mb, sentences, aligned)
    lone = _lone(ma, mb, sentences)
    cosine: np.ndarray | None = None
    if encode is not None:
        # head words, not whole phrases: few enough to encode once each for a corpus
        va = encode([m.head_lemma for m in ma])
        vb = encode([m.head_lemma for m in mb])
        cosine = va @ vb.T
    scores = np.full((len(ma), len(mb)), -1.0)
    why: dict[tuple[int, int], str] = {}
    for i, m in enumerate(ma):
        for j, n in enumerate(mb):
            if not _compatible(m.cls, n.cls):
                continue
            meaning = None if cosine is None else float(cosine[i, j])
            only = lone.get((m.cls, n.cls), set()) if m.cls == n.cls else set()
            s, reason = _pair_score(m, n, verbs, aligned, only, meaning, weights)
            scores[i, j], why[i, j] = s, reason
    rows, cols = linear_sum_assignment(-scores)
    chosen = {(int(i), int(j)) for i, j in zip(rows, cols, strict=True)}
    chosen |= {(int(i), int(j)) for i, j in zip(*np.nonzero(scores >= weights.strong), strict=True)}
    out = []
    for i, j in sorted(chosen):
        s = float(scores[i, j])
        if s < weights.threshold:
            continue
        out.append(Pairing(ma[i], mb[j], s, why[i, j] == "same wording", why[i, j]))
    out.sort(key=lambda p: -p.score)
    return out
