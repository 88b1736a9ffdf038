"""The differences engine on ECB+ naming differences, in memory: fast iteration, held-out figures.

    .venv/bin/python bench/naming_dev.py --events EVENTS.json               # held-out topics
    .venv/bin/python bench/naming_dev.py --events EVENTS.json --split train --sample 1

``EVENTS.json`` is ``manage.py export_events --format json`` after ingesting the development
documents as ``../shared/eval/ecbplus-dev/evaluate_labels`` does (ingest once, then iterate
here). Every paragraph is parsed once (cached under /tmp, keyed by the text), each article's
referents resolved as ``manage.py export_differences`` does (related articles: those sharing an
event), and ``differences()`` run on the paragraph pairs the exported events align, of the
chosen half of the topics (odd-numbered in sorted order are held out, as ``fit_naming.py``
does), sampled by ``--sample``. Scored as ``score_labels.py`` scores: recall over the gold pairs
of the compared paragraph pairs (the set's ``aligned_recall``), precision over judged pairs.
``evaluate_labels`` stays the official figure.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import random
import sys
import time
from pathlib import Path

from _setup import django_without_db

django_without_db()

import json  # noqa: E402

from fit_naming import DATA, paragraphs  # noqa: E402  (the same documents, read the same way)
from spacy.tokens import DocBin  # noqa: E402

from newsdiff.articles.embeddings import get_encoder  # noqa: E402
from newsdiff.framing.differences import phrase_encoder  # noqa: E402
from newsdiff.text import differences as engine  # noqa: E402
from newsdiff.text.passages import Passage, analyse, passage_pipeline  # noqa: E402
from newsdiff.text.referents import resolve_articles  # noqa: E402

KINDS = ("action", "participant", "time", "location")


def parses(texts: dict[tuple[str, int], str]) -> dict[tuple[str, int], object]:
    keys = sorted(texts)
    nlp = passage_pipeline()
    # keyed by the texts' digest: ``hash()`` of strings changes with every process
    digest = hashlib.sha256("\x00".join(texts[k] for k in keys).encode()).hexdigest()[:16]
    cache = Path("/tmp") / f"newsdiff_naming_dev_{digest}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        docs = analyse([texts[k] for k in keys])
        DocBin(docs=docs).to_disk(cache)
    return dict(zip(keys, docs, strict=True))


def aligned(events: Path) -> list[tuple[tuple[str, int], tuple[str, int]]]:
    """Paragraph pairs of two documents that one exported event holds (the scorer's mapping)."""
    sys.path.insert(0, str(DATA))
    from score_labels import aligned_paragraph_events

    where, _, _ = aligned_paragraph_events(str(events), str(DATA / "docs"))
    members = collections.defaultdict(list)
    for key, evs in where.items():
        for e in evs:
            members[e].append(key)
    out = set()
    for keys in members.values():
        keys.sort()
        out |= {(x, y) for i, x in enumerate(keys) for y in keys[i + 1 :] if x[0] != y[0]}
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=Path, required=True)
    ap.add_argument("--split", choices=("held", "train", "all"), default="held")
    ap.add_argument("--sample", type=float, default=0.25, help="share of paragraph pairs")
    ap.add_argument("--no-encoder", action="store_true")
    args = ap.parse_args()
    labels = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))
    mentions, gold_pairs, files = labels["mentions"], labels["pairs"], labels["files"]
    texts = paragraphs(files)
    docs = parses(texts)
    pairs = aligned(args.events)
    topics = sorted({f["topic"] for f in files.values()}, key=int)
    held = {t for k, t in enumerate(topics) if k % 2}
    rng = random.Random(1)
    chosen = [
        p
        for p in pairs
        if (args.split == "all" or (files[p[0][0]]["topic"] in held) == (args.split == "held"))
        and rng.random() < args.sample
    ]
    passages = {k: Passage(texts[k], docs[k]) for k in texts}
    by_file = collections.defaultdict(list)
    for key in sorted(texts):
        by_file[key[0]].append(passages[key].parsed)
    related = collections.defaultdict(set)
    for x, y in pairs:
        related[x[0]].add(y[0])
        related[y[0]].add(x[0])
    resolve_articles(by_file, related)
    encode = None if args.no_encoder else phrase_encoder(get_encoder().encode)
    if encode is not None:
        encode(sorted({m.head_lemma for p in passages.values() for m in p.parsed.mentions}))
    at = collections.defaultdict(list)
    for m in mentions:
        at[m["file"], m["para"]].append(m)
    gold = {}
    for g, p in enumerate(gold_pairs):
        gold[p["a"], p["b"]] = gold[p["b"], p["a"]] = g
    found: set[int] = set()
    judged: collections.Counter[str] = collections.Counter()
    correct: collections.Counter[str] = collections.Counter()
    started = time.time()
    for x, y in chosen:
        for d in engine.differences(passages[x], passages[y], encode=encode):
            if not (d.span_a and d.span_b):
                continue
            ox = [m for m in at[x] if m["start"] < d.span_a[1] and d.span_a[0] < m["end"]]
            oy = [m for m in at[y] if m["start"] < d.span_b[1] and d.span_b[0] < m["end"]]
            found |= {gold[i["id"], j["id"]] for i in ox for j in oy if (i["id"], j["id"]) in gold}
            if ox and oy:
                judged[d.kind] += 1
                correct[d.kind] += any(i["chain"] == j["chain"] for i in ox for j in oy)
    where = set(chosen)

    def place(m: dict) -> tuple[str, int]:
        return m["file"], m["para"]

    inside = [
        g
        for g, p in enumerate(gold_pairs)
        if (place(mentions[p["a"]]), place(mentions[p["b"]])) in where
        or (place(mentions[p["b"]]), place(mentions[p["a"]])) in where
    ]
    n_judged, n_correct = sum(judged.values()), sum(correct.values())
    print(
        f"{args.split} topics, {len(chosen)} paragraph pairs in {time.time() - started:.0f}s: "
        f"aligned_recall={sum(g in found for g in inside) / max(len(inside), 1):.3f} "
        f"precision={n_correct / max(n_judged, 1):.3f} judged={n_judged} gold={len(inside)}"
    )
    for field, values in (("kind", KINDS), ("diff", ("disjoint", "partial", "morph"))):
        parts = []
        for v in values:
            sel = [g for g in inside if gold_pairs[g][field] == v]
            parts.append(f"{v} {sum(g in found for g in sel) / max(len(sel), 1):.3f} ({len(sel)})")
        print("  recall by", field + ":", ", ".join(parts))
    by_kind = (f"{k} {correct[k] / judged[k]:.2f} ({judged[k]})" for k in judged)
    print("  precision by kind:", ", ".join(by_kind))


if __name__ == "__main__":
    main()
