"""Candidate pairs: each paragraph's nearest paragraphs above the cosine floor.

The first stage of the matcher: only pairs found here are ever scored. The in-memory search
(``store.index``) and ``match`` use ``nearest``, the rule pgvector's query applies in the
database (``store.pgsearch``). Plain numpy: no Django imports.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsdiff.matching.core.corpus import Pair


def nearest(sims: np.ndarray, own: np.ndarray, k: int, min_cosine: float) -> np.ndarray:
    """Mask of each row's ``k`` nearest columns (its own column ``own[row]`` left out, ties at
    the k-th kept) with cosine ≥ ``min_cosine``; the pgvector query's rule, done in memory."""
    # Each row's own column out while the rows are ranked, then back: ``sims`` is left as it
    # came, without copying it whole (a search's is thousands of rows by the whole corpus).
    rows = np.arange(len(sims))
    kept = sims[rows, own].copy()
    sims[rows, own] = -np.inf
    try:
        keep = sims >= min_cosine
        if sims.shape[1] > k:
            kth = np.partition(sims, -k, axis=1)[:, -k]
            keep &= sims >= kth[:, None]
    finally:
        sims[rows, own] = kept
    return keep


def candidate_pairs(
    ids: Sequence[int], matrix: np.ndarray, min_cosine: float, k: int, block: int = 2048
) -> list[Pair]:
    """Pairs (i < j by id order in ``ids``) with cosine ≥ ``min_cosine`` where one is among the
    other's ``k`` nearest (ties at the k-th kept), blockwise; ``matrix`` row i is ``ids[i]``."""
    found: set[Pair] = set()
    for start in range(0, len(ids), block):
        sims = matrix[start : start + block] @ matrix.T
        rows, cols = np.nonzero(nearest(sims, np.arange(start, start + len(sims)), k, min_cosine))
        for r, c in zip((rows + start).tolist(), cols.tolist(), strict=True):
            found.add((r, c) if r < c else (c, r))
    return [(ids[r], ids[c]) for r, c in sorted(found)]
