"""The searches of an article's paragraphs bound its article signals with an article not loaded."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsdiff.matching.core.candidates import nearest
from newsdiff.matching.core.context import article_context, article_signals
from newsdiff.matching.core.features import ArticleFeatures
from newsdiff.matching.core.searched import SignalCeilings, beyond

FLOOR = 0.35


def no_words(aid: int) -> ArticleFeatures:
    return ArticleFeatures(aid, "", None, {}, {}, frozenset(), frozenset())  # type: ignore[arg-type]


def archive(seed: int, articles: int = 40, per: int = 8, topics: int = 12) -> np.ndarray:
    """Unit vectors of ``articles`` articles of ``per`` paragraphs each, clustered round topics
    as news is (each article tells of a few of them)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(topics, 32))
    rows = []
    for _ in range(articles):
        told = rng.choice(topics, size=3, replace=False)
        for _ in range(per):
            v = centres[rng.choice(told)] + rng.normal(scale=0.6, size=32)
            rows.append(v / np.linalg.norm(v))
    return np.array(rows, dtype=np.float32)


@pytest.mark.parametrize(("seed", "k"), [(1, 6), (2, 20), (3, 400)])
def test_the_ceilings_bound_the_signals_of_every_article_a_search_found(seed: int, k: int) -> None:
    """An exact search (the in-process index's rule, ``nearest``): whatever the other article's
    paragraphs the search did not return, its coverage and closest signals with the searched
    article are at most the ceilings; few searches reach k (6), many do (20), none can (400)."""
    per = 8
    matrix = archive(seed, per=per)
    article = np.arange(len(matrix)) // per
    sims = matrix @ matrix.T
    keep = nearest(sims.copy(), np.arange(len(matrix)), k, FLOOR)
    keep &= article[:, None] != article[None, :]
    checked = tight = 0
    for a in range(len(matrix) // per):
        rows = list(range(a * per, (a + 1) * per))
        hits = {r: [(int(o), float(sims[r, o])) for o in np.flatnonzero(keep[r])] for r in rows}

        def nearest_own(r: int, rows: list[int] = rows) -> float:
            return max(float(sims[r, o]) for o in rows if o != r)

        limits = {
            r: beyond([c for _, c in hits[r]], per - 1, lambda r=r: nearest_own(r), k, FLOOR)
            for r in rows
        }
        ceilings = SignalCeilings(rows, hits, limits, lambda p: int(article[p]))
        ctx = article_context(no_words(a), matrix[rows])
        for b in range(len(matrix) // per):
            found = ceilings(b)
            if b == a or found is None:
                assert not any(article[o] == b for r in rows for o, _ in hits[r])
                continue
            other = article_context(no_words(b), matrix[b * per : (b + 1) * per])
            coverage, closest, _, _ = article_signals(ctx, other)
            assert coverage <= found[0] and closest <= found[1], (a, b)
            checked += 1
            tight += found[1] < closest + 0.02
    # The closest pair is mostly found: its ceiling is the signal but for a hair (at k 6 the
    # farthest of a paragraph's 6 nearest is often nearer than its best in the other).
    assert checked > 100 and tight > (0.5 if k < 10 else 0.8) * checked


def test_what_a_search_did_not_return_is_no_nearer_than_what_it_did() -> None:
    own = lambda: 0.9  # noqa: E731
    # Fewer returned than taken, even with its own article's: the rest lay under the floor.
    assert beyond([0.8, 0.5], 3, own, 10, FLOOR) == FLOOR
    # As many: the farthest taken is the nearest anything left out can be.
    assert beyond([0.8, 0.5], 8, own, 10, FLOOR) == 0.5
    # Nothing returned and the article's own filled what was taken: those bound the rest.
    assert beyond([], 12, own, 10, FLOOR) == 0.9
    assert beyond([], 3, own, 10, FLOOR) == FLOOR


def test_an_article_the_searches_did_not_find_has_no_ceiling() -> None:
    ceilings = SignalCeilings([1, 2], {1: [(10, 0.6)], 2: []}, {1: 0.4, 2: FLOOR}, lambda p: p)
    assert ceilings(11) is None
    coverage, closest = ceilings(10)
    assert closest == pytest.approx(0.605) and coverage == pytest.approx(0.5 * (0.48 + 0.605))
    assert math.isclose(ceilings(10)[0], coverage)  # kept
