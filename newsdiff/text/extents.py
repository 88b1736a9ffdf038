"""How much of a passage names a thing: a name with what the sentence says of it in the same
breath, so that two reports naming one thing at other lengths can be told apart.

A mention is a name as the parser cuts it ("Beverly Hills", "Mark Heller", "Saturday"). One
report may name the same thing more fully than the other: "in Beverly Hills, Calif." / "in
Beverly Hills", "lawyer Mark Heller" / "Mark Heller", "Banstead in Surrey" / "Surrey",
"Saturday night" / "Saturday". Both share the name, so the mentions are worded alike; the
phrase around them is not. ``extent`` finds that phrase from the parse:

* a description just before a name ("lawyer Mark Heller", "Yankees slugger Mark Teixeira");
* a place that places a place or an institution: ", Calif." after "Beverly Hills", "in
  Rancho Mirage" after "Betty Ford Center", and the place before a place it is placed in
  ("Banstead in Surrey", "Mannheim, Germany");
* the part of a day after a day ("Saturday night", "Thursday evening").

Plain Python over spaCy ``Doc`` objects; no Django.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsdiff.text.mentions import Mention

# Entity labels of places, and of what a place can be said to hold.
PLACES = frozenset({"GPE", "LOC", "FAC"})
SITES = PLACES | {"ORG"}
PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "midday", "noon"})
# Descriptions of a person or group are nouns hung on the name as a compound or apposition.
DESCRIPTION_DEPS = frozenset({"compound", "nmod", "amod"})


def _entity(doc: Doc, token: Token) -> tuple[int, int]:
    """The token bounds of the entity a token is in (the token alone outside one)."""
    if not token.ent_type_:
        return token.i, token.i + 1
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _widen(doc: Doc, start: int, end: int, cls: str) -> tuple[int, int]:
    """One step wider, or the same bounds when nothing around belongs to the name."""
    inside = range(start, end)
    if cls in ("person", "group") and start > 0:
        t = doc[start - 1]
        if t.head.i in inside and t.dep_ in DESCRIPTION_DEPS and t.pos_ in ("NOUN", "PROPN"):
            return _entity(doc, t)[0] if t.ent_type_ else t.i, end
        # "lawyer Mark Heller" parsed as the name in apposition to "lawyer"
        root = doc[end - 1]
        if root.dep_ == "appos" and root.head.i == t.i and t.pos_ == "NOUN":
            return t.i, end
    if cls == "time" and end < len(doc):
        t = doc[end]
        if t.lower_ in PARTS_OF_DAY and (t.head.i in inside or doc[end - 1].head.i == t.i):
            return start, end + 1
    if cls not in ("place", "group"):
        return start, end
    # ", Calif." or "in Rancho Mirage" after the name, placing it
    if end + 1 < len(doc) and doc[end].text in (",", "in", "at"):
        t = doc[end + 1]
        if t.ent_type_ in PLACES and t.ent_iob_ == "B":
            place = _entity(doc, t)
            if any(doc[k].head.i in inside or doc[k].head.i == end for k in range(*place)):
                return start, place[1]
    # the place this one places: "Banstead in Surrey", "Mannheim, Germany"
    if cls == "place" and start > 1 and doc[start - 1].text in (",", "in"):
        t = doc[start - 2]
        if t.ent_type_ in SITES and any(doc[k].head.i == t.i for k in (start - 1, *inside)):
            return _entity(doc, t)[0], end
    return start, end


def extent(doc: Doc, m: Mention) -> tuple[int, int]:
    """Character bounds of the phrase naming what ``m`` names, ``m`` and what the sentence
    says of it in the same breath (the module's docstring); ``m``'s own bounds when nothing."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or m.cls not in ("person", "group", "place", "time"):
        return m.start, m.end
    start, end = span.start, span.end
    sent = doc[span.root.i].sent
    for _ in range(4):
        wider = _widen(doc, start, end, m.cls)
        if wider == (start, end) or wider[0] < sent.start or wider[1] > sent.end:
            break
        start, end = wider
    while end > start and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and (doc[start].pos_ == "DET" or doc[start].is_punct):
        start += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def wording(doc: Doc, bounds: tuple[int, int]) -> frozenset[str]:
    """The content words of a stretch of the passage, lower case (the wording compared)."""
    span = doc.char_span(*bounds, alignment_mode="expand")
    if span is None:
        return frozenset()
    return frozenset(
        t.lower_.strip(".") for t in span if any(c.isalnum() for c in t.text) and not t.is_stop
    )
