"""The matcher on the ECB+ development topics, in memory: fast iteration and held-out figures.

    .venv/bin/python bench/ecb_dev.py                  # default weights: dev-set figures
    .venv/bin/python bench/ecb_dev.py --per-topic      # ... and per topic
    .venv/bin/python bench/ecb_dev.py --cv             # 5 folds by topic: fit on 20, score on 5
    .venv/bin/python bench/ecb_dev.py --fit            # fit the article model, write fitted.json
    .venv/bin/python bench/ecb_dev.py --set article_lift=0.5 ...   # other weights
    .venv/bin/python bench/ecb_dev.py --first-stage    # the first stage alone, no pair model

Parses the 575 documents as ``manage.py ingest`` does (same parser, neutral titles, no outlet, no
date), embeds their body paragraphs once (cached under /tmp, keyed by model, precision and
text), runs ``matcher.match`` and scores the events with the set's own scorer (``score.py``: the
passage look-up is the scorer's ``Index.locate``; pairs are counted the same way, with
matrices). The ``evaluate`` script in the set stays the official figure: this is the way to
get near it fast.

``--fit`` fits the article model (``matching/core/context.py``) on every article pair of one
topic (same event vs similar event) and writes it, at full precision and with its provenance (the
data set and its sha256, the encoder, the commit, the date, the held-out AUC of the same fit on
the folds of ``--cv``), to ``newsdiff/matching/core/fitted.json``, where the matcher reads it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import django  # noqa: E402

django.setup()

from newsdiff.articles.sources import IngestError, Source, parse  # noqa: E402
from newsdiff.matching.core.features import ArticleInput  # noqa: E402
from newsdiff.matching.core.matcher import MatchResult, match  # noqa: E402
from newsdiff.matching.core.params import (  # noqa: E402
    DEFAULT_PARAMS,
    FIRST_STAGE_PARAMS,
    FITTED,
    SIGNALS,
    ArticleModel,
    Params,
)
from newsdiff.text.dateline import filed  # noqa: E402

DEV = Path(os.environ.get("ECB_DEV", ROOT.parent / "shared" / "eval" / "ecbplus-dev"))
CACHE = Path(os.environ.get("ECB_DEV_CACHE", "/tmp/newsdiff-ecb-dev"))


def _scorer():
    spec = importlib.util.spec_from_file_location("ecb_score", DEV / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclasses.dataclass
class Dev:
    articles: list[ArticleInput]
    vectors: dict[int, np.ndarray]
    texts: dict[int, str]  # paragraph id -> text
    topic_of: dict[int, int]  # article id -> topic
    subtopic_of: dict[int, str]  # article id -> sub-topic id ("1.1")
    # scoring
    item_keys: list[int]  # gold items (paragraph keys of the scorer's index)
    item_file: np.ndarray
    item_topic: np.ndarray
    item_subtopic: np.ndarray
    gold: np.ndarray  # items × items: share a chain
    items_of_pid: dict[int, list[int]]  # paragraph id -> gold item indices its text maps to


def load(encoder_name: str | None = None) -> Dev:
    score = _scorer()
    rows = json.loads((DEV / "manifest.json").read_text())
    random.Random(7).shuffle(rows)  # the order ``evaluate`` ingests them in
    gold = json.loads((DEV / "gold.json").read_text())
    files = gold["files"]
    articles, texts, topic_of, subtopic_of, file_of = [], {}, {}, {}, {}
    for k, row in enumerate(rows):
        data = (DEV / "docs" / row["file"]).read_bytes()
        try:
            parsed = parse(Source(f"doc_{k:03d}.txt", data, {"title": f"Report {k:03d}"}), "")
        except IngestError:  # as ``manage.py ingest`` does: the file is reported and skipped
            continue
        aid = k + 1
        paragraphs = []
        for text in parsed.matched:  # what ingest embeds and matches: body and headline
            pid = len(texts) + 1
            texts[pid] = text
            paragraphs.append((pid, text))
        head = parsed.headline_index
        headline = paragraphs[head][0] if head is not None else None
        articles.append(
            ArticleInput(
                aid,
                parsed.outlet,
                parsed.published,
                tuple(paragraphs),
                headline,
                filed(parsed.dateline, parsed.published),
            )
        )
        topic_of[aid] = files[row["file"]]["topic"]
        subtopic_of[aid] = files[row["file"]]["subtopic_id"]
        file_of[aid] = row["file"]
    vectors = embed(texts, encoder_name)

    index = score.Index(str(DEV / "docs"))
    key_of = {(p[0], p[1]): k for k, p in enumerate(index.paras)}
    items, item_file, chains = [], [], []
    for s in gold["sentences"]:
        if not s.get("validated"):
            continue
        k = key_of.get((s["file"], s["para_index"]))
        if k is None or score.norm(index.paras[k][2]) != score.norm(s["text"]):
            continue
        items.append(k)
        item_file.append(s["file"])
        chains.append(set(s["chains"]))
    item_of_key = {k: i for i, k in enumerate(items)}
    all_chains = sorted(set().union(*chains))
    cidx = {c: i for i, c in enumerate(all_chains)}
    G = np.zeros((len(items), len(all_chains)), dtype=np.float32)
    for i, cs in enumerate(chains):
        for c in cs:
            G[i, cidx[c]] = 1
    gold_pairs = (G @ G.T) > 0
    items_of_pid = {}
    for pid, text in texts.items():
        ks, _ = index.locate({"text": text})
        items_of_pid[pid] = [item_of_key[k] for k in ks if k in item_of_key]
    return Dev(
        articles, vectors, texts, topic_of, subtopic_of, items,
        np.array(item_file), np.array([files[f]["topic"] for f in item_file]),
        np.array([files[f]["subtopic_id"] for f in item_file]), gold_pairs, items_of_pid,
    )  # fmt: skip


def embed(texts: dict[int, str], encoder_name: str | None = None) -> dict[int, np.ndarray]:
    from django.conf import settings

    from newsdiff.articles.embeddings import configured_model, get_encoder, model_label, precision

    model = encoder_name or configured_model()
    # The precision too: bfloat16's vectors are not float32's. Read from the setting as the
    # encoder reads it, so that a cached run loads no model.
    arithmetic = precision(settings.NEWSDIFF_EMBEDDING_PRECISION)
    digest = hashlib.sha256(
        json.dumps([model_label(model), arithmetic, sorted(texts.items())]).encode()
    ).hexdigest()[:16]
    path = CACHE / f"vectors-{digest}.npy"
    ids = sorted(texts)
    if path.exists():
        matrix = np.load(path)
    else:
        started = time.perf_counter()
        matrix = get_encoder(model).encode([texts[i] for i in ids])
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, matrix)
        print(f"embedded {len(ids)} paragraphs in {time.perf_counter() - started:.0f}s")
    return dict(zip(ids, matrix, strict=True))


@dataclasses.dataclass
class Figures:
    f1: float
    p: float
    r: float
    hard_fp: float
    tp: int
    fp: int
    fn: int

    def __str__(self) -> str:
        return (
            f"F1={self.f1:.3f} P={self.p:.3f} R={self.r:.3f} hardneg_fp_rate={self.hard_fp:.3f}"
            f" (tp={self.tp} fp={self.fp} fn={self.fn})"
        )


def predicted_matrix(dev: Dev, events: list[list[int]]) -> np.ndarray:
    n = len(dev.item_keys)
    P = np.zeros((n, max(1, len(events))), dtype=np.float32)
    for e, members in enumerate(events):
        for pid in members:
            for i in dev.items_of_pid.get(pid, ()):
                P[i, e] = 1
    return (P @ P.T) > 0


def figures(dev: Dev, pred: np.ndarray, topics: set[int] | None = None) -> Figures:
    """Pairwise figures as score.py counts them, optionally on the items of some topics only."""
    n = len(dev.item_keys)
    mask = np.triu(np.ones((n, n), dtype=bool), 1)
    mask &= dev.item_file[:, None] != dev.item_file[None, :]
    if topics is not None:
        keep = np.isin(dev.item_topic, list(topics))
        mask &= keep[:, None] & keep[None, :]
    g, p = dev.gold & mask, pred & mask
    tp, fp, fn = int((g & p).sum()), int((~g & p & mask).sum()), int((g & ~p).sum())
    hard = mask & (dev.item_topic[:, None] == dev.item_topic[None, :])
    hard &= dev.item_subtopic[:, None] != dev.item_subtopic[None, :]
    hard_neg = hard & ~dev.gold
    rate = float((hard_neg & pred).sum() / hard_neg.sum()) if hard_neg.sum() else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Figures(f1, precision, recall, rate, tp, fp, fn)


def run(dev: Dev, params: Params, articles: list[ArticleInput] | None = None) -> MatchResult:
    return match(articles if articles is not None else dev.articles, dev.vectors, params)


def events_of(result: MatchResult) -> list[list[int]]:
    return [[m for m, _ in e.members] for e in result.events]


def body(article: ArticleInput) -> ArticleInput:
    """The article without its headline paragraph."""
    kept = tuple((pid, text) for pid, text in article.paragraphs if pid != article.headline)
    return dataclasses.replace(article, paragraphs=kept, headline=None)


def article_pairs(dev: Dev, params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(signals, same event?, topic) of every pair of articles of one topic, from their body
    paragraphs: the article model in force was fitted on those (fitting on the headlines too
    gives another model: F1 0.665 instead of 0.673 on this set)."""
    from newsdiff.matching.core.context import ArticlePairs, article_signals
    from newsdiff.matching.core.corpus import Corpus

    corpus = Corpus()
    for article in dev.articles:
        corpus.add(body(article), dev.vectors)
    context = ArticlePairs(corpus, params.weights, params.article_model).context
    ids = [a.id for a in dev.articles]
    rows, same, topic = [], [], []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if dev.topic_of[a] != dev.topic_of[b]:
                continue
            rows.append(article_signals(context(a), context(b)))
            same.append(dev.subtopic_of[a] == dev.subtopic_of[b])
            topic.append(dev.topic_of[a])
    return np.array(rows), np.array(same), np.array(topic)


