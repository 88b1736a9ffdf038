"""Matching many near-copies in memory: time, events and alignments.

    .venv/bin/python bench/dense.py [--articles 100 300]

The corpus of ``bench/ingest.py`` (copies of the five seeds with word swaps, undated), embedded
once (cached like ``bench/ecb_dev.py``) and matched with ``matcher.match``: the part of
``bench/ingest.py`` that grows with many copies of one story, without the database and the
encoder.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ecb_dev  # noqa: E402
from ingest import variant  # noqa: E402

from newsdiff.articles.sources import Source, parse  # noqa: E402
from newsdiff.matching.core import matcher  # noqa: E402
from newsdiff.matching.core.features import ArticleInput  # noqa: E402
from newsdiff.text.dateline import filed  # noqa: E402


def corpus(n: int) -> tuple[list[ArticleInput], dict[int, str]]:
    seeds = sorted((ROOT / "seeds" / "articles").glob("*.txt"))
    rng = random.Random(7)
    articles, texts = [], {}
    for k in range(n):
        seed = seeds[k % len(seeds)]
        text = variant(seed.read_text(encoding="utf-8"), rng, k)
        parsed = parse(Source(f"{k:04d}_{seed.name}", text.encode(), {"outlet": f"Outlet {k % 7}"}))
        body = []
        for t in parsed.body:
            texts[len(texts) + 1] = t
            body.append((len(texts), t))
        filed_on = filed(parsed.dateline, parsed.published)
        articles.append(
            ArticleInput(k + 1, parsed.outlet, parsed.published, tuple(body), None, filed_on)
        )
    return articles, texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, nargs="+", default=[100, 300])
    args = parser.parse_args()
    for n in args.articles:
        articles, texts = corpus(n)
        vectors = ecb_dev.embed(texts)
        started = time.perf_counter()
        result = matcher.match(articles, vectors)
        took = time.perf_counter() - started
        print(
            f"{n} articles, {len(texts)} paragraphs: {took:.1f} s, "
            f"{len(result.events)} events (largest {max(len(e.members) for e in result.events)}), "
            f"{len(result.alignments)} alignments"
        )


if __name__ == "__main__":
    main()
