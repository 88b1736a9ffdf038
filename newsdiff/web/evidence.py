"""Alignment evidence (``matching.evidence.Evidence``) as label/value rows for people."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from newsdiff.matching.core.evidence import Evidence
from newsdiff.matching.core.params import DEFAULT_WEIGHTS

# The keys in the order a reader wants them; any others follow as they come.
LABELS = {
    "similarity": "Embedding similarity",
    "shared_terms": "Shared terms",
    "shared_entities": "Shared names",
    "dates": "Resolved dates",
    "numbers": "Shared numbers",
    "date_conflict": "Dates conflict",
    "parts": "Score parts",
    "against": "Evidence against an event",
}


def describe(evidence: Evidence | Mapping[str, object]) -> list[tuple[str, str]]:
    values: dict[str, object] = dict(evidence)
    keys = [k for k in LABELS if k in values] + sorted(k for k in values if k not in LABELS)
    return [
        (LABELS.get(k, k.replace("_", " ").capitalize()), _against(values[k]))
        if k == "against"
        else (LABELS.get(k, k.replace("_", " ").capitalize()), _text(values[k]))
        for k in keys
    ]


def _against(value: object) -> str:
    """``Evidence.against`` in words: why a passage left the event it held in."""
    if not isinstance(value, dict):
        return _text(value)
    conflicts = value.get("conflicts") or []
    return (
        f"passage {value.get('member')} was released from event {value.get('event')}: the new "
        f"passage matches it strongly, and its dates conflict with every other passage of that "
        f"event it was compared with ({len(conflicts)}: {_text(conflicts)})"
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value) or "none"
    return "none" if value is None or value == "" else str(value)


@dataclass(frozen=True)
class Strength:
    """An alignment score in words: what a reader can take from it."""

    word: str  # strong, likely, weak
    meaning: str

    @property
    def scale(self) -> str:
        return SCALE


# The matcher links two passages from ``link`` and lets a passage join an event from ``extend``;
# a score is cosine similarity plus bonuses for shared names, terms, numbers and dates (up to
# about 1.5), so from 1.0 the specifics agree as well as the wording.
STRONG = 1.0
LIKELY = DEFAULT_WEIGHTS.extend
SCALE = (
    f"strong ≥ {STRONG:.2f} · likely {LIKELY:.2f}–{STRONG:.2f} · weak below {LIKELY:.2f}; "
    f"the matcher links passages from {DEFAULT_WEIGHTS.link:.2f}, and an event can hold a weaker "
    "pair when both passages are tied to its other reports"
)


def strength(score: float) -> Strength:
    if score >= STRONG:
        return Strength(
            "strong",
            "Very probably the same sub-event: similar wording and shared "
            "specifics (names, numbers or dates).",
        )
    if score >= LIKELY:
        return Strength(
            "likely", "Probably the same sub-event: similar wording with some shared specifics."
        )
    return Strength(
        "weak",
        "Possibly the same sub-event: the wording is alike but few "
        "specifics are shared; read both passages before relying on it.",
    )
