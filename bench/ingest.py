"""Ingest speed against raw model.encode on the same paragraphs, in the same run.

    .venv/bin/python bench/ingest.py [--articles N]

Builds N articles from the seed corpus with altered text (every copy differs, so none is a
duplicate), ingests them into a fresh SQLite database through the one ingest path, and encodes
the same texts the ingest embeds (body paragraphs and headlines) with the bare model in float32,
each twice, interleaved, and compares the faster of each. Target: ingest at >= 0.8 of raw encode
speed. The ingest encodes in the precision the settings give (``NEWSDIFF_EMBEDDING_PRECISION``:
bfloat16 where the CPU computes it, as the app does; ``=float32`` for the ratio in float32).
The load average is printed with the figures: other work on the machine slows the two threads
of the encoder more than the one of matching, and so flatters the ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time

from _setup import ROOT, django_on_scratch_db

SWAPS = [
    ("Moscow", "the Kremlin"),
    ("Lavrov", "the foreign minister"),
    ("said", "stated"),
    ("Ukraine", "Ukraine's government"),
    ("talks", "negotiations"),
    ("NATO", "the alliance"),
    ("West", "Western capitals"),
    ("Kiev", "Kyiv"),
    ("security", "safety"),
]


def variant(text: str, rng: random.Random, n: int) -> str:
    """A copy of a seed article whose body differs word-wise and whose header is tagged."""
    for a, b in rng.sample(SWAPS, 4):
        text = re.sub(rf"\b{a}\b", b, text)
    # A body sentence of its own, so no two copies share a content hash.
    return f"{text}\n\nThis is copy number {n} of the benchmark corpus, kept for timing only."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    django_on_scratch_db("ingest")

    from django.conf import settings

    from newsdiff.articles.embeddings import (
        SentenceTransformerEncoder,
        configured_model,
        get_encoder,
    )
    from newsdiff.articles.sources import Source, parse

    seeds = sorted((ROOT / "seeds" / "articles").glob("*.txt"))
    rng = random.Random(7)
    sources = []
    for n in range(args.articles):
        seed = seeds[n % len(seeds)]
        text = variant(seed.read_text(encoding="utf-8"), rng, n)
        sources.append(Source(f"{n:04d}_{seed.name}", text.encode(), {"outlet": f"Outlet {n % 7}"}))
    parsed = [parse(s) for s in sources]
    # What the ingest embeds: each body paragraph and the headline above it (``matched``).
    texts = [t for p in parsed for t in p.matched]
    body = sum(len(p.body) for p in parsed)

    encoder = get_encoder()  # the ingest's, in the configured precision
    raw_encoder = SentenceTransformerEncoder(configured_model(), precision="float32")
    for warming in (encoder, raw_encoder):
        warming.encode(texts[:64])  # warm-up: load weights, first-call allocations

    # Other work on the machine only ever adds time, and it comes and goes: each side is timed
    # twice, interleaved, and the faster run of each is compared (the ingest into an emptied
    # database, in the same warm process, as a long-running worker sees it).
    from django.core.management import call_command

    from newsdiff.uploads.ingest import ingest

    load = os.getloadavg()
    raws, ingests = [], []
    for attempt in range(2):
        t0 = time.perf_counter()
        raw_encoder.encode(texts)
        raws.append(time.perf_counter() - t0)
        if attempt:
            call_command("flush", interactive=False, verbosity=0)
        t0 = time.perf_counter()
        report = ingest(sources, encoder=encoder)
        ingests.append(time.perf_counter() - t0)
    raw, whole = min(raws), min(ingests)

    assert report.failures == [] and report.paragraphs == body, report.failures[:3]
    raw_rate, ingest_rate = len(texts) / raw, len(texts) / whole
    print(f"articles             {len(report.created)}")
    print(f"texts embedded       {len(texts)} ({body} body paragraphs and the headlines)")
    print(f"raw model.encode     {raw_rate:8.1f} texts/s  ({raw:.2f} s, float32)")
    setting = settings.NEWSDIFF_EMBEDDING_PRECISION
    how = f"{encoder.precision}, NEWSDIFF_EMBEDDING_PRECISION={setting}"
    print(f"whole ingest         {ingest_rate:8.1f} texts/s  ({whole:.2f} s, {how})")
    print(f"ratio ingest/encode  {ingest_rate / raw_rate:8.2f}   (target >= 0.8)")
    runs = f"raw {raws[0]:.1f}, {raws[1]:.1f}; ingest {ingests[0]:.1f}, {ingests[1]:.1f}"
    print(f"runs (s)             {runs}")
    after = os.getloadavg()
    print(f"load average         {load[0]:.1f} at the start, {after[0]:.1f} at the end")


if __name__ == "__main__":
    main()
