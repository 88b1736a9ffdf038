"""A reader's search as SQLite's FTS5 reads it: the syntax PostgreSQL's ``websearch_to_tsquery``
accepts (words in any order, "quoted phrases", ``or``, ``-excluded``), written as an FTS5 query.

Every word or phrase becomes an FTS5 string (quoted), so nothing a reader types is read as FTS5
syntax. As in ``websearch_to_tsquery``, ``or`` binds tighter than the implied "and": ``a b or c``
is ``a AND (b OR c)``. Exclusions are returned apart, because FTS5's NOT needs something on
its left and a search may be only exclusions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdiff.text.patterns import SEARCH_TERM


@dataclass(frozen=True)
class Fts5Query:
    wanted: str  # an FTS5 query the paragraph must match ("" when only exclusions were given)
    excluded: str  # an FTS5 query it must not match ("" when none)

    @property
    def empty(self) -> bool:
        return not self.wanted and not self.excluded


def _string(text: str) -> str:
    """``text`` as an FTS5 string, or "" when it holds no word (FTS5 would refuse it)."""
    if not re.search(r"\w", text):
        return ""
    return '"' + " ".join(text.split()).replace('"', '""') + '"'


def fts5_query(words: str) -> Fts5Query:
    groups: list[list[str]] = []  # ANDed groups of ORed strings
    excluded: list[str] = []
    join = False  # the previous token was "or"
    for match in SEARCH_TERM.finditer(words):
        minus, phrase, word = match.groups()
        if phrase is None and word.lower() == "or":
            join = bool(groups)
            continue
        if phrase is None and word.startswith("-") and len(word) > 1:
            minus, word = "-", word[1:]
        string = _string(phrase if phrase is not None else word)
        if not string:
            continue
        if minus:
            excluded.append(string)
        elif join:
            groups[-1].append(string)
        else:
            groups.append([string])
        join = False
    wanted = " AND ".join(
        group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups
    )
    return Fts5Query(wanted, " OR ".join(excluded))
