"""The differences read within one pair of aligned sentences, off the lemma diff of the two
and their parse: a phrase put in the place of another (``word_choice``), the verb introducing
one speaker's words (``attribution``), words of judgement (``evaluative``) and what one
sentence says that the other leaves out (``omission``).

``differences`` calls these for each aligned sentence pair; the passage-wide kinds (naming,
spelling, figures, dates, people) are read there. Plain typed Python; no Django.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from difflib import SequenceMatcher

from spacy.tokens import Token

from newsdiff.text.mentions import Parsed
from newsdiff.text.passages import (
    Difference,
    Params,
    chars,
    content_tokens,
    one_sided,
    quote,
    zipf,
)

Block = tuple[str, list[Token], list[Token]]


def lemma_blocks(a: Parsed, b: Parsed, i: int, j: int) -> list[Block]:
    """The lemma diff of two aligned sentences: (opcode, tokens of a, tokens of b)."""
    ta, tb = a.sent_tokens[i], b.sent_tokens[j]
    matcher = SequenceMatcher(None, a.sent_lemmas[i], b.sent_lemmas[j], autojunk=False)
    return [(op, ta[a0:a1], tb[b0:b1]) for op, a0, a1, b0, b1 in matcher.get_opcodes()]


def word_choice(
    a: Parsed, b: Parsed, i: int, j: int, blocks: list[Block], taken: set[int], params: Params
) -> list[Difference]:
    """Phrases put in one another's place where the rest of the sentences lines up."""
    out = []
    lemmas_a, lemmas_b = set(a.sent_lemmas[i]), set(b.sent_lemmas[j])
    for op, xa, xb in blocks:
        if op != "replace" or len(xa) > params.max_block or len(xb) > params.max_block:
            continue
        # a word used elsewhere in the other sentence was moved, not replaced
        ca = [t for t in content_tokens(xa) if t.lemma_.lower() not in lemmas_b]
        cb = [t for t in content_tokens(xb) if t.lemma_.lower() not in lemmas_a]
        if not ca or not cb or any(t.i in taken for t in ca):
            continue
        if any(t.like_num or t.ent_type_ in ("DATE", "TIME", "CARDINAL") for t in ca + cb):
            continue  # figures and dates have kinds of their own
        if len(ca) > 2 or len(cb) > 2 or _word_class(ca) != _word_class(cb):
            continue  # "case" for "murders" is a substitution; "Houston" for "uniforms" is not
        if _word_class(ca) == "name":
            continue  # two names in one place are two things (or a spelling, found apart)
        span_a, span_b = chars(ca), chars(cb)
        out.append(
            Difference(
                "word_choice",
                0.5,
                span_a,
                span_b,
                f"“{quote(a.text, span_a)}” where the other says “{quote(b.text, span_b)}”",
            )
        )
    return out


def _word_class(tokens: list[Token]) -> str:
    """What kind of word a phrase's last content word is: a name, a noun, a verb, a modifier."""
    t = tokens[-1]
    if t.ent_type_ or t.pos_ == "PROPN":
        return "name"
    return {"NOUN": "noun", "VERB": "verb", "ADJ": "modifier", "ADV": "modifier"}.get(
        t.pos_, t.pos_
    )


def _speech_verbs(tokens: list[Token]) -> list[tuple[Token, str]]:
    """Verbs that introduce reported speech or a claim (a verb with a clausal complement and
    a subject), with their speaker's head word."""
    found = []
    for t in tokens:
        if t.pos_ != "VERB":
            continue
        kids = list(t.children)
        if not any(k.dep_ in ("ccomp", "parataxis") for k in kids):
            continue
        speaker = [k for k in kids if k.dep_ in ("nsubj", "nsubjpass")]
        if speaker:
            found.append((t, speaker[0].lemma_.lower()))
    return found


