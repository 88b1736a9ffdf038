"""Krippendorff's alpha for any distance, and a bootstrap interval over units.

    alpha = 1 - D_o / D_e, over the pairable units (those with two or more values):
    D_o = 1/n · Σ_u 1/(m_u - 1) · Σ_{c,k} n_uc · n_uk · δ(c, k)
    D_e = 1/(n(n - 1)) · Σ_{c,k} n_c · n_k · δ(c, k)

with m_u the values in unit u, n_uc how often unit u has value c, n_c how often value c
occurs over all pairable units and n their sum (Krippendorff 2011, "Computing Krippendorff's
alpha-reliability"). The point estimate is the one NLTK's ``AnnotationTask.alpha`` computes
(a test checks both on the same data); it is written out here because the interval needs it a
thousand times. Distances: nominal, MASI (NLTK's ``masi_distance``, for sets of labels) and
Krippendorff's ordinal metric, which depends on the value frequencies and so is recomputed
for every resample.

Interval: percentile bootstrap over units. Each of ``RESAMPLES`` draws takes as many units as
there are, with replacement, and computes alpha on them; the interval is the 2.5th and 97.5th
percentile of the draws where alpha is defined. The seed is fixed, so a page shows the same
interval on every load.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

Value = Hashable
Distance = Callable[[Value, Value], float]

RESAMPLES = 1000
SEED = 20140101


def nominal(a: Value, b: Value) -> float:
    return 0.0 if a == b else 1.0


def masi(a: Value, b: Value) -> float:
    """MASI distance between two sets of labels (Passonneau 2006), from NLTK."""
    from nltk.metrics.distance import masi_distance

    return float(masi_distance(set(a), set(b)))  # type: ignore[call-overload]


def ordinal_matrix(counts: np.ndarray) -> np.ndarray:
    """Krippendorff's ordinal δ² between ranks: (Σ_{g=c..k} n_g - (n_c + n_k)/2)²."""
    cum = np.concatenate([[0.0], np.cumsum(counts)])
    size = len(counts)
    delta = np.zeros((size, size))
    for c in range(size):
        for k in range(c + 1, size):
            d = cum[k + 1] - cum[c] - (counts[c] + counts[k]) / 2
            delta[c, k] = delta[k, c] = d * d
    return delta


@dataclass(frozen=True)
class Estimate:
    alpha: float | None
    low: float | None
    high: float | None
    units: int  # pairable units
    values: int  # pairable values


class Units:
    """Pairable units as a count matrix (units × distinct values), ready for resampling."""

    def __init__(self, units: Sequence[Sequence[Value]], order: Sequence[Value] | None = None):
        kept = [list(u) for u in units if len(u) >= 2]
        self.values: list[Value] = list(order) if order is not None else []
        index = {v: i for i, v in enumerate(self.values)}
        for unit in kept:
            for v in unit:
                if v not in index:
                    index[v] = len(self.values)
                    self.values.append(v)
        self.counts = np.zeros((len(kept), len(self.values)))
        for row, unit in enumerate(kept):
            for v in unit:
                self.counts[row, index[v]] += 1

    def __len__(self) -> int:
        return len(self.counts)


def _alpha(counts: np.ndarray, weights: np.ndarray, delta: np.ndarray | None) -> float | None:
    sizes = counts.sum(axis=1)
    totals = weights @ counts
    n = totals.sum()
    if n < 2:
        return None
    if delta is None:  # ordinal: from this sample's frequencies
        delta = ordinal_matrix(totals)
    within = np.einsum("uv,vw,uw->u", counts, delta, counts) / (sizes - 1)
    observed = (weights @ within) / n
    expected = totals @ delta @ totals / (n * (n - 1))
    if expected <= 0:
        return None
    return float(1 - observed / expected)


def estimate(
    units: Units, distance: Distance | None, resamples: int = RESAMPLES, seed: int = SEED
) -> Estimate:
    """Alpha with its bootstrap interval; ``distance`` None means ordinal (ranks in the order
    of ``Units``' values)."""
    size = len(units)
    values = int(units.counts.sum())
    if size == 0:
        return Estimate(None, None, None, 0, 0)
    delta = None
    if distance is not None:
        delta = np.array([[distance(a, b) for b in units.values] for a in units.values])
    point = _alpha(units.counts, np.ones(size), delta)
    if point is None:
        return Estimate(None, None, None, size, values)
    draws = np.random.default_rng(seed).multinomial(size, np.full(size, 1 / size), resamples)
    found = [a for w in draws if (a := _alpha(units.counts, w.astype(float), delta)) is not None]
    if not found:
        return Estimate(point, None, None, size, values)
    low, high = np.percentile(found, [2.5, 97.5])
    return Estimate(point, float(low), float(high), size, values)
