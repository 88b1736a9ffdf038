"""Fit the second-stage pair model (``matching/core/pairmodel.py``) on the ECB+ development topics.

    .venv/bin/python bench/ecb_pairs.py --fit      # fit on every topic, write pairmodel.json
    .venv/bin/python bench/ecb_pairs.py --auc      # held-out AUC only (5 folds by topic)

The examples: every pair of labelled paragraphs (sentences ECB+ validated) of two different
articles of one topic, or of two topics at a cosine of at least the floor; a pair is positive
when the two sentences mention one cross-document event chain (what ``score.py`` counts).
Features come from ``PairScorer.features`` with the article model in force. Logistic
regression, L2 (C=1; the date conflict's coefficient is set, not fitted: ``fit``): twelve
coefficients, stored as plain numbers with their provenance (the data set and its sha256, the
encoder, the commit, the date, the held-out AUC on the folds of ``bench/ecb_dev.py --cv``). The
grouping thresholds (``link``, ``merge``, ``extend``) and the veto weight are the ones given
(``--link`` ...), chosen on these topics with the matcher run on them;
``bench/ecb_dev.py --cv`` refits this model on each fold's training topics (with
those thresholds).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ecb_dev import ROOT, Dev, commit, data_sha256, folds, load
from newsdiff.matching.core.corpus import Corpus
from newsdiff.matching.core.pairmodel import FEATURES, PAIRMODEL, PairModel
from newsdiff.matching.core.params import (
    DEFAULT_WEIGHTS,
    FIRST_STAGE_PARAMS,
    ArticleModel,
    Params,
)
from newsdiff.matching.core.scorer import PairScorer

# The grouping thresholds and veto the model is written with unless given (see the docstring).
THRESHOLDS = {"link": 0.5, "merge": 0.25, "extend": 0.8}
VETO_WEIGHT = 4.0
# Where the model is trusted (``PairModel``: ``long_words``, ``guard``, ``unguarded``): set by
# hand, not fitted; stored with the model.
GATE: dict[str, float] = {"long_words": 30, "guard": 0.15, "unguarded": 0.15}


@dataclasses.dataclass
class Examples:
    features: np.ndarray
    same: np.ndarray  # bool: the two sentences share an event chain
    topic: np.ndarray  # the topic of the first paragraph's article


def examples(dev: Dev, params: Params, topics: set[int] | None = None) -> Examples:
    """The labelled pairs of ``topics`` (all when None), with the article model of ``params``."""
    corpus = Corpus()
    for article in dev.articles:
        if topics is None or dev.topic_of[article.id] in topics:
            corpus.add(article, dev.vectors)
    scorer = PairScorer(corpus, dataclasses.replace(params, pair_model=None))
    labelled = sorted(p for p in corpus.vectors if dev.items_of_pid.get(p))
    matrix = np.stack([corpus.vectors[p] for p in labelled])
    article = np.array([corpus.article_of[p] for p in labelled])
    topic = np.array([dev.topic_of[a] for a in article])
    near = (matrix @ matrix.T) >= params.weights.floor
    take = (article[:, None] != article[None, :]) & ((topic[:, None] == topic[None, :]) | near)
    rows, cols = np.nonzero(np.triu(take, 1))
    pairs = [(labelled[i], labelled[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]
    items = dev.items_of_pid
    same = np.array([bool(dev.gold[np.ix_(items[a], items[b])].any()) for a, b in pairs])
    return Examples(scorer.features(pairs), same, topic[rows])


def fit(
    data: Examples, thresholds: dict[str, float], veto: float, gate: dict[str, float] | None = None
) -> PairModel:
    """Logistic regression on every feature but the date conflict: ECB+ has no publication
    dates and states few, so its coefficient is the first stage's weight relative to the cosine
    (``Weights.conflict``), scaled by the fitted cosine coefficient."""
    from sklearn.linear_model import LogisticRegression

    conflict = FEATURES.index("conflict")
    fitted = [i for i in range(len(FEATURES)) if i != conflict]
    lr = LogisticRegression(C=1.0, max_iter=5000).fit(data.features[:, fitted], data.same)
    coefficients = dict(zip(fitted, lr.coef_[0].tolist(), strict=True))
    w = DEFAULT_WEIGHTS
    coefficients[conflict] = w.conflict / w.cosine * coefficients[FEATURES.index("cosine")]
    gate = GATE if gate is None else gate
    return PairModel(
        float(lr.intercept_[0]), tuple(coefficients[i] for i in range(len(FEATURES))), veto,
        thresholds["link"], thresholds["merge"], thresholds["extend"],
        guard=float(gate["guard"]), unguarded=float(gate["unguarded"]),
        long_words=int(gate["long_words"]),
    )  # fmt: skip


def held_out_auc(dev: Dev, data: Examples) -> float:
    """AUC of the pair model on the topics of each fold, fitted on the others'."""
    from sklearn.metrics import roc_auc_score

    held = np.zeros(len(data.same))
    for fold in folds(dev):
        test = np.isin(data.topic, list(fold))
        train = Examples(data.features[~test], data.same[~test], data.topic[~test])
        held[test] = fit(train, THRESHOLDS, VETO_WEIGHT).logits(data.features[test])
    return float(roc_auc_score(data.same, held))


