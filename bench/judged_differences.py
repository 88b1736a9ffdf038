"""Hand-judged precision of the differences engine, per kind.

    .venv/bin/python bench/judged_differences.py [--markdown] [--check]

Reads docs/judged_differences.json (each difference judged useful or noise by hand, with the
corpus it came from) and prints, per kind, how many were judged, how many were useful, the
precision, and whether the kind is shown by default (precision at least 0.8). The kinds
shown by default are newsdiff/framing/engine.py's SHOWN_BY_DEFAULT; tests/framing/
test_engine.py holds that set to these judgements.

``--check`` runs the engine as it is now over the passage pairs written for the judgements
(tests/text/data/outlet_pairs.json) and lists the judged differences it no longer finds and
the ones it finds that nobody judged: what to judge again after the engine changes.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "docs" / "judged_differences.json"
PAIRS = ROOT / "tests" / "text" / "data" / "outlet_pairs.json"
BAR = 0.8


def table(rows: list[dict[str, object]]) -> list[tuple[str, int, int, float]]:
    """(kind, judged, useful, precision), best first."""
    judged = Counter(str(r["kind"]) for r in rows)
    useful = Counter(str(r["kind"]) for r in rows if r["useful"])
    found = [(k, n, useful[k], useful[k] / n) for k, n in judged.items()]
    return sorted(found, key=lambda row: (-row[3], -row[1]))


def check(rows: list[dict[str, object]]) -> None:
    """The engine's differences on the written pairs against the judged ones."""
    import datetime as dt
    import sys

    sys.path.insert(0, str(ROOT))
    from newsdiff.text.differences import differences
    from newsdiff.text.passages import Passage

    judged = {
        (r["event"], r["kind"], r["words_a"], r["words_b"])
        for r in rows
        if r["corpus"] == "outlet pairs"
    }
    found = set()
    for pair in json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]:
        a = Passage(pair["a"], published=dt.date.fromisoformat(pair["published_a"]))
        b = Passage(pair["b"], published=dt.date.fromisoformat(pair["published_b"]))
        for d in differences(a, b):
            words_a = pair["a"][d.span_a[0] : d.span_a[1]] if d.span_a else ""
            words_b = pair["b"][d.span_b[0] : d.span_b[1]] if d.span_b else ""
            found.add((pair["topic"], d.kind, words_a, words_b))
    for label, items in (("no longer found", judged - found), ("not judged", found - judged)):
        print(f"{len(items)} {label}")
        for item in sorted(items):
            print("   ", " | ".join(item))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="a Markdown table for the docs")
    parser.add_argument("--check", action="store_true", help="the engine now against the judged")
    args = parser.parse_args()
    rows = json.loads(JUDGED.read_text(encoding="utf-8"))["judged"]
    if args.check:
        check(rows)
        return
    corpora = Counter(str(r["corpus"]) for r in rows)
    print(f"{len(rows)} judged: " + ", ".join(f"{n} {c}" for c, n in corpora.items()))
    if args.markdown:
        print("| kind | judged | useful | precision | shown by default |\n|---|---|---|---|---|")
    for kind, n, good, precision in table(rows):
        shown = "yes" if precision >= BAR else "no"
        if args.markdown:
            print(f"| `{kind}` | {n} | {good} | {precision:.2f} | {shown} |")
        else:
            print(f"{kind:12} {n:4} judged {good:4} useful  precision {precision:.2f}  {shown}")
    total = sum(1 for r in rows if r["useful"])
    print(f"all kinds: {total}/{len(rows)} = {total / len(rows):.2f}")


if __name__ == "__main__":
    main()
