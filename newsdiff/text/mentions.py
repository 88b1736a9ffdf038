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

import functools
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from spacy.tokens import Doc, Span, Token

from newsdiff.text.derivation import one_family

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


def _overlap(m: Mention, n: Mention) -> bool:
    return m.start < n.end and n.start < m.end


def _initials(m: Mention) -> str:
    return "".join(w[0] for w in m.text.replace("-", " ").split() if w[:1].isupper())


# Words an abbreviation skips ("Department of Justice": DOJ or DJ).
_LINKING = frozenset({"of", "and", "for", "the", "on", "in", "&"})


def _abbreviates(short: Mention, long: Mention) -> bool:
    """ "IE" for "Internet Explorer", "CEC" for "the Central Election Commission", "IR" for
    "injured reserve" (initials of every word when the phrase is in lower case)."""
    letters = short.text.replace(".", "")
    if len(letters) < 2 or not letters.isupper() or len(long.text.split()) < 2:
        return False
    words = [w for w in long.text.replace("-", " ").split() if w.lower() not in _LINKING]
    every = "".join(w[0] for w in words if w[:1].isalpha()).upper()
    return _initials(long) == letters or (len(letters) == len(words) and every == letters)


# What says two mentions name one thing: each pair of mentions is described by these
# features, and a logistic model (fitted on ECB+ development topics, ``naming_model.json``)
# turns them into a probability.
FEATURES = (
    "same_head",  # one head word: "the Kraft plant" / "the Kraft Foods plant"
    "name_within",  # a name inside the other: "Lohan" / "Lindsay Lohan"
    "abbreviation",  # "IE" / "Internet Explorer"
    "shared_words",  # share of content words in common
    "spelling",  # how alike the two are written (0..1)
    "same_class",
    "both_proper",
    "both_action",
    "both_time",
    "both_place",
    "person_thing",  # a person named on one side, described on the other
    "role",  # the same role under actions that correspond: subject of "hit" / of "struck"
    "role_unmatched",  # the same role under actions that do not correspond
    "aligned_tokens",  # the lemma diff of aligned sentences puts them in one another's place
    "lone",  # the one person (place, time, ...) of each of two aligned sentences
    "aligned_sentences",  # both in a pair of aligned sentences
    "meaning",  # cosine of the head words (0 without an encoder)
    "no_encoder",
    "meaning_high",  # how far that cosine is above 0.5: "prison" / "jail", not "police" / "man"
    "meaning_aligned",  # the cosine again when both sit in aligned sentences
)
# The features an encoder gives (0 without one).
MEANING = ("meaning", "meaning_high", "meaning_aligned")


@dataclass(frozen=True)
class NamingModel:
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float  # the probability from which two mentions are taken to name one thing
    # a pair this likely is kept even when one of its mentions is already paired: "Chiefs"
    # names the "Chiefs" and the "Kansas City Chiefs" of the other passage alike
    strong: float
    provenance: dict[str, str]

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = x @ np.asarray(self.coefficients) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


MODEL_FILE = Path(__file__).with_name("naming_model.json")


def load_model(path: Path = MODEL_FILE) -> NamingModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was fitted on other features: refit it (bench/fit_naming.py)")
    return NamingModel(
        coefficients=tuple(data["coefficients"]),
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
        strong=float(data["strong"]),
        provenance=data["provenance"],
    )


@functools.lru_cache(maxsize=1)
def model() -> NamingModel:
    return load_model()


@dataclass(frozen=True)
class Pairing:
    a: Mention
    b: Mention
    score: float  # probability that the two name one thing
    same_wording: bool
    why: str


def _compatible(x: str, y: str) -> bool:
    return (x, y) in COMPATIBLE or (y, x) in COMPATIBLE


