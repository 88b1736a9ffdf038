"""How long matching one new article takes against a stored corpus of 1k, 10k and 100k paragraphs.

    .venv/bin/python bench/match.py [--sizes 1000 10000 100000]

Uses a scratch SQLite database (DATABASE_URL is set here, before Django loads), synthetic
paragraphs (English words, 20 a paragraph) and synthetic unit vectors clustered around topics,
so that every paragraph has a few near neighbours as real news does. Each new article rewrites an
article already stored (another outlet's version of the same story), so it forms events and the
whole path runs: vector search, scoring, grouping, writing. Prints, per size: the one-off load of
the vector cache; the first match (cold: the articles are stored without analyses, as
``add_articles`` writes rows directly, so it analyses and stores every stored article it meets);
storing the analyses of all the others (``manage.py analyse``); the seconds per new article once
every analysis is stored (median of 3, the steady state); peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.gettempdir()) / "newsdiff-bench-match.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from wordfreq import top_n_list  # noqa: E402

from newsdiff.articles.models import Article, Outlet, Paragraph, ParagraphEmbedding  # noqa: E402
from newsdiff.matching import service  # noqa: E402
from newsdiff.matching.store.index import indexes, vector_index  # noqa: E402

PER_ARTICLE = 20
DIM = 384
rng = np.random.default_rng(1)
WORDS = [w for w in top_n_list("en", 20000) if w.isalpha() and len(w) > 2]
MODEL = service.model_name()


def sentence(n: int = 25) -> str:
    return " ".join(rng.choice(WORDS, size=n)).capitalize() + "."


def add_articles(count: int, topics: np.ndarray, start: int) -> None:
    """Store ``count`` articles of PER_ARTICLE paragraphs with clustered unit vectors."""
    outlets = [Outlet.objects.get_or_create(name=f"Outlet {i}")[0] for i in range(8)]
    for first in range(0, count, 500):
        batch = range(first, min(count, first + 500))
        articles = Article.objects.bulk_create(
            Article(
                title=f"Story {start + i}",
                outlet=outlets[(start + i) % len(outlets)],
                published=dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700))),
                original=b"",
                source_format="txt",
                content_hash=f"bench-{start + i}",
            )
            for i in batch
        )
        paragraphs = Paragraph.objects.bulk_create(
            Paragraph(article=a, position=p, text=sentence())
            for a in articles
            for p in range(PER_ARTICLE)
        )
        centres = topics[rng.integers(0, len(topics), size=len(paragraphs))]
        vectors = centres + rng.normal(0, 0.9 / np.sqrt(DIM), size=centres.shape)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ParagraphEmbedding.objects.bulk_create(
            ParagraphEmbedding(paragraph=p, model_name=MODEL, vector=v.astype(np.float32))
            for p, v in zip(paragraphs, vectors, strict=True)
        )


def rewrite(article: Article, n: int) -> int:
    """Another outlet's version of ``article``: close vectors, half the words kept."""
    copy = Article.objects.create(
        title=f"{article.title} (rewrite {n})",
        outlet=Outlet.objects.get_or_create(name="Rewrite Desk")[0],
        published=article.published,
        original=b"",
        source_format="txt",
        content_hash=f"bench-rewrite-{article.pk}-{n}",
    )
    for p in article.paragraphs.order_by("position"):
        words = p.text.rstrip(".").split()
        keep = [w if rng.random() < 0.5 else str(rng.choice(WORDS)) for w in words]
        para = Paragraph.objects.create(article=copy, position=p.position, text=" ".join(keep))
        vector = p.embeddings.get().vector + rng.normal(0, 0.5 / np.sqrt(DIM), size=DIM)
        ParagraphEmbedding.objects.create(
            paragraph=para,
            model_name=MODEL,
            vector=(vector / np.linalg.norm(vector)).astype(np.float32),
        )
    return copy.pk


def timed_match(n: int) -> tuple[float, service.AlignReport]:
    target = Article.objects.order_by("?").first()
    assert target is not None
    new = rewrite(target, n)
    started = time.perf_counter()
    report = service.align_articles([new])
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    args = parser.parse_args()
    SCRATCH.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    topics = rng.normal(size=(max(args.sizes) // 50, DIM))
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    stored = 0
    print(
        f"{'paragraphs':>10}  {'cache load s':>12}  {'cold s':>7}  {'warm-up s':>9}  "
        f"{'s / new article (warm)':>21}  events"
    )
    for size in sorted(args.sizes):
        add_articles((size - stored) // PER_ARTICLE, topics, stored // PER_ARTICLE)
        stored = size
        indexes.clear()  # a fresh process: the first match pays for reading the vectors
        started = time.perf_counter()
        vector_index(MODEL)
        load = time.perf_counter() - started
        cold = timed_match(0)[0]
        started = time.perf_counter()
        service.store_analyses()
        warmup = time.perf_counter() - started
        times, report = [], None
        for n in range(1, 4):
            elapsed, report = timed_match(n)
            times.append(elapsed)
        assert report is not None
        print(
            f"{size:>10}  {load:>12.2f}  {cold:>7.2f}  {warmup:>9.1f}  "
            f"{statistics.median(times):>21.3f}  {report.events}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak:.0f} MiB")
    SCRATCH.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
