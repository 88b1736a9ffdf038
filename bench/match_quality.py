"""Pairwise precision, recall and F1 of the matcher on the seed gold and on the synthetic corpus.

    .venv/bin/python bench/match_quality.py            # both corpora, default weights
    .venv/bin/python bench/match_quality.py --first-stage   # without the pair model
    .venv/bin/python bench/match_quality.py --tune     # grid over the main weights, both corpora
    .venv/bin/python bench/match_quality.py --set article_lift=0.5 ...   # other weights

Runs in memory with the real model (no database): articles are parsed by the ingest parser,
embedded, matched with ``matcher.match`` and scored against ``tests/support/gold_seeds.py`` and the
generator's own truth (``bench/synthetic_news.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")

import django  # noqa: E402

django.setup()

from bench.synthetic_news import generate  # noqa: E402
from newsdiff.articles.embeddings import get_encoder  # noqa: E402
from newsdiff.articles.sources import collect, parse  # noqa: E402
from newsdiff.matching.core.features import ArticleInput  # noqa: E402
from newsdiff.matching.core.matcher import MatchResult, match  # noqa: E402
from newsdiff.matching.core.params import (  # noqa: E402
    DEFAULT_PARAMS,
    FIRST_STAGE_PARAMS,
    Params,
    Weights,
)
from newsdiff.matching.core.timex import load_anchors  # noqa: E402
from newsdiff.text.dateline import filed  # noqa: E402
from tests.support.gold_seeds import gold_pairs  # noqa: E402

Pair = tuple[int, int]


def seed_corpus() -> tuple[list[ArticleInput], list[str], dict[Pair, bool]]:
    """The seeds as matcher input (paragraph ids numbered here) and their gold pair labels."""
    sources, _ = collect([], ROOT / "seeds" / "manifest.json")
    articles, texts, where = [], [], {}
    for number, source in enumerate(sources, start=1):
        parsed = parse(source, "")
        paragraphs = []
        for text in parsed.matched:  # as ingest: the body and the headline
            pid = len(texts) + 1
            texts.append(text)
            paragraphs.append((pid, text))
            where.setdefault(source.name[:3], []).append((pid, text))
        head = parsed.headline_index
        headline = paragraphs[head][0] if head is not None else None
        filed_on = filed(parsed.dateline, parsed.published)
        articles.append(
            ArticleInput(number, parsed.outlet, parsed.published, paragraphs, headline, filed_on)
        )

    def find(file: str, snippet: str) -> int:
        hits = [pid for pid, text in where[file] if snippet in text]
        assert len(hits) == 1, (file, snippet, hits)
        return hits[0]

    labels = {}
    for a, b, aligned, _ in gold_pairs():
        x, y = find(a.file, a.snippet), find(b.file, b.snippet)
        labels[(min(x, y), max(x, y))] = aligned
    return articles, texts, labels


def predicted(result: MatchResult) -> set[Pair]:
    return {(a.paragraph_a, a.paragraph_b) for a in result.alignments}


def scores(pred: set[Pair], labels: dict[Pair, bool]) -> tuple[float, float, float]:
    judged = {p for p in pred if p in labels}
    true = {p for p in judged if labels[p]}
    positives = sum(labels.values())
    precision = len(true) / len(judged) if judged else 1.0
    recall = len(true) / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def synthetic_corpus(seed: int) -> tuple[list[ArticleInput], list[str], dict[Pair, bool]]:
    corpus = generate(seed)
    texts = [text for article in corpus.articles for _, text in article.paragraphs]
    return corpus.articles, texts, corpus.labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="grid-search the main weights")
    parser.add_argument("--seed", type=int, default=7, help="synthetic corpus random seed")
    parser.add_argument("--set", nargs="*", default=[], help="other weights, e.g. merge=0.65")
    parser.add_argument(
        "--first-stage", action="store_true", help="the first stage alone, without the pair model"
    )
    args = parser.parse_args()
    chosen = FIRST_STAGE_PARAMS if args.first_stage else DEFAULT_PARAMS
    base, model = chosen.weights, chosen.pair_model
    weights = dataclasses.replace(
        base, **{k: float(v) for k, v in (a.split("=") for a in args.set)}
    )
    encoder = get_encoder()
    anchors = load_anchors(None)
    corpora = {"seeds": seed_corpus(), "synthetic": synthetic_corpus(args.seed)}
    inputs = {}
    for name, (articles, texts, labels) in corpora.items():
        started = time.perf_counter()
        vectors = encoder.encode(texts)
        ids = [pid for a in articles for pid, _ in a.paragraphs]
        inputs[name] = (articles, dict(zip(ids, vectors, strict=True)), labels)
        print(
            f"{name}: {len(articles)} articles, {len(ids)} paragraphs, "
            f"{sum(labels.values())} aligned / {len(labels)} judged pairs "
            f"(embedded in {time.perf_counter() - started:.1f}s)"
        )

    def run(weights: Weights) -> dict[str, tuple[float, float, float]]:
        return {
            name: scores(
                predicted(match(arts, vecs, Params(weights, pair_model=model), anchors)), labels
            )
            for name, (arts, vecs, labels) in inputs.items()
        }

    if args.tune:
        grid = {
            "link": [0.65, 0.7, 0.75],
            "merge": [0.6, 0.65, 0.7],
            "conflict": [0.7, 1.0],
            "entities": [0.3, 0.4],
            "lend": [0.85, 0.95, 1.05],
            "implicit": [0.3, 0.5],
        }
        results = []
        for values in itertools.product(*grid.values()):
            w = dataclasses.replace(weights, **dict(zip(grid, values, strict=True)))
            if w.merge > w.link:
                continue
            got = run(w)
            # Rank by the worse corpus's F1: a setting must hold on both, not shine on one.
            results.append((min(f for _, _, f in got.values()), values, got))
        results.sort(reverse=True)
        for worst, values, got in results[:10]:
            shown = " ".join(f"{k}={v}" for k, v in zip(grid, values, strict=True))
            figures = "  ".join(
                f"{n} P {p:.2f} R {r:.2f} F1 {f:.2f}" for n, (p, r, f) in got.items()
            )
            print(f"min F1 {worst:.2f}  {shown}  {figures}")
        return
    for name, (precision, recall, f1) in run(weights).items():
        print(f"{name}: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    main()