def _features(
    m: Mention,
    n: Mention,
    verbs: dict[int, int],
    aligned: set[tuple[int, int]],
    lone: bool,
    sentences: set[tuple[int, int]],
    meaning: float | None,
    spelling: bool = True,
) -> list[float]:
    """The features of a pair of mentions (``FEATURES``); ``spelling=False`` leaves out the
    one slow feature (0.0 in its place)."""
    same_head = m.head_lemma == n.head_lemma
    within = m.proper and n.proper and (m.words < n.words or n.words < m.words)
    role = unmatched = False
    if m.cls == n.cls == "action":
        role = verbs.get(m.head) == n.head
    elif m.role == n.role and m.role not in ("mod", "root", "conj", "appos", "compound"):
        role = m.verb >= 0 and verbs.get(m.verb) == n.verb
        unmatched = not role and m.verb >= 0 and n.verb >= 0
    union = m.words | n.words
    return [
        float(same_head),
        float(within),
        float(_abbreviates(m, n) or _abbreviates(n, m)),
        len(m.words & n.words) / len(union) if union else 0.0,
        SequenceMatcher(None, m.text.lower(), n.text.lower()).ratio() if spelling else 0.0,
        float(m.cls == n.cls),
        float(m.proper and n.proper),
        float(m.cls == n.cls == "action"),
        float(m.cls == n.cls == "time"),
        float(m.cls == n.cls == "place"),
        float({m.cls, n.cls} == {"person", "thing"}),
        float(role),
        float(unmatched),
        float((m.head, n.head) in aligned),
        float(lone),
        float((m.sent, n.sent) in sentences),
        meaning if meaning is not None else 0.0,
        float(meaning is None),
        max(meaning - 0.5, 0.0) if meaning is not None else 0.0,
        meaning if meaning is not None and (m.sent, n.sent) in sentences else 0.0,
    ]


_REASONS = (
    (0, "same head word"),
    (1, "one name within the other"),
    (2, "an abbreviation of the other"),
    (11, "the same place in the report"),
    (13, "put in the same place"),
    (14, "the one of its kind in both sentences"),
)


def _why(x: list[float], meaning: float | None) -> str:
    for k, text in _REASONS:
        if x[k]:
            return text
    return "close in meaning" if meaning is not None and meaning > 0.5 else "in context"


# Words that count or rank: two mentions that differ in them are two things.
COUNTS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"}
    | {"twelve", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}
    | {"ninth", "tenth", "eleventh", "twelfth"}
)


def _counts(m: Mention) -> frozenset[str]:
    return frozenset(w for w in m.words if w[:1].isdigit() or w in COUNTS)


def _told_apart(m: Mention, n: Mention) -> bool:
    """Two mentions with one head that their other words keep apart: other numbers ("sixth
    round" / "11th round", "two counts" / "three counts"), or other first names ("Katie
    Jenkin" / "John Jenkin", "Banstead High Street" / "Wellington High Street")."""
    if m.cls in ("number", "time") or n.cls in ("number", "time"):
        return False  # figures and times that disagree are differences of their own
    if _counts(m) and _counts(n) and _counts(m) != _counts(n):
        return True
    x, y = m.text.split(), n.text.split()
    return (
        m.proper
        and n.proper
        and len(x) > 1
        and len(y) > 1
        and x[-1].lower() == y[-1].lower()
        and x[0].lower() != y[0].lower()
        and not (set(m.words) <= set(n.words) or set(n.words) <= set(m.words))
    )