def fold_model(
    dev: Dev, train: set[int], article_model: ArticleModel, base: PairModel
) -> PairModel:
    """The pair model fitted on the ``train`` topics only (with that fold's article model), with
    the thresholds, veto and gate of ``base``."""
    params = dataclasses.replace(FIRST_STAGE_PARAMS, article_model=article_model)
    thresholds = {"link": base.link, "merge": base.merge, "extend": base.extend}
    gate = {k: getattr(base, k) for k in GATE}
    return fit(examples(dev, params, train), thresholds, base.veto_weight, gate)


def write(
    dev: Dev, path: Path, thresholds: dict[str, float], veto: float, gate: dict[str, float]
) -> PairModel:
    from newsdiff.articles.embeddings import configured_model, model_label

    data = examples(dev, FIRST_STAGE_PARAMS)
    model = fit(data, thresholds, veto, gate)
    fitted = {
        "model": "pair: logistic regression of 'the two sentences share an event chain'",
        "features": list(FEATURES),
        "intercept": model.intercept,
        "coefficients": dict(zip(FEATURES, model.coefficients, strict=True)),
        "veto_weight": veto,
        "thresholds": thresholds,
        "gate": {k: (int(v) if k == "long_words" else v) for k, v in gate.items()},
        "data": {
            "name": "ECB+ development topics: labelled sentence pairs of two articles",
            "path": "ecbplus-dev",
            "sha256": data_sha256(),
            "pairs": len(data.same),
            "same_event": int(data.same.sum()),
        },
        "encoder": model_label(configured_model()),
        "commit": commit(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "held_out_auc": round(held_out_auc(dev, data), 4),
        "held_out": "5 folds by topic, as bench/ecb_dev.py --cv",
        "command": "bench/ecb_pairs.py --fit",
    }
    path.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit on every topic, write the model")
    parser.add_argument("--auc", action="store_true", help="held-out AUC only")
    for name, value in THRESHOLDS.items():
        parser.add_argument(f"--{name}", type=float, default=value)
    parser.add_argument("--veto", type=float, default=VETO_WEIGHT)
    for name, value in GATE.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=float, default=value)
    args = parser.parse_args()
    dev = load()
    if args.auc:
        print(f"held-out AUC: {held_out_auc(dev, examples(dev, FIRST_STAGE_PARAMS)):.4f}")
    if args.fit:
        thresholds = {k: getattr(args, k) for k in THRESHOLDS}
        gate = {k: getattr(args, k) for k in GATE}
        model = write(dev, PAIRMODEL, thresholds, args.veto, gate)
        print(f"wrote {PAIRMODEL.relative_to(ROOT)}: {model}")


if __name__ == "__main__":
    main()
