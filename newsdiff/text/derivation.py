"""Words of one family: an action told as a verb in one report and as a noun or adjective in
the other ("died" / "death", "dead"), or a word inside a compound of it ("quake" /
"earthquake", "fire" / "gunfire").

A lemmatiser gives each word its own lemma ("die", "death", "dead"), so these read as worded
differently although they are one word's forms; a stemmer that strips suffixes cannot join
them either. The irregular families are listed here: the common English verbs whose noun or
adjective is not the verb with a suffix. Plain Python; no Django.
"""

from __future__ import annotations

import functools

from wordfreq import zipf_frequency

# A verb's lemma and the nouns and adjectives of its family that are not it with a suffix.
FAMILIES: tuple[frozenset[str], ...] = tuple(
    frozenset(words.split())
    for words in (
        "die death dead deadly",
        "kill killing",
        "bear birth born",
        "fly flight",
        "lose loss lost",
        "choose choice",
        "sell sale",
        "speak speech",
        "prove proof",
        "live life alive",
        "believe belief",
        "succeed success successful",
        "grow growth",
        "steal theft stolen",
        "rob robbery",
        "burn burnt",
        "shoot shot shooting gunshot",
        "marry marriage",
        "fight fought",
        "win won",
        "flee flight",
        "explode explosion",
        "invade invasion",
        "resign resignation",
        "acquire acquisition",
        "testify testimony",
        "strike struck",
    )
)

# How common a word must be for the rest of a compound to be a word of its own: "earth" of
# "earthquake", "gun" of "gunfire".
WORD_ZIPF = 3.0


@functools.lru_cache(maxsize=100_000)
def _word(text: str) -> bool:
    return zipf_frequency(text, "en") >= WORD_ZIPF


def compound_of(short: str, long: str) -> bool:
    """``long`` is a compound ending in ``short`` ("quake" / "earthquake")."""
    if len(short) < 4 or len(long) - len(short) < 3 or not long.endswith(short):
        return False
    return long[: -len(short)].isalpha() and _word(long[: -len(short)])


def one_family(x: str, y: str) -> bool:
    """Two lemmas of one word family, or one a compound of the other; not one lemma."""
    if x == y:
        return False
    if compound_of(x, y) or compound_of(y, x):
        return True
    return any(x in family and y in family for family in FAMILIES)
