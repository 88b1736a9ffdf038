"""Who and what an article names, from the NLP layer's entities: one canonical form per person.

Within one article:
- a person is known by the fullest form the article uses: "Putin" after "Vladimir Putin" is
  "Vladimir Putin"; a first name alone ("Vladimir") never counts, unless a title marks it as a
  family name ("President Xi", "Mr. Kim");
- titles, nationalities and possessives are not part of a name: "French President Emmanuel
  Macron" and "Macron's" are "Emmanuel Macron";
- one written form has one kind: the model's label in most of the article's mentions wins, so
  "Kyiv" tagged a person once among places is a place (a person as often as not is not one);
- a phrase in quotation marks or also written in lower case ("a Witch Hunt", "the witch hunt")
  is a slogan, not a person, wherever the article writes it;
- a "Party" or "Committee" is an organisation;
- the outlet's own name (and its initials: "AP" for "Associated Press") is provenance, never a
  name in its text.

Organisations, places and groups (nationalities, parties' members) are kept by kind, with "the"
and possessives dropped. Plain Python on the output of ``newsdiff.text.nlp``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsdiff.text.nlp import Entity, ParagraphNLP
from newsdiff.text.words import ROLES, TITLES

# Words before a name that are a title or honorific, not the name (with the matcher's roles).
_HONORIFICS = frozenset(
    re.findall(
        r"\w+",
        """mr mrs ms miss dr prof sen rep gov gen lt col maj capt sgt adm cmdr pres sir dame lord
    lady rev father sister brother saint st pope president vice prime minister secretary
    chancellor leader dictator chairman chairwoman chair commander ambassador envoy spokesman
    spokeswoman spokesperson official senator congressman congresswoman representative governor
    mayor judge justice attorney general king queen prince princess emperor sheikh emir
    ayatollah crown former acting interim deputy chief supreme foreign defense defence interior
    finance state opposition party coach manager director founder ceo executive actor actress
    singer rapper star""",
    )
) | frozenset(w.strip(".") for w in TITLES | ROLES)
# The last word of a "person" that makes it an organisation or a place instead.
_ORG_HEADS = frozenset(
    re.findall(
        r"\w+",
        """party committee council ministry department agency office commission parliament assembly
    congress senate court union league front movement army forces guard police corps bank
    company group fund foundation institute university school church administration
    government campaign""",
    )
)
_PLACE_HEADS = frozenset(
    re.findall(r"\w+", "korea island islands republic state states city county")
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_QUOTES = "\"“”‘’'«»"
_WORD = re.compile(r"[^\s]+")

PERSON, ORG, PLACE, GROUP, OTHER = "person", "org", "place", "group", "other"
NAME_KINDS = (PERSON, ORG, PLACE, GROUP, OTHER)


@dataclass(frozen=True)
class Names:
    """The names of one paragraph, canonical for its article, by kind."""

    persons: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()  # events, laws, products, works

    def of_kind(self, kind: str) -> frozenset[str]:
        return {
            PERSON: self.persons,
            ORG: self.orgs,
            PLACE: self.places,
            GROUP: self.groups,
            OTHER: self.others,
        }[kind]


@dataclass(frozen=True)
class _Mention:
    paragraph: int
    start: int  # where the name proper starts, after any title
    kind: str
    form: str  # cleaned surface
    titled: bool  # a title or honorific stood right before it


def key(name: str) -> str:
    """The form two names are compared by: lower case, one apostrophe, no full stops."""
    return re.sub(r"\s+", " ", name.lower().replace("’", "'").replace(".", "")).strip()


def _initials(outlet: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", outlet) if w and w[0].isupper())


def _is_outlet(form: str, outlet: str) -> bool:
    if not outlet:
        return False
    k = key(form)
    initials = _initials(outlet)
    return k == key(outlet) or (len(initials) >= 2 and k == key(initials))


def _strip_title(words: list[str], text: str, start: int) -> tuple[list[str], bool]:
    """The words of a person's name after the last title in it ("French President Emmanuel
    Macron", "Attorney General William Barr"; the last word is always kept: "Stephen King"),
    and whether a title was there (inside the entity or just before it in the text)."""
    cut = max(
        (i + 1 for i, w in enumerate(words[:-1]) if w.lower().strip(".,") in _HONORIFICS),
        default=0,
    )
    before = text[max(0, start - 30) : start].split()
    titled = cut > 0 or bool(before and before[-1].lower().strip(".,") in _HONORIFICS)
    return words[cut:], titled


def _clean(entity: Entity) -> tuple[str, int]:
    """The entity's text without "the", possessive, quotes and trailing punctuation, and the
    offset where that starts."""
    text = entity.text
    lead = len(text) - len(text.lstrip(_QUOTES + " "))
    text = text.strip(_QUOTES + " ")
    m = _ARTICLE.match(text)
    if m:
        lead += m.end()
        text = text[m.end() :]
    text = _POSSESSIVE.sub("", text).rstrip(".,;:")
    return text, entity.start + lead


def _quoted_anywhere(form: str, text: str) -> bool:
    """Does the article put this phrase in quotation marks ("called it a 'Witch Hunt!'")?"""
    return bool(re.search(rf"[{_QUOTES}]{re.escape(form)}[{_QUOTES}!?,.]", text))


def _mentions(
    paragraphs: Sequence[tuple[str, ParagraphNLP]], outlet: str
) -> tuple[list[_Mention], str]:
    mentions: list[_Mention] = []
    article_text = "\n".join(text for text, _ in paragraphs)
    for index, (text, nlp) in enumerate(paragraphs):
        for entity in nlp.entities:
            if entity.kind not in NAME_KINDS:
                continue
            form, start = _clean(entity)
            if not form or not any(c.isupper() for c in form) or _is_outlet(form, outlet):
                continue
            kind, titled = entity.kind, False
            if kind == PERSON:
                words, titled = _strip_title(form.split(), text, start)
                start += form.index(words[0])
                form = " ".join(words)
                # "Moon Jae-in": the model's span may stop at the hyphen.
                end = start + len(form)
                tail = re.match(r"-[a-z]+\b", text[end:])
                if tail:
                    form += tail.group()
                last = form.split()[-1].lower()
                if last in _ORG_HEADS:
                    kind = ORG
                elif last in _PLACE_HEADS:
                    kind = PLACE
                elif " " in form and (
                    _quoted_anywhere(form, article_text) or form.lower() in article_text
                ):
                    continue  # a slogan or a phrase capitalised for effect
                if _is_outlet(form, outlet) or form.lower() in _HONORIFICS:
                    continue
            mentions.append(_Mention(index, start, kind, form, titled))
    return mentions, article_text


def _consensus(mentions: list[_Mention]) -> list[_Mention]:
    """One kind per written form: the kind of most of its mentions (ties are not persons)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        votes[key(m.form)][m.kind] += 1
    chosen = {}
    for k, counts in votes.items():
        best = max(counts.values())
        tied = [kind for kind, n in counts.items() if n == best]
        chosen[k] = next((kind for kind in NAME_KINDS[1:] if kind in tied), tied[0])
    return [_Mention(m.paragraph, m.start, chosen[key(m.form)], m.form, m.titled) for m in mentions]


