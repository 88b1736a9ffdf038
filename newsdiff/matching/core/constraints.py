"""People's corrections of the alignment, as the grouping takes them: must-link and cannot-link.

A must-link pair is an edge of the match graph whatever its score (so both paragraphs land in
one connected part), scores ``MUST`` in the score matrix, and ends in one event: if the
clustering still splits it, the second paragraph joins the first's event. A cannot-link pair
is no edge, scores ``CANNOT`` (an average over any cluster holding both falls far below every
threshold, so no merge joins them) and is never a stored alignment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

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

    def on(self, nodes: Iterable[int]) -> Constraints:
        """The constraints between these nodes only."""
        inside = set(nodes)
        return Constraints(
            frozenset(p for p in self.must if p[0] in inside and p[1] in inside),
            frozenset(p for p in self.cannot if p[0] in inside and p[1] in inside),
        )

    def constrain(self, nodes: Sequence[int], scores: np.ndarray) -> None:
        """Set the decided pairs' entries of a score matrix over ``nodes`` (in place)."""
        row = {n: i for i, n in enumerate(nodes)}
        for pairs, value in ((self.must, MUST), (self.cannot, CANNOT)):
            for a, b in pairs:
                if a in row and b in row:
                    scores[row[a], row[b]] = scores[row[b], row[a]] = value

    def together(self, events: list[list[int]]) -> list[list[int]]:
        """Events with each must-link pair in one event: a paragraph whose partner's events
        lack it joins the first of them (the clustering may split a pair scored ``MUST`` when
        the rest of the cluster pulls the other way), unless it cannot be linked to one of
        that event's members."""
        found = [list(e) for e in events]
        for a, b in sorted(self.must):
            if any(a in e and b in e for e in found):
                continue
            for joiner, partner in ((b, a), (a, b)):
                event = next((e for e in found if partner in e), None)
                if event is not None and not any(pair(joiner, m) in self.cannot for m in event):
                    event.append(joiner)
                    break
            else:
                found.append([a, b])
        return [sorted(set(e)) for e in found]

    def __bool__(self) -> bool:
        return bool(self.must or self.cannot)


NO_CONSTRAINTS = Constraints()
