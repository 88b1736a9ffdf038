"""Accuracy of date resolution per kind on the labelled set tests/text/dates_gold.json.

    PYTHONPATH=. .venv/bin/python bench/dates_gold.py

Compares the NLP layer's resolver (``newsdiff.text.dating``: the pipeline's DATE entities,
rules for relative expressions, dateparser for absolute ones, a role for each) with the
matcher's regular-expression resolver (``newsdiff.matching.core.timex``) on the same sentences.

An item is right when:
- its role is ``reported``: the resolver dates the sentence with exactly the labelled period
  (timex: the period is among those it resolves; the NLP layer: the expression it finds over
  the labelled words has that period and the role ``reported``);
- its role is ``mentioned`` or ``deadline``: the resolver does not date the report by it
  (timex: the labelled period is not among those it resolves, or, when no period is labelled,
  it resolves nothing from the expression; the NLP layer: nothing over the words has the role
  ``reported``), and, for the NLP layer, the role it gives is the labelled one.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "tests" / "text" / "dates_gold.json"
KINDS = ("relative", "weekday", "absolute", "yearless", "range", "mentioned", "deadline")


def _period(item: dict) -> tuple[dt.date, dt.date] | None:
    if item["period"] is None:
        return None
    first, last = item["period"]
    return dt.date.fromisoformat(first), dt.date.fromisoformat(last)


def right_timex(item: dict) -> bool:
    from newsdiff.matching.core import timex

    published = dt.date.fromisoformat(item["published"])
    found = {(p.start, p.end) for p in timex.resolve(item["text"], published)}
    gold = _period(item)
    if item["role"] == "reported":
        return gold in found
    if gold is not None:
        return gold not in found
    start = item["text"].index(item["expression"])
    context = item["text"][max(0, start - 12) : start + len(item["expression"])]
    return not timex.resolve(context, published)


def right_nlp(item: dict, paragraph) -> bool:
    from newsdiff.text.dating import REPORTED, find_dates

    published = dt.date.fromisoformat(item["published"])
    start = item["text"].index(item["expression"])
    end = start + len(item["expression"])
    over = [
        m for m in find_dates(item["text"], paragraph, published) if m.start < end and start < m.end
    ]
    gold = _period(item)
    if item["role"] == "reported":
        return any(m.role == REPORTED and (m.first, m.last) == gold for m in over)
    if any(m.role == REPORTED for m in over):
        return False
    return any(m.role == item["role"] and (gold is None or (m.first, m.last) == gold) for m in over)


def score(split: str | None = None) -> dict[str, dict[str, tuple[int, int]]]:
    """{kind: {"timex": (right, total), "nlp": (right, total)}}, and "all", on one split of
    the set ("dev": written beside the rules; "held-out": labelled before the resolver ran on
    it) or on both."""
    from newsdiff.text import nlp

    items = [i for i in json.loads(GOLD.read_text()) if split in (None, i["split"])]
    paragraphs = nlp.analyse([item["text"] for item in items])
    right: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for item, paragraph in zip(items, paragraphs, strict=True):
        for kind in (item["kind"], "all"):
            total[kind] += 1
            right[kind]["timex"] += right_timex(item)
            right[kind]["nlp"] += right_nlp(item, paragraph)
    return {
        kind: {name: (right[kind][name], total[kind]) for name in ("timex", "nlp")}
        for kind in (*KINDS, "all")
        if total[kind]
    }


def main() -> None:
    for split in ("dev", "held-out", None):
        print(f"\n{split or 'both'}:\n")
        print("| kind | items | timex (regular expressions) | NLP layer |")
        print("| --- | ---: | ---: | ---: |")
        for kind, by in score(split).items():
            (t, n), (s, _) = by["timex"], by["nlp"]
            print(f"| {kind} | {n} | {t / n:.2f} ({t}) | {s / n:.2f} ({s}) |")
    if "-v" in sys.argv:
        _misses()


def _misses() -> None:
    from newsdiff.text import nlp
    from newsdiff.text.dating import find_dates

    items = json.loads(GOLD.read_text())
    for item, paragraph in zip(items, nlp.analyse([i["text"] for i in items]), strict=True):
        if not right_nlp(item, paragraph):
            got = [
                (m.text, str(m.first), str(m.last), m.role)
                for m in find_dates(
                    item["text"], paragraph, dt.date.fromisoformat(item["published"])
                )
            ]
            print(
                "MISS",
                item["split"],
                item["kind"],
                repr(item["expression"]),
                item["period"],
                item["role"],
                got,
            )


if __name__ == "__main__":
    main()