def fit_article_model(signals: np.ndarray, same: np.ndarray) -> ArticleModel:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1.0, max_iter=1000).fit(signals, same)
    return ArticleModel(float(lr.intercept_[0]), *(float(x) for x in lr.coef_[0]))


def folds(dev: Dev, k: int = 5) -> list[set[int]]:
    topics = sorted(set(dev.topic_of.values()))
    random.Random(1).shuffle(topics)
    return [set(topics[i::k]) for i in range(k)]


def held_out_auc(
    dev: Dev, signals: np.ndarray, same: np.ndarray, topic: np.ndarray
) -> tuple[float, list[ArticleModel]]:
    """The article model's AUC (same event vs similar event) on held-out topics: fitted on the
    other folds' topics (``folds``) and scored on each fold's; with each fold's model."""
    from sklearn.metrics import roc_auc_score

    held_logits = np.zeros(len(same))
    models = []
    for held in folds(dev):
        train = ~np.isin(topic, list(held))
        model = fit_article_model(signals[train], same[train])
        held_logits[~train] = [model.logit(tuple(x)) for x in signals[~train]]
        models.append(model)
    return float(roc_auc_score(same, held_logits)), models


def cross_validate(dev: Dev, params: Params) -> None:
    """Held-out topics: the article model and the pair model are fitted on 4/5 of the topics, and
    the matcher (with them) runs on the articles of the other fifth and is scored there."""
    signals, same, topic = article_pairs(dev, params)
    auc, models = held_out_auc(dev, signals, same, topic)
    total = np.zeros(3)
    rates = []
    for k, (held, model) in enumerate(zip(folds(dev), models, strict=True)):
        fold = dataclasses.replace(params, article_model=model)
        if params.pair_model is not None:  # refitted on the training topics too
            from bench.ecb_pairs import fold_model

            train = set(dev.topic_of.values()) - held
            fold = dataclasses.replace(
                fold, pair_model=fold_model(dev, train, model, params.pair_model)
            )
        articles = [a for a in dev.articles if dev.topic_of[a.id] in held]
        got = figures(dev, predicted_matrix(dev, events_of(run(dev, fold, articles))), held)
        rates.append(got.hard_fp)
        print(f"fold {k}: topics {sorted(held)} {model} held-out {got}", flush=True)
        total += [got.tp, got.fp, got.fn]
    tp, fp, fn = total
    p, r = tp / (tp + fp), tp / (tp + fn)
    print(f"article model, held-out AUC (same event vs similar event): {auc:.3f}")
    print(
        f"held-out topics, pooled: F1={2 * p * r / (p + r):.3f} P={p:.3f} R={r:.3f} "
        f"hardneg_fp_rate (mean of folds)={np.mean(rates):.3f}"
    )