def _aligned_heads(
    a: Parsed, b: Parsed, sentences: Sequence[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Token pairs that a lemma diff of aligned sentences puts in one another's place."""
    pairs: set[tuple[int, int]] = set()
    for i, j in sentences:
        ta, tb = a.sent_tokens[i], b.sent_tokens[j]
        la, lb = a.sent_lemmas[i], b.sent_lemmas[j]
        for op, a0, a1, b0, b1 in SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
            if op == "equal":
                pairs.update((ta[a0 + k].i, tb[b0 + k].i) for k in range(a1 - a0))
            elif op == "replace" and a1 - a0 <= 6 and b1 - b0 <= 6:
                pairs.update((x.i, y.i) for x in ta[a0:a1] for y in tb[b0:b1])
    return pairs


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


Candidates = tuple[list[tuple[int, int]], np.ndarray, list[str]]


def candidates(
    pair: tuple[Parsed, Parsed],
    sentences: Sequence[tuple[int, int]],
    encode: Encode | None,
    naming: NamingModel | None,
) -> Candidates:
    """Every pair of compatible mentions (indices into ``a.mentions`` and ``b.mentions``),
    with its features and the reason to show (empty for a same-wording pair).

    With ``naming``, a pair that cannot reach the model's threshold whatever its spelling
    feature is left out before that feature (a character diff, the slow part) is computed.
    """
    a, b = pair
    spell = FEATURES.index("spelling")
    weights = np.asarray(naming.coefficients) if naming else np.zeros(len(FEATURES))
    floor = (
        np.log(naming.threshold / (1 - naming.threshold))
        - naming.intercept
        - max(weights[spell], 0.0)
        if naming
        else -np.inf
    )
    ma, mb = a.mentions, b.mentions
    if not ma or not mb:
        return [], np.zeros((0, len(FEATURES))), []
    aligned = _aligned_heads(a, b, sentences)
    verbs = _verb_map(a, b, ma, mb, sentences, aligned)
    lone = _lone(ma, mb, sentences)
    cosine: np.ndarray | None = None
    if encode is not None:
        # head words, not whole phrases: few enough to encode once each for a corpus
        cosine = a.head_vectors(encode) @ b.head_vectors(encode).T
    pairs_set = set(sentences)
    index: list[tuple[int, int]] = []
    rows: list[list[float]] = []
    reasons: list[str] = []
    for i, m in enumerate(ma):
        for j, n in enumerate(mb):
            # a surname alone is often taken for an organisation ("Lohan", "Thompson")
            named = m.proper and n.proper and bool(m.words & n.words)
            if not (_compatible(m.cls, n.cls) or named):
                continue
            if m.words == n.words and m.words:
                index.append((i, j))
                rows.append([])
                reasons.append("")
                continue
            if _told_apart(m, n):
                continue
            meaning = None if cosine is None else float(cosine[i, j])
            only = m.cls == n.cls and (m.sent, n.sent) in lone.get((m.cls, n.cls), set())
            x = _features(m, n, verbs, aligned, only, pairs_set, meaning, spelling=False)
            if naming is not None and float(np.dot(weights, x)) < floor:
                continue
            x[spell] = SequenceMatcher(None, m.text.lower(), n.text.lower()).ratio()
            index.append((i, j))
            rows.append(x)
            reasons.append(_why(x, meaning))
    width = len(FEATURES)
    matrix = np.array([r if r else [0.0] * width for r in rows], dtype=float).reshape(-1, width)
    return index, matrix, reasons


def pair_mentions(
    a: Parsed,
    b: Parsed,
    sentences: Sequence[tuple[int, int]],
    encode: Encode | None = None,
    naming: NamingModel | None = None,
) -> list[Pairing]:
    """The mentions of two passages that name the same thing, best first.

    Mentions are paired one-to-one (an assignment on the model's probabilities, same-wording
    pairs first), plus any pair at least ``strong``; ``sentences`` are the aligned sentence
    pairs (indices); ``encode`` (optional) maps words to unit vectors.
    """
    naming = naming or model()
    ma, mb = a.mentions, b.mentions
    index, x, reasons = candidates((a, b), sentences, encode, naming)
    if not index:
        return []
    probability = naming.probability(x)
    scores = np.full((len(ma), len(mb)), -1.0)
    for (i, j), p, reason in zip(index, probability, reasons, strict=True):
        scores[i, j] = 2.0 if not reason else float(p)
    why = dict(zip(index, reasons, strict=True))
    rows, cols = linear_sum_assignment(-scores)
    chosen = {(int(i), int(j)) for i, j in zip(rows, cols, strict=True)}
    chosen |= {(int(i), int(j)) for i, j in zip(*np.nonzero(scores >= naming.strong), strict=True)}
    alike = [(i, j) for (i, j), reason in why.items() if not reason]
    out = []
    for i, j in sorted(chosen):
        s = float(scores[i, j])
        if s < naming.threshold:
            continue
        if why[i, j] and any(
            (x == i and _overlap(mb[y], mb[j])) or (y == j and _overlap(ma[x], ma[i]))
            for x, y in alike
        ):
            continue  # "NATO" / "NATO allies" where both passages say both
        ra, rb = (
            a.referents.get((ma[i].start, ma[i].end)),
            b.referents.get((mb[j].start, mb[j].end)),
        )
        if ra is not None and rb is not None and not ra.same(rb):
            continue  # the articles tell the two apart
        same = not why[i, j]
        out.append(Pairing(ma[i], mb[j], min(s, 1.0), same, why[i, j] or "same wording"))
    taken = {(p.a.start, p.a.end, p.b.start, p.b.end) for p in out}
    out += _same_referent(a, b, taken)
    out += _one_family(a, b, sentences, taken)
    if encode is not None:
        out += _close_actions(a, b, sentences, encode, taken)
    out.sort(key=lambda p: -p.score)
    return out


# How likely two mentions that their articles resolve to one referent name one thing.
REFERENT_SCORE = 0.75


def _same_referent(a: Parsed, b: Parsed, taken: set[tuple[int, int, int, int]]) -> list[Pairing]:
    """Every two mentions, worded differently, that their articles resolve to one referent
    (``referents.resolve``): "the actress" in one, "Lindsay Lohan" in the other. All of
    them, not one partner each: each of a passage's mentions of her names her."""
    out = []
    for m in a.mentions:
        r = a.referents.get((m.start, m.end))
        if r is None:
            continue
        for n in b.mentions:
            s = b.referents.get((n.start, n.end))
            if (
                s is None
                or m.words == n.words
                or not r.same(s)
                or (m.start, m.end, n.start, n.end) in taken
            ):
                continue
            taken.add((m.start, m.end, n.start, n.end))
            out.append(Pairing(m, n, REFERENT_SCORE, False, "the same referent in both reports"))
    return out


# How likely two mentions of aligned sentences whose heads are one word's forms name one thing.
FAMILY_SCORE = 0.6


def _one_family(
    a: Parsed,
    b: Parsed,
    sentences: Sequence[tuple[int, int]],
    taken: set[tuple[int, int, int, int]],
) -> list[Pairing]:
    """Mentions of two aligned sentences whose heads are forms of one word ("died" /
    "death", "quake" / "earthquake": ``derivation.one_family``)."""
    pairs = set(sentences)
    out = []
    for m in a.mentions:
        for n in b.mentions:
            if (
                (m.sent, n.sent) not in pairs
                or m.proper
                or n.proper
                or not _compatible(m.cls, n.cls)
                or (m.start, m.end, n.start, n.end) in taken
                or not one_family(m.head_lemma, n.head_lemma)
            ):
                continue
            taken.add((m.start, m.end, n.start, n.end))
            out.append(Pairing(m, n, FAMILY_SCORE, False, "forms of one word"))
    return out


# How close in meaning (cosine of the head words) an action must be to a differently worded
# action, or to a noun, of the aligned sentence of the other report to be told as the same
# action ("escaped" / "fled"; a noun only when nearly a synonym: "voting" / "ballots" is
# two things); picked by hand on the judged action pairs of the `train` half of the ECB+
# development topics, checked on the `held` half (bench/naming_dev.py).
ACTION_MEANING = {"action": 0.6, "thing": 0.85}


def _close_actions(
    a: Parsed,
    b: Parsed,
    sentences: Sequence[tuple[int, int]],
    encode: Encode,
    taken: set[tuple[int, int, int, int]],
) -> list[Pairing]:
    """Actions of two aligned sentences told in other words, by the meaning of their heads."""
    pairs = set(sentences)
    ma, mb = a.mentions, b.mentions
    actions = [i for i, m in enumerate(ma) if m.cls in ("action", "thing")]
    if not actions or not mb:
        return []
    cosine = a.head_vectors(encode) @ b.head_vectors(encode).T
    out = []
    for i in actions:
        m = ma[i]
        for j, n in enumerate(mb):
            if (
                "action" not in (m.cls, n.cls)
                or n.cls not in ACTION_MEANING
                or (m.sent, n.sent) not in pairs
                or m.head_lemma == n.head_lemma
                or (m.start, m.end, n.start, n.end) in taken
            ):
                continue
            other = n.cls if m.cls == "action" else m.cls
            score = float(cosine[i, j])
            if score >= ACTION_MEANING[other]:
                taken.add((m.start, m.end, n.start, n.end))
                out.append(Pairing(m, n, min(score, 1.0), False, "close in meaning"))
    return out
