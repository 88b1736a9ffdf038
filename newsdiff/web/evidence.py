"""Alignment evidence (``matching.evidence.Evidence``) as label/value rows for people."""

from __future__ import annotations

from collections.abc import Mapping

from newsdiff.matching.evidence import Evidence

# The keys in the order a reader wants them; any others follow as they come.
LABELS = {
    "similarity": "Embedding similarity",
    "shared_terms": "Shared terms",
    "shared_entities": "Shared names",
    "dates": "Resolved dates",
    "numbers": "Shared numbers",
    "date_conflict": "Dates conflict",
    "parts": "Score parts",
}


def describe(evidence: Evidence | Mapping[str, object]) -> list[tuple[str, str]]:
    values: dict[str, object] = dict(evidence)
    keys = [k for k in LABELS if k in values] + sorted(k for k in values if k not in LABELS)
    return [(LABELS.get(k, k.replace("_", " ").capitalize()), _text(values[k])) for k in keys]


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
