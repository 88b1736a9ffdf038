"""Fit the naming model of the differences engine (``newsdiff/text/naming_model.json``) on the
ECB+ development topics' cross-document coreference.

    .venv/bin/python bench/fit_naming.py            # fit on half the topics, report the other
                                                    # half, then fit on all and write the file
    .venv/bin/python bench/fit_naming.py --dry-run  # report only

Examples are pairs of mentions (``naming_model.candidates``) of two paragraphs of two documents of
one sub-topic; a pair is positive when ECB+ annotates a mention under each side in one chain,
negative when it annotates mentions under both sides in different chains, and left out when a
side covers no annotated mention. Each example is used twice, once with the encoder's cosine and
once as if there were no encoder, so the model also serves callers without one. The threshold
is the lowest probability whose held-out precision reaches ``--precision``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import pickle
import random
import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from _setup import ROOT, django_without_db

django_without_db()

from newsdiff.articles.embeddings import SentenceTransformerEncoder, default_model_path  # noqa: E402
from newsdiff.text import differences, mentions, naming_model, passages  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "ecbplus-dev"


def paragraphs(files: dict[str, dict]) -> dict[tuple[str, int], str]:
    out = {}
    for name in files:
        text = (DATA / "docs" / name).read_text(encoding="utf-8")
        for i, p in enumerate(q.strip() for q in re.split(r"\n\s*\n", text) if q.strip()):
            out[name, i] = p
    return out


def paragraph_pairs(labels: dict, per_topic: int, seed: int) -> list[tuple[tuple[str, int], ...]]:
    """Paragraph pairs of two documents of one sub-topic: those sharing an action chain (what
    an aligner puts side by side) and as many others."""
    files = labels["files"]
    chains: dict[tuple[str, int], set[str]] = collections.defaultdict(set)
    for m in labels["mentions"]:
        chains[m["file"], m["para"]].add(m["chain"] if m["kind"] == "action" else "")
    by_sub: dict[str, list[tuple[str, int]]] = collections.defaultdict(list)
    for key in chains:
        by_sub[files[key[0]]["subtopic_id"]].append(key)
    rng = random.Random(seed)
    out = []
    for keys in by_sub.values():
        keys.sort()
        same, other = [], []
        for x in keys:
            for y in keys:
                if x[0] < y[0]:
                    (same if (chains[x] & chains[y]) - {""} else other).append((x, y))
        rng.shuffle(same)
        rng.shuffle(other)
        out += same[:per_topic] + other[: per_topic // 2]
    return out


def examples(labels: dict, pairs: list, texts: dict, encode) -> tuple[np.ndarray, np.ndarray, list]:
    at: dict[tuple[str, int], list[dict]] = collections.defaultdict(list)
    for m in labels["mentions"]:
        at[m["file"], m["para"]].append(m)
    cache = Path(tempfile.gettempdir()) / "newsdiff_fit_naming_parses.pkl"
    store = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    todo = sorted({texts[k] for pair in pairs for k in pair} - store.keys())
    if todo:
        store.update(zip(todo, passages.analyse(todo), strict=True))
        cache.write_bytes(pickle.dumps(store))
    parsed = {}
    rows, ys, groups = [], [], []
    for x, y in pairs:
        for key in (x, y):
            if key not in parsed:
                parsed[key] = mentions.Parsed(store[texts[key]])
        a, b = parsed[x], parsed[y]
        index, feats, reasons = naming_model.candidates(
            (a, b), differences.align_sentences(a, b), encode, None
        )
        for (i, j), f, reason in zip(index, feats, reasons, strict=True):
            if not reason:
                continue  # same wording: not a naming difference
            m, n = a.mentions[i], b.mentions[j]
            ox = [q for q in at[x] if q["start"] < m.end and m.start < q["end"]]
            oy = [q for q in at[y] if q["start"] < n.end and n.start < q["end"]]
            if not ox or not oy:
                continue
            rows.append(f)
            ys.append(any(p["chain"] == q["chain"] for p in ox for q in oy))
            groups.append(labels["files"][x[0]]["topic"])
    return np.array(rows), np.array(ys, dtype=int), groups


def without_encoder(x: np.ndarray) -> np.ndarray:
    y = x.copy()
    for name in naming_model.MEANING:
        y[:, naming_model.FEATURES.index(name)] = 0.0
    y[:, naming_model.FEATURES.index("no_encoder")] = 1.0
    return y


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    both = np.vstack([x, without_encoder(x)])
    return LogisticRegression(C=1.0, max_iter=2000).fit(both, np.concatenate([y, y]))


def threshold_for(p: np.ndarray, y: np.ndarray, precision: float) -> float:
    order = np.argsort(-p)
    hits = np.cumsum(y[order])
    prec = hits / np.arange(1, len(p) + 1)
    ok = np.nonzero(prec >= precision)[0]
    return float(p[order][ok.max()]) if len(ok) else 1.0


def report(name: str, p: np.ndarray, y: np.ndarray, t: float) -> str:
    chosen = p >= t
    prec = y[chosen].mean() if chosen.any() else 0.0
    rec = (y & chosen).sum() / max(y.sum(), 1)
    line = f"{name}: threshold {t:.3f} precision {prec:.3f} recall {rec:.3f} (n={len(y)})"
    print(line)
    return line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-topic", type=int, default=120)
    ap.add_argument("--precision", type=float, default=0.72)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    raw = (DATA / "labels.json").read_bytes()
    labels = json.loads(raw)
    texts = paragraphs(labels["files"])
    pairs = paragraph_pairs(labels, args.per_topic, args.seed)
    encoder = SentenceTransformerEncoder(default_model_path())
    vectors: dict[str, np.ndarray] = {}

    def encode(words: list[str]) -> np.ndarray:
        missing = sorted(set(words) - vectors.keys())
        if missing:
            vectors.update(zip(missing, encoder.encode(missing), strict=True))
        return np.stack([vectors[w] for w in words])

    x, y, groups = examples(labels, pairs, texts, encode)
    topics = sorted(set(groups))
    held = {t for k, t in enumerate(topics) if k % 2}
    train = np.array([g not in held for g in groups])
    half = fit(x[train], y[train])
    t = threshold_for(half.predict_proba(x[~train])[:, 1], y[~train], args.precision)
    held_line = report("held-out topics", half.predict_proba(x[~train])[:, 1], y[~train], t)
    report(
        "held-out, no encoder", half.predict_proba(without_encoder(x[~train]))[:, 1], y[~train], t
    )
    final = fit(x, y)
    strong = max(t, threshold_for(final.predict_proba(x)[:, 1], y, 0.85))
    if args.dry_run:
        return
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    out = {
        "features": list(naming_model.FEATURES),
        "coefficients": [float(c) for c in final.coef_[0]],
        "intercept": float(final.intercept_[0]),
        "threshold": round(t, 4),
        "strong": round(strong, 4),
        "provenance": {
            "data": "ECB+ development topics, labels.json (CC BY 3.0)",
            "data_sha256": hashlib.sha256(raw).hexdigest(),
            "examples": str(len(y)),
            "encoder": encoder.name,
            "commit": commit,
            "date": dt.date.today().isoformat(),
            "held_out": held_line,
            "command": "bench/fit_naming.py",
        },
    }
    naming_model.MODEL_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"written {naming_model.MODEL_FILE}")


if __name__ == "__main__":
    main()
