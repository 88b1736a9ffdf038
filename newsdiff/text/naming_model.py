"""What says two mentions of two passages name one thing: each pair of compatible mentions
described by features (the same head word, a name within the other, an abbreviation, the same
role under corresponding actions, the lemma diff's placement, the meaning of the head words,
...), and the logistic model fitted on them (``naming_model.json``, fitted by
bench/fit_naming.py) that turns them into a probability.

Apart from the pairing (``pairing``), which reads these probabilities: the fitting bench reads
the candidates and their features without pairing them. Plain Python over spaCy ``Doc``
objects; no Django.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from newsdiff.text.mentions import Encode, Mention, Parsed, compatible


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
            if not (compatible(m.cls, n.cls) or named):
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
