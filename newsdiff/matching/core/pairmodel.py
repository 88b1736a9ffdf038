"""The second-stage pair model: how likely two paragraphs of different articles report one event.

The first stage (``scoring.score_pair``) measures a pair: its cosine, the specificity of the terms
and names it shares, a quantity in common, its dates agreeing or conflicting; the article model
(``context``) says how surely its two articles report one event. This model weighs those
measures, with a few facts of where each paragraph sits in its article, into the probability
that the two paragraphs report one event (ECB+: share an event chain), by logistic regression
fitted on the ECB+ development topics with topics held out (``bench/ecb_pairs.py --fit``).

Its features (``FEATURES``), each bounded so that the matcher can skip a pair that cannot reach
``link`` whatever the features it has not computed say (``upper``):

- ``cosine``, ``terms``, ``entities``, ``numbers``, ``date``, ``conflict``: the first stage's
  parts at unit weight (``terms``/``entities`` saturated in 0..1; ``conflict`` is −certainty);
- ``lift``, ``veto``: the article model's t = tanh(logit/2), its positive side where the two
  articles may lift their pairs (``Weights.liftable``; not for a headline or a pair whose dates
  conflict), its negative side always;
- ``headline``: one of the two is a headline;
- ``relative``: the pair's cosine minus the better of each paragraph's best cosine in the other
  article (0 when one is the other's closest): a paragraph's closest partner is the likeliest
  report of what it says;
- ``central``: the lower of the two paragraphs' cosine to its own article's mean vector. The
  fit weighs it *against* a link: a paragraph most like its article as a whole tells the
  topic (the background two reports of similar events share), not this event's news;
- ``length``: log(1 + words of the shorter), capped: a short line carries little to match.

Its gate, set by hand and stored with it (``gate`` in ``pairmodel.json``): a pair of long
paragraphs is left to the first stage (``long_words``), and a pair sharing nothing specific
loses ``unguarded`` (``penalties``).

The score the matcher groups on is the probability minus ``veto_weight``·|t| when the articles
disagree (a pair of two reports of similar events must not average its way into one event), moved
by a constant so that the link threshold sits at ``Weights.link`` (an affine map: average linkage
groups exactly as it would on the probability). Plain numpy: no Django imports.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FEATURES = (
    "cosine",
    "terms",
    "entities",
    "numbers",
    "date",
    "conflict",
    "lift",
    "veto",
    "headline",
    "relative",
    "central",
    "length",
)
# The range of each feature, for the bound of a pair's score before it is computed in full.
RANGES = {
    "cosine": (-1.0, 1.0),
    "terms": (0.0, 1.0),
    "entities": (0.0, 1.0),
    "numbers": (0.0, 1.0),
    "date": (0.0, 1.0),
    "conflict": (-1.0, 0.0),
    "lift": (0.0, 1.0),
    "veto": (-1.0, 0.0),
    "headline": (0.0, 1.0),
    "relative": (-2.0, 0.0),
    "central": (-1.0, 1.0),
    "length": (0.0, math.log1p(200)),
}
MAX_WORDS = 200  # ``length`` is capped here
COSINE, LIFT, VETO = FEATURES.index("cosine"), FEATURES.index("lift"), FEATURES.index("veto")
# The features the first stage's word and date comparisons give: the costly part of a pair's
# features, which ``bound`` takes at their most.
COMPARED = tuple(FEATURES.index(f) for f in ("terms", "entities", "numbers", "date", "conflict"))
# The features that say the two paragraphs share something specific (``PairModel.guard``).
SPECIFIC = tuple(FEATURES.index(f) for f in ("terms", "entities", "numbers"))
PAIRMODEL = Path(__file__).with_name("pairmodel.json")


@dataclass(frozen=True)
class PairModel:
    """Logistic model over ``FEATURES``; ``link``, ``merge``, ``extend``: the probabilities the
    grouping thresholds stand for (tuned with the fit); ``veto_weight``: how much the article
    veto takes off a pair's score, in probability."""

    intercept: float
    coefficients: tuple[float, ...]  # one per FEATURES
    veto_weight: float
    link: float
    merge: float
    extend: float
    # A pair whose paragraphs share less specific evidence than ``guard`` (its terms, names and
    # numbers at unit weight, each saturated in 0..1, summed) loses ``unguarded`` (see
    # ``penalties``).
    guard: float = 0.0
    unguarded: float = 0.0
    # A pair whose longer paragraph has more than ``long_words`` words (0: none) is scored by
    # the first stage instead (``scorer.PairScorer.prime``): the model was fitted on single
    # sentences, and two long paragraphs of one story are as close in cosine as two sentences
    # of one event.
    long_words: int = 0

    def penalties(self, features: np.ndarray) -> np.ndarray:
        """What each row loses for sharing too little specific evidence: fitted on single
        sentences, the model reads a cosine of about 0.5 as one event, but two paragraphs of
        one story told at different moments are that close too; without a term, name or number
        that is specific to both, their likeness is the story's, not one event's."""
        if not self.unguarded:
            return np.zeros(len(features))
        specific = features[:, list(SPECIFIC)].sum(axis=1)
        return np.where(specific < self.guard, self.unguarded, 0.0)

    def logits(self, features: np.ndarray) -> np.ndarray:
        """The model's logit of each row of ``features`` (n × len(FEATURES))."""
        return self.intercept + features @ np.asarray(self.coefficients)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(features)))

    def scores(self, features: np.ndarray, shift: float) -> tuple[np.ndarray, np.ndarray]:
        """(score, lift taken) of each row: the probability, less the veto, plus ``shift`` (the
        grouping thresholds' offset, ``Weights.link − link``); the lift taken is what the score
        would lose without the articles' lift (the matcher links on it only between closest
        paragraphs)."""
        veto = self.veto_weight * features[:, VETO] - self.penalties(features)
        score = self.probabilities(features) + veto + shift
        unlifted = features.copy()
        unlifted[:, LIFT] = 0.0
        without = self.probabilities(unlifted) + veto + shift
        return score, score - without

    def far_scores(self, cosine: np.ndarray, veto: np.ndarray, shift: float) -> np.ndarray:
        """``scores(x, shift)[0]`` of rows ``x`` whose features are all 0 but ``cosine`` and
        ``veto`` (the far pairs of a large part of the graph, ``scorer.PairScorer.cheap``),
        bit for bit, without the n × len(FEATURES) matrix: a product with a row of zeros but two
        adds the two terms (each rounded, as the BLAS product rounds them), ``penalties`` of a
        row that shares nothing is ``unguarded`` when there is a guard, and a row without lift
        takes none."""
        coef = self.coefficients
        unguarded = self.unguarded if self.unguarded and self.guard > 0.0 else 0.0
        # intercept + (c·cosine + c·veto), then 1 / (1 + exp(-logit)) + (w·veto - unguarded)
        # + shift: the same operations as ``scores``, in place (the far pairs of a large part
        # are millions).
        x = np.multiply(cosine, coef[COSINE], dtype=np.float64)  # single precision cosines too
        x += np.multiply(veto, coef[VETO])
        x += self.intercept
        np.negative(x, out=x)
        np.exp(x, out=x)
        x += 1.0
        np.divide(1.0, x, out=x)
        held = np.multiply(veto, self.veto_weight)
        held -= unguarded
        x += held
        x += shift
        return x

    def upper(self, cosine: float, lift: float | None, veto: float, shift: float) -> float:
        """The most a pair at ``cosine`` can score, whatever its other features: with an article
        ``lift`` of at most ``lift`` (None: any), and an article ``veto`` (t ≤ 0) of at most
        ``veto`` (both weigh towards a link: ``load_pair_model``)."""
        z = self.intercept
        for name, coef in zip(FEATURES, self.coefficients, strict=True):
            lo, hi = RANGES[name]
            if name == "cosine":
                z += coef * cosine
            elif name == "veto":
                z += coef * veto
            elif name == "lift" and lift is not None:
                z += max(coef * lift, 0.0)
            else:
                z += max(coef * lo, coef * hi)
        return 1.0 / (1.0 + math.exp(-z)) + self.veto_weight * veto + shift

    def bound(self, features: np.ndarray, shift: float) -> np.ndarray:
        """The most each row can score whatever its ``COMPARED`` features (ignored in
        ``features``) turn out to be: the rest of a pair's features cost little, and most
        pairs cannot reach the link whatever words they share."""
        coef = np.asarray(self.coefficients)
        known = features.copy()
        known[:, COMPARED] = 0.0
        most = sum(max(coef[i] * RANGES[FEATURES[i]][0], coef[i] * RANGES[FEATURES[i]][1])
                   for i in COMPARED)  # fmt: skip
        z = self.intercept + known @ coef + most
        return 1.0 / (1.0 + np.exp(-z)) + self.veto_weight * features[:, VETO] + shift


