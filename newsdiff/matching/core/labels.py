"""Event labels a person would write: "Istanbul peace talks · March 2022".

A label names what happened (the talks, the draft treaty, the offensive), where or by whom, and
when, using only what the event's passages share:

- the *head*: an event noun ("talks", "guarantees", "offensive") that passages of at least two
  articles use, synonyms counted together ("negotiations" backs "talks"). Occurrences (talks,
  summits, offensives) beat proposals and outcomes (demands, deals) when both are shared, since
  an event is something that took place;
- *modifiers*: words written right before event nouns ("peace", "draft security") that at least
  two articles use;
- a *place* written with the head ("talks in Istanbul", "Istanbul talks"), else an *actor* that
  at least two articles make the subject of a verb ("Moscow submitted ...") as a possessive;
- the period the matcher resolved.

Plain text in, plain text out: no model, so it runs wherever the matcher runs. Without a shared
event noun the caller's fallback (shared names and terms) is used.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newsdiff.lib.dates import MONTH_NAMES
from newsdiff.text.words import FUNCTION_WORDS

# Synonym groups by tier: 0 occurrences, 1 proposals and actions, 2 outcomes. The first word
# of a group is only its key; the label uses the member the passages use most.
GROUPS: dict[str, tuple[int, tuple[str, ...]]] = {
    "talks": (0, ("talks", "talk", "negotiations", "negotiation", "dialogue", "meeting")),
    "summit": (0, ("summit", "conference", "forum")),
    "offensive": (0, ("offensive", "invasion", "incursion", "assault", "attack", "attacks")),
    "strike": (0, ("strike", "strikes", "airstrike", "airstrikes", "bombing", "shelling")),
    "election": (0, ("election", "elections", "vote", "referendum", "ballot")),
    "visit": (0, ("visit", "trip", "tour")),
    "protest": (0, ("protest", "protests", "demonstration", "demonstrations", "rally")),
    "demands": (1, ("guarantees", "demands", "proposals", "proposal", "documents", "ultimatum")),
    "sanctions": (1, ("sanctions", "embargo", "ban")),
    "ceasefire": (1, ("ceasefire", "truce", "armistice")),
    "expansion": (1, ("expansion", "enlargement", "accession", "membership")),
    "deployment": (1, ("deployment", "deployments", "buildup", "exercises", "drills")),
    "withdrawal": (1, ("withdrawal", "pullout", "retreat")),
    "deal": (2, ("deal", "agreement", "agreements", "accord", "treaty", "settlement", "pact")),
}
# Nouns whose possessive is who they happen to, not who acts: "Ukraine's accession", never the
# accession of the capital that demanded it.
UNDERGONE = frozenset({"expansion"})
PLACEHOLDER = "Event"  # the label of an event whose passages share nothing nameable
_GROUP_OF = {word: key for key, (_, words) in GROUPS.items() for word in words}
# Words that come before a noun without describing it ("these talks", "further talks").
_NOT_MODIFIERS = frozenset(
    re.findall(
        r"\w+",
        """a an the this that these those its their his her our your my some any many more most
        further new first second third last next several two three four other such own key main
        same whole previous recent latest possible real so called one no all both each every
        multiple numerous rounds round""",
    )
)
_PREPOSITIONS = ("in", "at", "near")
# A capital named as the subject stands for its country ("Moscow submitted ..." is Russia's).
CAPITALS = {
    "Moscow": "Russia",
    "Kiev": "Ukraine",
    "Kyiv": "Ukraine",
    "Washington": "the US",
    "Beijing": "China",
    "Minsk": "Belarus",
    "London": "Britain",
    "Paris": "France",
    "Berlin": "Germany",
    "Brussels": "the EU",
    "Tehran": "Iran",
    "Ankara": "Turkey",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*|[.;:!?,()\[\]“”\"]")
_SENTENCE_END = frozenset(".;:!?")
_CAPITALISED = re.compile(r"[A-Z][a-z’'-]+")
# "Moscow filed", "Moscow has asked", "Kiev did": a name followed by a verb in the past.
_SUBJECT = re.compile(
    r"\b([A-Z][a-z]+)(?:’s|'s)?\s+(?:has\s+|had\s+|have\s+)?(?:[a-z]+ed|did|made|sent|sought)\b"
)
_POSSESSIVE = re.compile(r"\b([A-Z][a-z]+)(?:’s|'s)\s")


@dataclass
class _Seen:
    """What passages of the event say, each observation with the articles that make it."""

    heads: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    surfaces: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # group -> modifier -> articles; modifier -> its farthest distance from its noun
    modifiers: dict[str, dict[str, set[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    order: dict[str, int] = field(default_factory=dict)
    places: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    actors: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def event_label(
    passages: Sequence[tuple[int, str]], period: str | None, fallback: Sequence[str] = ()
) -> str:
    """A label for an event from its passages ((article id, text) pairs) and period label."""
    seen = _observe(passages)
    what = _what(seen)
    if what is None:
        what = " · ".join(fallback[:2])
    parts = [p for p in (what, period) if p]
    return (" · ".join(parts) or PLACEHOLDER)[:300]


def kept_label(
    label: str,
    period: str,
    fresh: str,
    now: str | None,
    passages: Callable[[], Sequence[tuple[int, str]]],
) -> str:
    """The label of a regrouped event: what it was called (``label``, whose period part was
    ``period``), with the period it has ``now``, while its passages (``passages()``: (article
    id, text) pairs) still write each of its words in two articles; ``fresh``, the label
    computed now, when it refines the old one (it has every word of it: "Russia’s draft
    security guarantees" for "Russia’s guarantees"), when the old one no longer fits, or when
    it had only the placeholder. So reports joining an event do not rename it: a label is
    computed on whichever passages an event has, and another choice of noun or words among
    them ("Russia’s security accession") is no better a name."""
    if not label or label == PLACEHOLDER:
        return fresh
    what = label.removesuffix(f" · {period}") if period else label
    refined = _words(what) <= _words(fresh.removesuffix(f" · {now}") if now else fresh)
    if refined or not _still_written(what, passages()):
        return fresh
    return (" · ".join(p for p in (what, now) if p))[:300]


def _words(label: str) -> set[str]:
    """A label's words, but its possessive ("Russia’s" may stand for "Moscow")."""
    return {w.lower() for w in _WORD.findall(label) if w.isalpha() or "-" in w}


def _still_written(what: str, passages: Sequence[tuple[int, str]]) -> bool:
    """Does each word of a label (but its possessive: "Russia’s" may stand for "Moscow") occur
    in passages of at least two articles?"""
    words = _words(what)
    articles: defaultdict[str, set[int]] = defaultdict(set)
    for article, text in passages:
        for w in _WORD.findall(text):
            articles[w.lower()].add(article)
    return all(len(articles[w]) >= 2 for w in words)


def _observe(passages: Sequence[tuple[int, str]]) -> _Seen:
    seen = _Seen()
    for article, text in passages:
        tokens = _WORD.findall(text)
        for i, token in enumerate(tokens):
            key = _GROUP_OF.get(token.lower())
            if key is None or (token[0].isupper() and i > 0):  # "Deal" in a name
                continue
            seen.heads[key].add(article)
            seen.surfaces[key][token.lower()] += 1
            for distance, modifier in enumerate(_modifiers(tokens, i), start=1):
                seen.modifiers[key][modifier].add(article)
                seen.order[modifier] = max(seen.order.get(modifier, 0), distance)
            place = _place_after(tokens, i)
            if place:
                seen.places[key][place] += 1
        for match in _SUBJECT.finditer(text):
            seen.actors[match[1]].add(article)
        for match in _POSSESSIVE.finditer(text):
            seen.actors[match[1]].add(article)
    return seen


def _modifiers(tokens: list[str], i: int) -> list[str]:
    """Up to two words right before tokens[i] that describe it ("draft security" guarantees);
    "draft of security guarantees" counts "draft" too. Nearest first."""
    found: list[str] = []
    j = i - 1
    while j >= 0 and len(found) < 2:
        word = tokens[j]
        if word.lower() == "of" and j > 0 and tokens[j - 1].lower() == "draft":
            found.append("draft")
            break
        if not _is_modifier(word):
            break
        found.append(word if _CAPITALISED.fullmatch(word) else word.lower())
        j -= 1
    return found


def _is_modifier(word: str) -> bool:
    lower = word.lower()
    return (
        word.isalpha()
        and len(word) > 2
        and lower not in _NOT_MODIFIERS
        and lower not in FUNCTION_WORDS  # "asks NATO for guarantees"
        and lower not in _GROUP_OF
        and lower not in _PREPOSITIONS
        # Verbs and adverbs ("binding", "agreed", "legally") say how, not what.
        and not lower.endswith(("ing", "ed", "ly"))
        and not word.isupper()
    )


def _place_after(tokens: list[str], i: int) -> str:
    """ "talks in Istanbul": a capitalised word right after "in"/"at" following the noun."""
    if i + 2 < len(tokens) and tokens[i + 1].lower() in _PREPOSITIONS:
        place = tokens[i + 2]
        if _CAPITALISED.fullmatch(place) and place not in _MONTHS:
            return place
    return ""


_MONTHS = frozenset(name.capitalize() for name in MONTH_NAMES)


def _what(seen: _Seen) -> str | None:
    shared = [key for key, articles in seen.heads.items() if len(articles) >= 2]
    if not shared:
        return None
    key = min(shared, key=lambda k: (GROUPS[k][0], -len(seen.heads[k]), k))
    noun = seen.surfaces[key].most_common(1)[0][0]
    described = seen.modifiers[key]
    modifiers = [
        m
        for m, articles in described.items()
        if len(articles) >= 2 and m not in _MONTHS and not _CAPITALISED.fullmatch(m)
    ]
    if not modifiers and GROUPS[key][0] == 0:
        # What the talks were about is often written on the outcome: "peace deal" -> "peace talks".
        # Only an occurrence borrows so: "security guarantees" says nothing of an accession, and
        # "security accession" is no phrase of the event.
        others = Counter(
            {
                m: len(articles)
                for group in seen.modifiers.values()
                for m, articles in group.items()
                if len(articles) >= 2 and not _CAPITALISED.fullmatch(m)
            }
        )
        modifiers = [m for m, _ in others.most_common(1)]
    # Farther words first, as written: "draft security guarantees".
    modifiers = sorted(modifiers, key=lambda m: (-seen.order[m], m))[:2]
    places = seen.places[key]
    capitalised = [m for m in described if _CAPITALISED.fullmatch(m) and m not in _MONTHS]
    if places:
        prefix = places.most_common(1)[0][0]
    elif capitalised:  # "Istanbul talks", "Minsk agreements"
        prefix = max(capitalised, key=lambda m: (len(described[m]), m))
    elif key not in UNDERGONE:
        actors = [(len(a), name) for name, a in seen.actors.items() if len(a) >= 2]
        actor = max(actors)[1] if actors else ""
        prefix = f"{CAPITALS.get(actor, actor)}’s" if actor else ""
    else:
        prefix = ""
    if not (prefix or modifiers) and GROUPS[key][0] > 0:
        return None  # "Accession" alone names no event: the shared names and terms do better
    words = [w for w in (prefix, *modifiers, noun) if w]
    label = " ".join(words)
    return label[0].upper() + label[1:]
