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

A description whose head the article (or its event) ties to two different names is left
unresolved. Plain Python over ``Parsed`` passages; no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence

from spacy.tokens import Token

from newsdiff.text.mentions import Mention, Parsed, Referent

# Classes of names that descriptions can stand for.
NAMED = ("person", "group", "place")
# Dependencies by which a noun describes the name it hangs on.
DESCRIBING = frozenset({"appos", "compound", "attr"})
# Dependencies of a description that stands for a referent (not a modifier of another noun).
STANDING = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "ROOT", "conj", "dative"}
)


def _name_words(m: Mention) -> tuple[str, ...]:
    return tuple(
        w.lower().replace("’", "'").removesuffix("'s")
        for w in m.text.replace("-", " ").split()
        if w[:1].isalnum()
    )


def _names(article: Sequence[Parsed]) -> dict[tuple[int, int, int], Referent]:
    """Each named mention (paragraph, start, end) with its referent: the longest name of the
    article that contains its words."""
    named = [
        (k, m, _name_words(m))
        for k, p in enumerate(article)
        for m in p.mentions
        if m.cls in NAMED and m.proper
    ]
    longest: list[tuple[str, tuple[str, ...]]] = []
    for _, m, words in sorted(named, key=lambda x: (-len(x[2]), x[1].cls != "person")):
        if words and not any(set(words) <= set(full) for _, full in longest):
            longest.append((m.cls, words))
    out = {}
    for k, m, words in named:
        full = [(cls, f) for cls, f in longest if set(words) <= set(f)]
        if words and len(full) == 1:  # "Ford" within "Harrison Ford" and "Ford Motor": neither
            out[k, m.start, m.end] = Referent(*full[0])
    return out


def _describing(token: Token) -> Iterable[Token]:
    """Common nouns the parse attaches to a name token as a description of it."""
    for child in token.children:
        if (
            child.dep_ in DESCRIBING
            and child.ent_type_ == ""
            and child.is_alpha
            and (child.dep_ != "compound" or child.i < token.i)
        ):
            yield child
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be":
        for child in token.head.children:
            if child.dep_ == "attr" and child.ent_type_ == "" and child.pos_ == "NOUN":
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


def kinds(aliases: Counter[tuple[str, Referent]]) -> dict[str, str]:
    """Description words and the class of name they describe, from many articles' aliases:
    "inmate" describes people, "company" groups. A word that describes names of two classes
    about as often is left out."""
    by_word: dict[str, Counter[str]] = {}
    for (word, referent), n in aliases.items():
        by_word.setdefault(word, Counter())[referent.cls] += n
    out = {}
    for word, classes in by_word.items():
        (cls, n), *rest = classes.most_common()
        if not rest or n >= 3 * rest[0][1]:
            out[word] = cls
    return out


def _dominant(named: Iterable[Referent]) -> dict[str, Referent]:
    """The referent an article is about, per class: named at least twice and at least twice
    as often as any other of its class."""
    counts = Counter(named)
    out = {}
    for cls in NAMED:
        ranked = sorted((n, r.name) for r, n in counts.items() if r.cls == cls)
        if (
            ranked
            and ranked[-1][0] >= 2
            and (len(ranked) == 1 or ranked[-1][0] >= 2 * ranked[-2][0])
        ):
            out[cls] = Referent(cls, ranked[-1][1])
    return out


def resolve(
    article: Sequence[Parsed],
    shared: Counter[tuple[str, Referent]] | None = None,
    kind_words: dict[str, str] | None = None,
) -> list[dict[tuple[int, int], Referent]]:
    """For each passage of an article, its mentions' referents by (start, end): names, and
    descriptions whose head word the article, or ``shared`` (the aliases of the event's other
    reports), ties to one of the article's names; failing that, a singular description whose
    head word describes names of one class elsewhere (``kind_words``: "the inmate") refers to
    the one referent of that class the article is about."""
    names = _names(article)
    own = aliases(article)
    present = set(names.values())
    heads: dict[str, set[Referent]] = {}
    for (word, referent), _ in own.items():
        heads.setdefault(word, set()).add(referent)
    for (word, referent), _ in (shared or Counter()).items():
        mine = {r for r in present if r.same(referent)}
        heads.setdefault(word, set()).update(mine)
    about = _dominant(names.values())
    out: list[dict[tuple[int, int], Referent]] = []
    for k, p in enumerate(article):
        found: dict[tuple[int, int], Referent] = {}
        for m in p.mentions:
            referent = names.get((k, m.start, m.end))
            if referent is None and m.cls == "thing" and not m.proper:
                head = p.doc[m.head]
                candidates = heads.get(m.head_lemma, set())
                if head.dep_ not in STANDING:
                    pass
                elif len(candidates) == 1:
                    referent = next(iter(candidates))
                elif not candidates and head.tag_ == "NN" and kind_words:
                    referent = about.get(kind_words.get(m.head_lemma, ""))
            if referent is not None:
                found[m.start, m.end] = referent
        out.append(found)
    return out


def resolve_articles(
    articles: Mapping[Hashable, Sequence[Parsed]], related: Mapping[Hashable, Iterable[Hashable]]
) -> None:
    """Set ``referents`` on every passage of ``articles`` (each article's passages in
    order): names and descriptions resolved within the article, with the aliases of its
    ``related`` articles (those reporting the same event) and the description words of all."""
    stated = {key: aliases(passages) for key, passages in articles.items()}
    everywhere: Counter[tuple[str, Referent]] = Counter()
    for counts in stated.values():
        everywhere.update(counts)
    kind_words = kinds(everywhere)
    for key, passages in articles.items():
        shared: Counter[tuple[str, Referent]] = Counter()
        for other in {*related.get(key, ()), key}:
            shared.update(stated.get(other, Counter()))
        for p, found in zip(passages, resolve(passages, shared, kind_words), strict=True):
            p.referents = found