def load_pair_model(path: Path = PAIRMODEL) -> PairModel:
    """The pair model stored in ``path``, with a clear error when it was fitted on other
    features or lacks a part."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("features") != list(FEATURES):
        raise ValueError(f"{path} was fitted on other features: refit it (bench/ecb_pairs.py)")
    missing = [
        k for k in ("intercept", "coefficients", "veto_weight", "thresholds") if k not in data
    ]
    if missing:
        raise ValueError(f"{path}: the pair model lacks {', '.join(missing)}")
    if min(data["coefficients"]["lift"], data["coefficients"]["veto"], data["veto_weight"]) < 0:
        # ``upper`` bounds a pair by the most its articles' t can be: a model scoring a pair
        # higher for a lower t cannot be bounded so.
        raise ValueError(f"{path}: the article's lift and veto must not weigh against a link")
    t, gate = data["thresholds"], data.get("gate", {})
    return PairModel(
        float(data["intercept"]),
        tuple(float(data["coefficients"][f]) for f in FEATURES),
        float(data["veto_weight"]),
        float(t["link"]),
        float(t["merge"]),
        float(t["extend"]),
        guard=float(gate.get("guard", 0.0)),
        unguarded=float(gate.get("unguarded", 0.0)),
        long_words=int(gate.get("long_words", 0)),
    )
