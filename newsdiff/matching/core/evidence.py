"""The evidence stored with each alignment: why the matcher put two paragraphs together.

Written by ``scoring.score_pair`` (and ``matcher.Matcher.pair`` for the thread bonus), stored
as JSON on ``Alignment.evidence``, read by the evidence page. Plain Python.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired at run time.
from typing import NotRequired, TypedDict

# The most shared terms and names listed: enough to say why, few enough to read at a glance.
MAX_SHARED = 12
# A shared term or name listed only above this weight (rarer words weigh more).
MIN_SHARED_WEIGHT = 0.1


class Evidence(TypedDict):
    similarity: float  # embedding cosine, 4 decimals
    shared_terms: list[str]  # as written in the first paragraph, rarest first
    shared_entities: list[str]
    numbers: list[str]  # quantities both paragraphs state ("100000")
    dates: list[str]  # labels of the narrowest periods both resolve to ("March 2022")
    date_conflict: bool  # both dated, and the dates do not overlap
    parts: dict[str, float]  # the weighted summands of the score, by signal
    # [[predecessor, other], ...]: the links a continuing paragraph borrowed
    thread: NotRequired[list[list[int]]]