def attribution(a: Parsed, b: Parsed, i: int, j: int, people: dict[str, str]) -> list[Difference]:
    out = []
    va, vb = _speech_verbs(a.sent_tokens[i]), _speech_verbs(b.sent_tokens[j])
    for x, who_x in va:
        for y, who_y in vb:
            same_speaker = who_x == who_y or people.get(who_x) == who_y
            if not same_speaker or x.lemma_.lower() == y.lemma_.lower():
                continue
            out.append(
                Difference(
                    "attribution",
                    0.6,
                    chars([x]),
                    chars([y]),
                    f"“{x.text}” in one and “{y.text}” in the other, of the same speaker",
                )
            )
    return out


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """VADER's valence lexicon (MIT), as shipped in the ``vaderSentiment`` package."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


def _valence(t: Token) -> float:
    lex = _lexicon()
    return lex.get(t.lower_, lex.get(t.lemma_.lower(), 0.0))


def _judges(t: Token, params: Params) -> bool:
    """A word of judgement: a verb, adjective or adverb of strong valence. A noun names what
    is reported ("war", "peace", "attack") and a word inside a name ("United States") is the
    name, whatever their valence."""
    if t.pos_ not in ("VERB", "ADJ", "ADV") or t.ent_type_:
        return False
    return abs(_valence(t)) >= params.evaluative_valence


def _evaluative_phrase(t: Token) -> list[Token]:
    """The word of judgement with what qualifies it: "flatly rejected", "ready for talks"."""
    toks = [t]
    for k in t.children:
        if k.dep_ == "advmod" and k.i == toks[0].i - 1:
            toks.insert(0, k)
    if t.pos_ == "ADJ":
        for k in t.rights:
            if k.dep_ == "prep" and k.i == toks[-1].i + 1:
                toks.extend(k.subtree)
    return toks


def _strongest(tokens: list[Token]) -> Token:
    """The word that judges most: a verb or adjective before a noun of the same valence."""
    return max(tokens, key=lambda t: (abs(_valence(t)) + (t.pos_ != "NOUN"), -t.i))


def evaluative(a: Parsed, b: Parsed, i: int, j: int, params: Params) -> list[Difference]:
    """Aligned sentences that lean opposite ways; or a judging adjective or adverb in one
    sentence that the other does without."""
    sa, sb = a.sent_tokens[i], b.sent_tokens[j]
    strong_a = [t for t in sa if _judges(t, params)]
    strong_b = [t for t in sb if _judges(t, params)]
    tone_a = sum(_valence(t) for t in strong_a)
    tone_b = sum(_valence(t) for t in strong_b)
    opposite = strong_a and strong_b and tone_a * tone_b < 0
    if opposite and abs(tone_a - tone_b) >= params.tone_gap:
        x, y = _strongest(strong_a), _strongest(strong_b)
        if x.lemma_.lower() == y.lemma_.lower():
            return []  # one word in both: the rest of the sentences lean, not this word
        span_a = chars(_evaluative_phrase(x))
        span_b = chars(_evaluative_phrase(y))
        return [
            Difference(
                "evaluative",
                0.8,
                span_a,
                span_b,
                f"the two lean opposite ways: “{quote(a.text, span_a)}” against "
                f"“{quote(b.text, span_b)}”",
            )
        ]
    out = []
    for strong, mine, other, side in ((strong_a, a, b, "a"), (strong_b, b, a, "b")):
        for t in strong:
            if t.pos_ not in ("ADJ", "ADV") or t.lemma_.lower() in other.lemmas:
                continue
            span = chars(_evaluative_phrase(t))
            judges = f"“{quote(mine.text, span)}” judges where the other is neutral"
            out.append(one_sided("evaluative", 0.6, side, span, judges))
    return out


FIGURE_ENTITIES = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
NAME_ENTITIES = ("ORG", "GPE", "NORP", "LOC", "FAC")
QUOTES = frozenset('“”"«»')


def _carries_content(tokens: Sequence[Token]) -> str | None:
    """What makes a left-out phrase matter, or None when it is plain wording."""
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return "a person"
    if any(t.like_num or t.ent_type_ in FIGURE_ENTITIES for t in tokens):
        return "a figure"
    if any(t.ent_type_ in NAME_ENTITIES for t in tokens):
        return "a name"
    if any(t.text in QUOTES for t in tokens):
        return "a quotation"
    return None


def _qualifier(tokens: Sequence[Token], common_zipf: float) -> list[Token]:
    """A rare modifier run ("legally binding"): qualifies a claim, so leaving it out matters."""
    run: list[Token] = []
    best: list[Token] = []
    for t in [*tokens, None]:
        if (
            t is not None
            and t.pos_ in ("ADJ", "ADV", "VERB")
            and t.dep_ in ("amod", "advmod", "compound")
            and not t.is_stop
        ):
            run.append(t)
            continue
        if len(run) > len(best):
            best = run
        run = []
    if best and all(zipf(t.lower_) < common_zipf for t in best):
        return best
    return []


def _runs(tokens: Sequence[Token]) -> list[list[Token]]:
    """Contiguous runs of tokens (by position in the text)."""
    runs: list[list[Token]] = []
    for t in tokens:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _left_out(
    tokens: list[Token], other: set[str], params: Params
) -> tuple[list[Token], str] | None:
    """The part of a phrase only one passage has that carries content, and what it carries."""
    doc = tokens[0].doc
    for t in tokens:
        if t.ent_type_ and t.ent_type_ not in ("DATE", "TIME", "ORDINAL"):
            start = t.i
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            end = t.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            ent = doc[start:end]
            if len(ent) == 1 and ent[0].ent_type_ == "NORP" and ent[0].pos_ == "ADJ":
                continue  # "Ukrainian", "Western": an adjective of nationality, not a name
            words = {x.lemma_.lower() for x in ent if not x.is_stop and not x.is_punct}
            if words & other:
                continue  # "Central and Eastern Europe" against "Eastern Europe": one place
            what = _carries_content(list(ent))
            if what:
                return list(ent), what
    if _carries_content(tokens) == "a quotation":
        return tokens, "a quotation"
    qualifier = [t for t in _qualifier(tokens, params.common_zipf) if t.lemma_.lower() not in other]
    if qualifier:
        return qualifier, "a qualifier"
    return None


def omissions(a: Parsed, b: Parsed, blocks: list[Block], params: Params) -> list[Difference]:
    out = []
    for op, xa, xb in blocks:
        if op == "equal":
            continue
        for side, tokens in (("a", xa), ("b", xb)):
            mine, other = (a, b) if side == "a" else (b, a)
            for run in _runs([t for t in tokens if not t.is_space]):
                if all(t.lemma_.lower() in other.lemmas for t in content_tokens(run)):
                    continue
                found = _left_out(run, other.lemmas, params)
                if found is None:
                    continue
                span_tokens, what = found
                span = chars(span_tokens)
                text = f"only one passage has {what}: “{quote(mine.text, span)}”"
                score = 0.6 if what != "a qualifier" else 0.55
                out.append(one_sided("omission", score, side, span, text))
    return out
