"""What the matcher hands back: events and their alignments. Plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.core.timex import Period


@dataclass(frozen=True)
class EventResult:
    members: tuple[tuple[int, float], ...]  # (paragraph id, mean score to the other articles)
    label: str
    period: Period | None
    key_terms: tuple[str, ...]


@dataclass(frozen=True)
class AlignmentResult:
    paragraph_a: int  # always < paragraph_b
    paragraph_b: int
    score: float
    evidence: Evidence
    event: int  # index into MatchResult.events


@dataclass
class MatchResult:
    events: list[EventResult] = field(default_factory=list)
    alignments: list[AlignmentResult] = field(default_factory=list)

    def extend(self, other: MatchResult) -> None:
        offset = len(self.events)
        self.events += other.events
        self.alignments += [
            AlignmentResult(a.paragraph_a, a.paragraph_b, a.score, a.evidence, a.event + offset)
            for a in other.alignments
        ]
