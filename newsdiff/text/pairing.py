"""Which of two passages' mentions name the same thing.

Which mention of one passage stands for which of the other is decided from what the two
passages share: the head word, a name contained in the other ("Lohan" in "Lindsay Lohan"), an
abbreviation's initials, the place in the sentence (the subject of the matching action, the
time of the same report), the words around them lining up, and, when an encoder is given, how
close the two phrases are in meaning (the features and the fitted model: ``naming_model``).
Each mention pairs with at most one of the other passage (an assignment), so a passage's
subject is not also read as the other's object. Mentions their articles resolve to one
referent (``referents``), heads of one word's family (``derivation``) and actions close in
meaning are paired besides.

Plain Python over spaCy ``Doc`` objects; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from newsdiff.text.derivation import one_family
from newsdiff.text.mentions import Encode, Mention, Parsed, compatible
from newsdiff.text.naming_model import NamingModel, candidates, model


def _overlap(m: Mention, n: Mention) -> bool:
    return m.start < n.end and n.start < m.end


@dataclass(frozen=True)
class Pairing:
    a: Mention
    b: Mention
    score: float  # probability that the two name one thing
    same_wording: bool
    why: str


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
                or not compatible(m.cls, n.cls)
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
