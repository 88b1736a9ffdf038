"""Alignment evidence (free-form JSON written by the matcher) as label/value rows for people."""

from __future__ import annotations

from typing import Any

# The keys the matcher documents, in the order a reader wants them; others follow as they come.
LABELS = {
    "similarity": "Embedding similarity",
    "shared_terms": "Shared terms",
    "shared_entities": "Shared names",
    "dates": "Resolved dates",
    "numbers": "Shared numbers",
    "date_conflict": "Dates conflict",
    "parts": "Score parts",
}


def describe(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    keys = [k for k in LABELS if k in evidence] + sorted(k for k in evidence if k not in LABELS)
    return [(LABELS.get(k, k.replace("_", " ").capitalize()), _text(evidence[k])) for k in keys]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        # A resolved date: {"text": "in March 2022", "start": "2022-03-01", "end": ...}
        if "text" in value and ("start" in value or "value" in value):
            start = value.get("start", value.get("value"))
            end = value.get("end")
            span = f"{start} – {end}" if end and end != start else f"{start}"
            return f"“{value['text']}” → {span}"
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value) or "none"
    return "none" if value is None or value == "" else str(value)
