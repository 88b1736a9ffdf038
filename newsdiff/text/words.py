"""Word lists and word normalisation shared by the matcher, the text classifier and the diff.

Each list says what it is for; where two callers need different lists, the larger is built
from the smaller so they cannot drift apart. Plain Python: no Django imports.
"""

from __future__ import annotations

import re
import unicodedata

from newsdiff.lib.dates import MONTH_NAMES, WEEKDAYS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words: never a difference worth highlighting.
FUNCTION_WORDS = _words(
    """a an and are as at be been but by for from had has have he her his i in is it its of on
    or our she so that the their them they this to was we were which who will with would not
    no do does did than there these those into over also if whether can could should may might
    must shall about just only very such what when where how all any some"""
)
# Shared by any two news paragraphs, so evidence of nothing when matching: more function words,
# the vocabulary of reporting itself ("said", "told", "according"), and vague times and counts.
NEWS_STOPWORDS = (
    FUNCTION_WORDS
    | _words(
        """above across after again against almost along already although always am among another
        anyone anything around back became because become before being below between both cannot
        doing done down during each either else even ever every few further having here hers
        herself him himself however including itself least less let like made make makes many me
        more most much my myself neither nor now off often once one other others ours ourselves
        out own per quite rather really same several since still theirs themselves then though
        through thus too
        toward towards under until up upon us via way well whatever while whom whose why within
        without yet you your yours yourself
        said says say saying told tell added adding stated stressed noted according reported
        reports report asked claimed insisted suggested emphasized emphasised reiterated recalled
        alleged explained pointed news statement comments remarks interview reporters mr mrs ms dr
        today yesterday week weeks month months year years day days time times ago last next
        earlier later recently recent early late
        first second new old two three four five six seven eight nine ten hundred thousand
        million billion percent part people"""
    )
    | frozenset(MONTH_NAMES)
    | frozenset(WEEKDAYS)
)
# Capitalised at a sentence start but never part of a name ("Though Russian and ...").
CONNECTIVES = _words(
    """though although however but when while after before during since according speaking
    meanwhile today yesterday"""
)
# Words that precede a name ("then-UK Prime Minister Boris Johnson") and are not part of it.
TITLES = _words(
    """president prime minister foreign defense defence secretary state ambassador spokesman
    spokeswoman spokesperson chancellor senator mp fm general colonel leader chief king queen
    pope envoy deputy senior former then mr mrs ms dr sir lord"""
)
# Titles and roles the matcher discounts: capitalised before a name, but shared by every
# official of every story.
ROLES = _words(
    """minister foreign president prime secretary spokesman spokeswoman spokesperson official
    leader government state chief deputy ambassador general defense defence ministry head
    chairman envoy mayor governor senator premier chancellor king queen prince council"""
)
# Capitalised runs that are places, bodies or dates rather than people.
NOT_NAMES = (
    _words(
        """council organization organisation union ministry office house news security nations
        states kingdom republic department party forces army agency east west north south europe
        european york street square city summit committee commission parliament assembly bank"""
    )
    | frozenset(MONTH_NAMES)
    | frozenset(WEEKDAYS)
)


def normalise(word: str) -> str:
    """Lower case, one apostrophe, no possessive: "Russia’s" and "russia" are one word.

    The matcher (``features.term``) and the diff (``diff.stem``) build on this, each adding
    what it needs (aliases and singulars; a light stem)."""
    return word.lower().replace("’", "'").strip("'.-").removesuffix("'s")


def normalise_space(text: str) -> str:
    """A text (not a word): Unicode NFKC and runs of white space collapsed; for comparing and
    hashing whole lines and titles."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()
