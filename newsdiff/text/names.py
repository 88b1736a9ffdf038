"""Names in news text, read from capital letters: people, and spellings of one name.

Heuristics on the surface of the text: a run of capitalised words after any title is a person
("Russian Foreign Minister Sergey Lavrov" gives "Sergey Lavrov"). Plain Python: no Django
imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdiff.text.words import CONNECTIVES, FUNCTION_WORDS, NOT_NAMES, TITLES

# Spellings of one name (transliterations and short forms), compared as one: "Kyiv" is "Kiev".
SPELLINGS = {
    "kyiv": "kiev", "zelenskiy": "zelensky", "zelenskyy": "zelensky", "us": "united states",
    "u.s": "united states", "u.s.": "united states", "america": "united states", "uk": "britain",
    "u.k": "britain", "british": "britain", "sergei": "sergey",
}  # fmt: skip

# A name word: capital first, lower-case last ("Zelenskiy", "O'Brien"), not "NATO" or "UK".
CAPITALISED = re.compile(r"[A-Z][\w’'-]*[a-z]")
# A word written as people's names are: "Vladimir", "Jean-Yves", "O'Brien"; not "NATO", "US-led".
TITLE_CASE = re.compile(r"[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?")
# A run of capitalised words separated by single spaces (no punctuation in between).
_RUN = re.compile(r"(?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)*")

# Two or three capitalised words, the framing suggestions' person ("Boris Johnson",
# "Jean-Yves Le Drian"), and the capitalised words that are not people in such a run.
PERSON = re.compile(r"\b[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-’'][a-z]+)?){1,2}\b")
NOT_PEOPLE = frozenset(
    re.findall(
        r"\w+",
        """Prime Minister President Foreign Secretary State Moscow Kiev Kyiv Washington London
        United States Kingdom Nations Russia Ukraine European Union Security Council North
        Atlantic Treaty Organization White House Kremlin March April May June Sunday Monday
        Tuesday Wednesday Thursday Friday Saturday According The This That These Those However""",
    )
)


def find_people(text: str) -> list[str]:
    """Names of people: runs of capitalised words, titles dropped, two or three words left."""
    found = []
    for run in _RUN.finditer(text):
        tokens = [t.removesuffix("’s").removesuffix("'s") for t in run.group().split(" ")]
        # Keep what follows the last title or stopword: "Russian Foreign Minister Sergey Lavrov".
        cut = max(
            (i + 1 for i, t in enumerate(tokens) if _is_title(t) or _is_connective(t)),
            default=0,
        )
        name = tokens[cut:]
        if (
            2 <= len(name) <= 3
            and all(CAPITALISED.fullmatch(t) for t in name)
            and not any(t.lower() in NOT_NAMES for t in name)
        ):
            found.append(" ".join(name))
    return found


def _is_title(token: str) -> bool:
    return any(part.lower() in TITLES for part in token.split("-")) or token.isupper()


def _is_connective(token: str) -> bool:
    return token.lower() in FUNCTION_WORDS or token.lower() in CONNECTIVES


def different_bearers(
    shared: Iterable[str], runs_a: Iterable[str], runs_b: Iterable[str]
) -> set[str]:
    """The shared names that open a different full name on each side: "vladimir" of "vladimir
    putin" and "vladimir zelensky", "new" of "new york" and "new jersey". The same word names
    two different bearers, so it is no shared name. ``runs_a``, ``runs_b``: each side's runs of
    names, lower case, words separated by one space."""

    def opened(word: str, runs: Iterable[str]) -> set[str]:
        return {r for r in runs if r.startswith(word + " ")}

    runs_a, runs_b = set(runs_a), set(runs_b)
    return {
        w for w in shared if (a := opened(w, runs_a)) and (b := opened(w, runs_b)) and not a & b
    }