def data_sha256() -> str:
    """The data set the model is fitted on: its manifest, its gold and every document."""
    h = hashlib.sha256()
    for path in [DEV / "manifest.json", DEV / "gold.json", *sorted((DEV / "docs").iterdir())]:
        h.update(path.relative_to(DEV).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def commit() -> str:
    """The commit the fit ran on (``-dirty`` when the tree had uncommitted changes)."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout  # fmt: skip
    return head.strip() + ("-dirty" if dirty.strip() else "")


def write_fitted(dev: Dev, params: Params, path: Path = FITTED) -> ArticleModel:
    """Fit the article model on every topic and write it with its provenance to ``path``."""
    from newsdiff.articles.embeddings import configured_model, model_label

    signals, same, topic = article_pairs(dev, params)
    model = fit_article_model(signals, same)
    auc, _ = held_out_auc(dev, signals, same, topic)
    fitted = {
        "model": "article: logistic regression of same event vs similar event",
        "coefficients": dataclasses.asdict(model),
        "signals": list(SIGNALS),
        "data": {
            "name": "ECB+ development topics: article pairs of one topic, body paragraphs",
            "path": DEV.name,
            "sha256": data_sha256(),
            "article_pairs": len(same),
            "same_event": int(same.sum()),
        },
        "encoder": model_label(configured_model()),
        "commit": commit(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "held_out_auc": round(auc, 4),
        "held_out": "5 folds by topic, as bench/ecb_dev.py --cv",
        "command": "bench/ecb_dev.py --fit",
    }
    path.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-topic", action="store_true")
    parser.add_argument("--cv", action="store_true", help="5 folds by topic, held-out figures")
    parser.add_argument(
        "--fit", action="store_true", help="fit the article model on all topics, write it"
    )
    parser.add_argument("--set", nargs="*", default=[], help="weights, e.g. article_lift=0.5")
    parser.add_argument(
        "--first-stage", action="store_true", help="the first stage alone, without the pair model"
    )
    args = parser.parse_args()
    chosen = FIRST_STAGE_PARAMS if args.first_stage else DEFAULT_PARAMS
    weights = dataclasses.replace(
        chosen.weights, **{k: float(v) for k, v in (a.split("=") for a in args.set)}
    )
    params = dataclasses.replace(chosen, weights=weights)
    started = time.perf_counter()
    dev = load()
    print(
        f"loaded {len(dev.articles)} articles, {len(dev.texts)} paragraphs, "
        f"{len(dev.item_keys)} gold items in {time.perf_counter() - started:.0f}s"
    )
    if args.fit:
        print(f"wrote {FITTED.relative_to(ROOT)}: {write_fitted(dev, params)}")
        return
    if args.cv:
        cross_validate(dev, params)
        return
    started = time.perf_counter()
    result = run(dev, params)
    pred = predicted_matrix(dev, events_of(result))
    print(f"matched in {time.perf_counter() - started:.1f}s: {len(result.events)} events")
    print(figures(dev, pred))
    if args.per_topic:
        for t in sorted(set(dev.topic_of.values())):
            print(f"  topic {t}: {figures(dev, pred, {t})}")


if __name__ == "__main__":
    main()
