"""People's corrections of the alignment, as the grouping takes them: must-link and cannot-link.

A must-link pair is an edge of the match graph whatever its score (so both paragraphs land in
one connected part), scores ``MUST`` in the score matrix, and ends in one event: if the
clustering still splits it, the second paragraph joins the first's event. A cannot-link pair
is no edge, scores ``CANNOT`` (an average over any cluster holding both falls far below every
threshold, so no merge joins them) and is never a stored alignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (lower paragraph id, higher)

MUST = 1.0  # the highest score a pair can have
CANNOT = -1e6  # low enough that no average over a cluster holding the pair reaches a threshold


def pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Constraints:
    must: frozenset[Pair] = field(default_factory=frozenset)
    cannot: frozenset[Pair] = field(default_factory=frozenset)

    def edges(self, found: Iterable[Pair]) -> list[Pair]:
        """The match graph's edges with the must-links added and the cannot-links removed."""
        kept = {pair(a, b) for a, b in found} | self.must
        return sorted(kept - self.cannot)

    def score(self, a: int, b: int, computed: float) -> float:
        key = pair(a, b)
        if key in self.cannot:
            return CANNOT
        if key in self.must:
            return MUST
        return computed

    def together(self, events: list[list[int]]) -> list[list[int]]:
        """Events with each must-link pair in one event: a paragraph whose partner's events
        lack it joins the first of them (the clustering may split a pair scored ``MUST`` when
        the rest of the cluster pulls the other way)."""
        found = [list(e) for e in events]
        for a, b in sorted(self.must):
            holding_a = [e for e in found if a in e]
            holding_b = [e for e in found if b in e]
            if any(b in e for e in holding_a):
                continue
            if holding_a:
                holding_a[0].append(b)
            elif holding_b:
                holding_b[0].append(a)
            else:
                found.append([a, b])
        return [sorted(set(e)) for e in found]

    def __bool__(self) -> bool:
        return bool(self.must or self.cannot)