def _family_first(name: str) -> bool:
    """Is this written family name first ("Kim Jong Un", "Moon Jae-in")? Three words, or a
    hyphenated given name, is the shape of Korean and Chinese names in English copy."""
    words = name.split()
    return len(words) >= 3 or (len(words) == 2 and bool(re.fullmatch(r"\w+-[a-z]+", words[1])))


def family_name(name: str) -> str:
    """The word a person is known by across articles: "Putin" of "Vladimir Putin", "Kim" of
    "Kim Jong Un" (family name first)."""
    words = name.split()
    return words[0] if _family_first(name) else words[-1]


def _canonical_persons(mentions: list[_Mention]) -> dict[int, str | None]:
    """For each person mention (by its index in ``mentions``): its canonical name, or None
    when it does not count (a first name alone)."""
    persons = [(i, m) for i, m in enumerate(mentions) if m.kind == PERSON]
    full = [(i, m) for i, m in persons if len(m.form.split()) > 1]
    # Spellings of one full name ("Donald Trump", "Donald J. Trump"): the most used one.
    by_ends: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for _, m in full:
        words = key(m.form).split()
        by_ends[(words[0], words[-1])][m.form] += 1
    best_form = {ends: forms.most_common(1)[0][0] for ends, forms in by_ends.items()}

    def canonical(form: str) -> str:
        words = key(form).split()
        return best_form[(words[0], words[-1])]

    alone = {key(m.form) for _, m in persons if len(m.form.split()) == 1}
    out: dict[int, str | None] = {}
    for i, m in persons:
        if len(m.form.split()) > 1:
            out[i] = canonical(m.form)
            continue
        word = key(m.form)
        # A surname: the full name ending in it, mentioned last before it (else first after).
        ending = [(j, f) for j, f in full if key(f.form).split()[-1] == word]
        starting = [(j, f) for j, f in full if key(f.form).split()[0] == word]
        if ending:
            before = [j for j, _ in ending if j < i]
            j = before[-1] if before else ending[0][0]
            out[i] = canonical(mentions[j].form)
        elif starting:
            # "Vladimir" alone is a first name; "President Xi", "Mr. Kim", or "Moon" in an
            # article that writes "Moon Jae-in" and never "Jae-in" alone is a family name.
            name = starting[0][1].form
            family_first = _family_first(name) and key(name).split()[-1] not in alone
            out[i] = canonical(name) if m.titled or family_first else None
        else:
            out[i] = m.form  # a surname whose full name the article does not give
    return out


def article_names(paragraphs: Sequence[tuple[str, ParagraphNLP]], outlet: str = "") -> list[Names]:
    """The names of each paragraph, given (text, NLP output) for every paragraph of one
    article, in order, and the article's outlet."""
    mentions, _ = _mentions(paragraphs, outlet)
    mentions = _consensus(mentions)
    persons = _canonical_persons(mentions)
    found: list[dict[str, set[str]]] = [{kind: set() for kind in NAME_KINDS} for _ in paragraphs]
    for i, m in enumerate(mentions):
        name = persons.get(i) if m.kind == PERSON else m.form
        if name:
            found[m.paragraph][m.kind].add(name)
    return [
        Names(frozenset(f[PERSON]), frozenset(f[ORG]), frozenset(f[PLACE]), frozenset(f[GROUP]))
        for f in found
    ]
