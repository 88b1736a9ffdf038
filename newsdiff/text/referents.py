"""Who or what a mention refers to, read from the whole article (and its event's other
articles), so that two reports naming one referent differently can be paired even when the
two passages compared share no word for it: "the actress" in one report's passage, "Lohan" in
the other's.

Within an article, names are grouped by containment ("Lohan" belongs to "Lindsay Lohan"), and a
name lends its referent to the descriptions the article attaches to it: the noun before it
("actress Lindsay Lohan", "Yankees slugger Mark Teixeira"), an apposition ("Microsoft, the
software giant"), a predicate ("Lohan is an actress"). A description met elsewhere ("the
actress", "the giant") then refers to that name. Descriptions an event's other reports attach
to a name the article also uses count too: one report says "the challenger Tony Thompson",
another only "Thompson" and, later, "the challenger".

A nationality said of a person counts as a description of that person ("American challenger
Tony Thompson", then "the American"). A description whose head the article (or its event)
ties to two different names is left unresolved. Plain Python over ``Parsed`` passages; no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from spacy.tokens import Token

from newsdiff.text.mentions import Mention, Parsed, Referent

# Classes of names that descriptions can stand for.
NAMED = ("person", "group", "place")
# Dependencies by which a noun describes the name it hangs on.
DESCRIBING = frozenset({"appos", "compound", "attr"})
# Dependencies of a description that stands for a referent (not a modifier of another noun).
STANDING = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "ROOT", "conj", "dative", "poss"}
)


# How many of an event's other reports must state an alias ("actress Lindsay Lohan") for
# an article to read its description ("the actress") as that name (1 and 2 compared on half
# the ECB+ development topics: 1 finds a fifth more at a little lower precision).
VOTES = 1

# Words around a name that are not part of it: titles, generational suffixes.
NOT_NAME = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "gov", "sen", "rep", "gen", "col", "sgt", "lt", "capt"}
    | {"prof", "rev", "st", "jr", "sr", "ii", "iii"}
    # a company's legal form: "Microsoft Corp." is "Microsoft"
    | {"corp", "inc", "co", "ltd", "llc", "plc"}
)


def _name_words(m: Mention) -> tuple[str, ...]:
    words = [w.replace("’", "'").removesuffix("'s").strip(".,") for w in m.text.split()]
    # a word in lower case at either end is not the name's: "Thompson in" (a headline's run)
    while words and words[-1][:1].islower():
        words.pop()
    while words and words[0][:1].islower():
        words.pop(0)
    return tuple(w.lower() for w in words if w[:1].isalnum() and w.lower() not in NOT_NAME)


# Longer runs of capitalised words are headlines, not names.
MAX_NAME = 6


def _within(words: tuple[str, ...], full: tuple[str, ...], cls: str) -> bool:
    """A short form of a longer name: any of a person's names ("Lohan" of "Lindsay Lohan");
    of a place's or group's, only its head ("Ford Center" of "Betty Ford Center", but not
    "Wasilla" of "Wasilla Bible Church")."""
    if not set(words) <= set(full):
        return False
    return cls == "person" or words[-1] == full[-1]


def _title_case(p: Parsed) -> bool:
    """A passage in title case (a headline): no content word in lower case, so the parser
    runs names into the words around them ("Lindsay Lohan Check Into Betty Ford")."""
    words = [
        t for t in p.doc if t.is_alpha and len(t) > 3 and not t.is_stop and not t.is_sent_start
    ]
    return len(words) >= 3 and all(t.text[:1].isupper() for t in words)


def _names(article: Sequence[Parsed]) -> dict[tuple[int, int, int], Referent]:
    """Each named mention (paragraph, start, end) with its referent: the longest name of the
    article that contains its words. A name of a headline that holds the last word of one
    name of the body ("Lindsay Lohan Check" / "Lindsay Lohan", "Teixeira Reportedly Bumped" /
    "Mark Teixeira") is that name; a proper noun the parser leaves outside its
    entities (a possessor, "Lohan's"; a headline's "Yankees Sign Teixeira") is the one name
    it is within."""
    headline = [_title_case(p) for p in article]
    named = [
        (k, m, _name_words(m))
        for k, p in enumerate(article)
        for m in p.mentions
        if m.cls in NAMED and m.proper and not _demonym_noun(p.doc[m.head])
    ]
    named = [x for x in named if 0 < len(x[2]) <= MAX_NAME]
    longest: list[tuple[str, tuple[str, ...]]] = []
    # names of the body first: a headline's longer run of capitals is not a longer name
    for k, m, words in sorted(
        named, key=lambda x: (headline[x[0]], -len(x[2]), x[1].cls != "person")
    ):
        if headline[k] and any(full[-1] in words for _, full in longest):
            continue
        if not any(_within(words, full, cls) for cls, full in longest):
            longest.append((m.cls, words))
    out = {}
    for k, m, words in named:
        full = [(cls, f) for cls, f in longest if _within(words, f, cls)]
        if not full and headline[k]:
            full = [(cls, f) for cls, f in longest if f[-1] in words]
        if words and len(full) == 1:  # "Ford" within "Harrison Ford" and "Ford Motor": neither
            out[k, m.start, m.end] = Referent(*full[0])
    for k, p in enumerate(article):
        for m in p.mentions:
            if m.cls == "thing" and m.proper and p.doc[m.head].pos_ == "PROPN":
                words = _name_words(m)
                full = [(cls, f) for cls, f in longest if words and _within(words, f, cls)]
                if len(full) == 1:
                    out[k, m.start, m.end] = Referent(*full[0])
    return out


# Endings of a nationality said of a person ("Ukrainian"); the parser labels some as places.
DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ican")


def _demonym(token: Token) -> bool:
    """A nationality ("American", "Ukrainian"), which may describe a person."""
    return token.text[:1].isupper() and (
        token.ent_type_ == "NORP"
        or (token.ent_type_ == "GPE" and token.lower_.endswith(DEMONYM_ENDINGS))
    )


def _demonym_noun(token: Token) -> bool:
    """A nationality standing for a person, as a description: "the American", "the
    Ukrainian emerged triumphant"."""
    return (
        _demonym(token)
        and token.dep_ in STANDING
        and any(k.lower_ == "the" for k in token.children)
    )


def _describing(token: Token) -> Iterable[Token]:
    """Common nouns the parse attaches to a name token as a description of it, and a
    nationality just before a person's name ("American Tony Thompson")."""
    if token.ent_type_ == "PERSON":
        # "American Tony Thompson", "American challenger Tony Thompson"
        for child in token.children:
            if child.dep_ in ("compound", "amod", "appos"):
                yield from (
                    k
                    for k in (child, *child.children)
                    if k.dep_ in ("compound", "amod") and _demonym(k) and k.i < token.i
                )
    for child in token.children:
        if (
            child.dep_ in DESCRIBING
            and child.ent_type_ == ""
            and child.is_alpha
            and child.tag_ in ("NN", "NNP")  # one person or thing, not "the Yankees"
            and (child.is_lower or child.is_sent_start)
            and not any(t.like_num or t.ent_type_ == "MONEY" for t in child.subtree)
            # "teen Kimani Gray": a noun just before the name, the name's first word or not
            and (
                child.dep_ != "compound"
                or (
                    child.i == token.left_edge.i
                    and all(t.pos_ == "PROPN" for t in token.doc[child.i + 1 : token.i])
                )
            )
        ):
            yield child
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be":
        for child in token.head.children:
            if child.dep_ == "attr" and child.ent_type_ == "" and child.tag_ == "NN":
                yield child


def aliases(article: Sequence[Parsed]) -> Counter[tuple[str, Referent]]:
    """(description head word, referent) pairs the article states, with how often."""
    names = _names(article)
    out: Counter[tuple[str, Referent]] = Counter()
    for k, p in enumerate(article):
        for m in p.mentions:
            referent = names.get((k, m.start, m.end))
            if referent is None:
                continue
            span = p.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                for d in _describing(token):
                    if not span.start <= d.i < span.end:
                        out[d.lemma_.lower(), referent] += 1
    return out


def resolve(
    article: Sequence[Parsed], shared: Counter[tuple[str, Referent]] | None = None
) -> list[dict[tuple[int, int], Referent]]:
    """For each passage of an article, its mentions' referents by (start, end): names, and
    descriptions whose head word the article, or ``shared`` (the aliases of the event's other
    reports), ties to one of the article's names."""
    names = _names(article)
    own = aliases(article)
    present = set(names.values())
    heads: dict[str, set[Referent]] = {}
    for word, named in own:
        heads.setdefault(word, set()).add(named)
    for word, named in shared or Counter():
        mine = {r for r in present if r.same(named)}
        heads.setdefault(word, set()).update(mine)
    out: list[dict[tuple[int, int], Referent]] = []
    for k, p in enumerate(article):
        found: dict[tuple[int, int], Referent] = {}
        for m in p.mentions:
            referent: Referent | None = names.get((k, m.start, m.end))
            # a capitalised description in a headline ("Teen shot by police") is parsed
            # as a name: a head word the event uses as a description is one
            head = p.doc[m.head]
            if referent is None and _demonym_noun(head):
                candidates = heads.get(head.lower_, set())
                if len(candidates) == 1:
                    referent = next(iter(candidates))
            if referent is None and m.cls == "thing" and (not m.proper or m.head_lemma in heads):
                candidates = heads.get(m.head_lemma, set())
                if head.dep_ in STANDING and len(candidates) == 1:
                    referent = next(iter(candidates))
            if referent is not None:
                found[m.start, m.end] = referent
        out.append(found)
    return out


K = TypeVar("K", bound=Hashable)


def resolve_articles(
    articles: Mapping[K, Sequence[Parsed]], related: Mapping[K, Iterable[K]]
) -> None:
    """Set ``referents`` on every passage of ``articles`` (each article's passages in
    order): names and descriptions resolved within the article, with the aliases of its
    ``related`` articles (those reporting the same event) that two of them state."""
    stated = {key: aliases(passages) for key, passages in articles.items()}
    full = {
        key: {r for r in _names(passages).values() if len(r.name) > 1}
        for key, passages in articles.items()
    }
    for key, passages in articles.items():
        group = {*related.get(key, ()), key}
        votes: Counter[tuple[str, Referent]] = Counter()
        for other in group - {key}:
            votes.update(set(stated.get(other, Counter())))
        shared = Counter({k: n for k, n in votes.items() if n >= VOTES})
        # a surname that two people of the event bear ("Comeaux" and his wife) names neither
        first: dict[str, set[str]] = {}
        for other in group:
            for r in full.get(other, ()):
                first.setdefault(r.name[-1], set()).add(r.name[0])
        for p, found in zip(passages, resolve(passages, shared), strict=True):
            p.referents = {
                at: r
                for at, r in found.items()
                if len(first.get(r.name[-1], ())) < 2 or len(r.name) > 1
            }
