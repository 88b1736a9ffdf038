"""The evidence stored with each alignment: why the matcher put two paragraphs together.

Written by ``scoring.Scored.evidence`` (and ``scorer.PairScorer.scored`` for the thread
bonus), stored as JSON on ``Alignment.evidence``, read by the evidence page. How many shared
terms it lists: ``params.MAX_SHARED`` and ``params.MIN_SHARED_WEIGHT``. Plain Python.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired at run time.
from typing import NotRequired, TypedDict


class AgainstEvent(TypedDict):
    """Direct evidence against an event's member (``holding``): the pair's new paragraph
    matches the loosely held member strongly, and its dates conflict with every other passage
    of the member's event (``conflicts``) it was compared with, so the member was released."""

    event: int  # the id the event had
    member: int  # the member released
    conflicts: list[int]  # the event's other passages whose dates conflict with the new one


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
    against: NotRequired[AgainstEvent]
    # [before, after]: the event's passages its article tells this paragraph between
    enclosed: NotRequired[list[int]]


def with_against(evidence: Evidence, event: int, member: int, conflicts: list[int]) -> Evidence:
    """The evidence of a pair that brought direct evidence against a held event's member."""
    return {**evidence, "against": AgainstEvent(event=event, member=member, conflicts=conflicts)}
