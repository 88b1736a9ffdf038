"""What many paragraph pairs share, in arrays: the signals ``scoring.score_pairs`` scores.

A dense corpus (300 copies of five stories) has hundreds of thousands of candidate pairs; one
Python call per pair to intersect two paragraphs' term sets and sum their weights was most of
the time it took to match. Here each paragraph's rare terms, names and quantities are a row of
a sparse matrix whose values are the article's count of each (``ArticleFeatures.df``), so the
terms two paragraphs share, with ``df_A·df_B`` for each, are one elementwise product of two row
selections; the cosines come from one batched dot product.

Every value is the one ``scoring.score_pair`` computes, bit for bit: a term's weight is the same
``rarity / (df_A·df_B)`` (a division by the same exact integer), the cosine the same single
precision dot product (numpy computes a stack of products of one row by one column with the
BLAS dot that ``@`` calls on two vectors), and a sum of more than two weights is ``math.fsum``'s
correctly rounded one, as ``scoring`` takes it (one or two need no ``fsum``: one addition is
correctly rounded). Terms of no rarity add nothing to a sum and are left out.
Plain numpy and scipy: no Django imports.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from newsdiff.matching.core.corpus import Corpus
from newsdiff.matching.core.features import ArticleFeatures, Features
from newsdiff.matching.core.timex import Period
from newsdiff.text.rarity import rarity

# The date provenance of a paragraph (``Features.when``), as a small integer.
WHEN = {"": 0, "stated": 1, "inherited": 2, "implicit": 3}
CHUNK = 50_000  # pairs per sparse product: bounds the memory of the row selections
VECTORS = 2048  # pairs of vectors gathered at a time: 6 MiB, kept in cache


@dataclass(frozen=True)
class PairSignals:
    """For each pair (``lo[i]``, ``hi[i]``), what ``scoring.score_pair`` reads of it."""

    lo: np.ndarray  # int64 paragraph ids
    hi: np.ndarray
    cosine: np.ndarray  # float64, from the float32 dot product
    terms: np.ndarray  # float64: Σ rarity/(df_A·df_B) of the shared terms, as ``shared_weight``
    entities: np.ndarray  # the same for the shared names
    numbers: np.ndarray  # bool: a quantity in common
    context_lo: np.ndarray  # int64: which distinct date context each paragraph has
    context_hi: np.ndarray
    when_lo: np.ndarray  # int8 ``WHEN`` codes
    when_hi: np.ndarray
    headline: np.ndarray  # bool: either is its article's headline
    phrased: np.ndarray  # bool: both write full names (``Features.phrases``)


class _Sparse:
    """Rows of paragraphs over a growing vocabulary: a value per (paragraph, key) it holds."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.rarity: list[float] = []
        self.indices: list[np.ndarray] = []
        self.values: list[np.ndarray] = []
        self.matrix: sp.csr_array | None = None

    def add(self, keys: frozenset[str], df: Mapping[str, int], weigh: bool) -> None:
        """One more row: ``keys`` (those of any rarity, when ``weigh``) valued by ``df``."""
        vocabulary, row = self.vocabulary, []
        for key in keys:
            weight = rarity(key) if weigh else 1.0
            if weight == 0.0:
                continue
            index = vocabulary.get(key)
            if index is None:
                index = vocabulary[key] = len(vocabulary)
                self.rarity.append(weight)
            row.append((index, df[key] if weigh else 1))
        row.sort()
        self.indices.append(np.array([i for i, _ in row], dtype=np.int64))
        self.values.append(np.array([v for _, v in row], dtype=np.float64))
        self.matrix = None

    def rows(self) -> sp.csr_array:
        if self.matrix is None:
            lengths = [len(i) for i in self.indices]
            indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
            self.matrix = sp.csr_array(
                (_concat(self.values, np.float64), _concat(self.indices, np.int64), indptr),
                shape=(len(self.indices), max(len(self.vocabulary), 1)),
            )
            self.matrix.has_sorted_indices = True
        return self.matrix

    def shared(self, left: np.ndarray, right: np.ndarray) -> sp.csr_array:
        """Row ``i``: the keys rows ``left[i]`` and ``right[i]`` both hold, valued by the
        product of their two values."""
        rows = self.rows()
        product = rows[left].multiply(rows[right])
        return sp.csr_array(product)

    def weights(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Σ rarity/(value·value) over each pair's shared keys, as ``math.fsum`` sums it."""
        shared = self.shared(left, right)
        values = np.asarray(self.rarity, dtype=np.float64)[shared.indices] / shared.data
        return row_fsums(shared.indptr, values)


def _concat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def row_fsums(indptr: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``math.fsum`` of each row's values (rows as CSR ``indptr``), bit for bit: a row of one
    or two values needs no ``fsum`` (a single addition is correctly rounded too); longer ones
    go by length through ``fsums``."""
    starts, counts = indptr[:-1], np.diff(indptr)
    out = np.zeros(len(counts), dtype=np.float64)
    one = counts == 1
    out[one] = values[starts[one]]
    two = counts == 2
    out[two] = values[starts[two]] + values[starts[two] + 1]
    for count in np.unique(counts[counts > 2]).tolist():
        rows = np.flatnonzero(counts == count)
        out[rows] = fsums(values[starts[rows, None] + np.arange(count)])
    return out


def fsums(x: np.ndarray) -> np.ndarray:
    """``math.fsum`` of each row of ``x``, bit for bit, in arrays.

    Each row is added up with error-free transformations (``TwoSum``: the sum rounded, and
    exactly what the rounding lost), the losses added up too. That gives the sum rounded,
    ``r``, and how far the exact sum lies from it, to within a bound on the losses' own
    rounding. Where the exact sum is then surely nearer ``r`` than either neighbouring float,
    ``r`` is the correctly rounded sum ``fsum`` returns; the rows where it might not be (a
    tie, a sum cancelling to zero) take ``math.fsum`` itself.
    """
    n, k = x.shape
    if not k:
        return np.zeros(n, dtype=np.float64)
    total, lost, size = x[:, 0].copy(), np.zeros(n), np.zeros(n)
    for j in range(1, k):
        total, error = _two_sum(total, x[:, j])
        lost += error
        size += np.abs(error)
    rounded, off = _two_sum(total, lost)  # total + lost == rounded + off, exactly
    # |the losses' sum - lost| <= (k - 2)·u·Σ|error|: bounded generously by k·2u·size.
    slack = np.abs(off) + size * (k * 2.0**-52)
    gap = np.minimum(
        np.nextafter(rounded, np.inf) - rounded, rounded - np.nextafter(rounded, -np.inf)
    )
    sure = (slack < 0.5 * gap * (1 - 2.0**-20)) & (rounded != 0) & np.isfinite(rounded)
    unsure = np.flatnonzero(~sure)
    if len(unsure):
        rounded[unsure] = [math.fsum(row) for row in x[unsure].tolist()]
    return rounded


def _each_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row ``i`` of ``x`` dot row ``i`` of ``y``, each as ``@`` of the two vectors gives it."""
    return np.matmul(x[:, None, :], y[:, :, None])[:, 0, 0]


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a + b rounded, the rounding error): their sum is exactly a + b (Knuth's TwoSum)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


class PairArrays:
    """The corpus's paragraphs as rows of arrays, added as pairs first name them (a corpus
    grows while a walk loads articles; an article, once added, never changes)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.row: dict[int, int] = {}
        self.terms, self.entities, self.numbers = _Sparse(), _Sparse(), _Sparse()
        self.contexts: dict[tuple[Period, ...], int] = {}
        self.context: list[int] = []
        self.when: list[int] = []
        self.headline: list[bool] = []
        self.phrased: list[bool] = []
        self.previous: list[int] = []  # the body paragraph before (``Features.previous``), or -1
        self.article: list[int] = []
        self.position: list[int] = []  # the paragraph's place among its article's (``Corpus.rows``)
        self.vectors: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None
        self._columns: dict[str, np.ndarray] = {}  # the lists above as arrays, until a row comes
        # The paragraph ids sorted, and the row of each: rows found by a binary search.
        self._sorted = np.zeros(0, dtype=np.int64)
        self._order = np.zeros(0, dtype=np.int64)

    def _add(self, paragraph: int) -> None:
        analysis: ArticleFeatures = self.corpus.analysis_of(paragraph)
        f: Features = analysis.paragraphs[paragraph]
        self.row[paragraph] = len(self.row)
        self.terms.add(f.terms, analysis.df, weigh=True)
        self.entities.add(f.entities, analysis.df, weigh=True)
        self.numbers.add(f.numbers, analysis.df, weigh=False)
        self.context.append(self.contexts.setdefault(f.context, len(self.contexts)))
        self.when.append(WHEN[f.when])
        self.headline.append(f.headline)
        self.phrased.append(bool(f.phrases))
        before = f.previous
        self.previous.append(before if before is not None and before in self.corpus.vectors else -1)
        self.article.append(self.corpus.article_of[paragraph])
        self.position.append(self.corpus.rows[self.article[-1]].index(paragraph))
        self.vectors.append(self.corpus.vectors[paragraph])
        self._matrix = None
        self._columns.clear()

    def rows_of(self, paragraphs: np.ndarray) -> np.ndarray:
        """The rows of these paragraph ids, each added when first met."""
        if not len(paragraphs):
            return np.zeros(0, dtype=np.int64)
        wanted = np.unique(paragraphs)
        at = np.minimum(np.searchsorted(self._sorted, wanted), max(len(self._sorted) - 1, 0))
        known = self._sorted[at] == wanted if len(self._sorted) else np.zeros(len(wanted), bool)
        if not known.all():
            for p in wanted[~known].tolist():
                self._add(p)
            ids = self.ids()
            self._order = np.argsort(ids, kind="stable")
            self._sorted = ids[self._order]
        return self._order[np.searchsorted(self._sorted, paragraphs)]

    def _column(self, name: str, values: list[int] | list[bool], dtype: type) -> np.ndarray:
        found = self._columns.get(name)
        if found is None:
            found = self._columns[name] = np.asarray(values, dtype=dtype)
        return found

    def ids(self) -> np.ndarray:
        """Each row's paragraph id."""
        found = self._columns.get("ids")
        if found is None:
            found = np.fromiter(self.row, dtype=np.int64, count=len(self.row))
            self._columns["ids"] = found
        return found

    def threads(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """By row: the paragraph id, its predecessor's (-1: none) and whether it inherits its
        predecessor's date (a paragraph that only continues it: ``scoring.thread_pairs``)."""
        inherited = self._column("when", self.when, np.int8) == WHEN["inherited"]
        return self.ids(), self._column("previous", self.previous, np.int64), inherited

    def headlines(self) -> np.ndarray:
        """Whether each row is its article's headline."""
        return self._column("headline", self.headline, bool)

    def articles(self) -> np.ndarray:
        """Each row's article."""
        return self._column("article", self.article, np.int64)

    def articles_of(self, paragraphs: np.ndarray) -> np.ndarray:
        """The article of each of these paragraph ids."""
        rows = self.rows_of(paragraphs)  # first: it may add rows
        return self.articles()[rows]

    def positions(self) -> np.ndarray:
        """Each row's place among its article's paragraphs."""
        return self._column("position", self.position, np.int64)

    def cosines(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """The cosines of rows' pairs, as ``score_pair`` is given them (the single precision dot
        product of two vectors, one pair at a time in one batched call)."""
        return self._dots(left, right, _each_dot)

    def bounds(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """The cosines of rows' pairs by ``einsum``, a hair off the ones scored: the cosines
        ``link_edges`` bounds pairs with."""
        return self._dots(left, right, lambda x, y: np.einsum("ij,ij->i", x, y))

    def _dots(
        self,
        left: np.ndarray,
        right: np.ndarray,
        dot: Callable[[np.ndarray, np.ndarray], np.ndarray],
    ) -> np.ndarray:
        """``dot`` of rows' vectors, gathered a few thousand at a time (they stay in cache)."""
        matrix, out = self.matrix(), [np.zeros(0)]
        for s in range(0, len(left), VECTORS):
            pair = matrix[left[s : s + VECTORS]], matrix[right[s : s + VECTORS]]
            out.append(dot(*pair).astype(np.float64))
        return np.concatenate(out)

    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = np.stack(self.vectors).astype(np.float32, copy=False)
        return self._matrix

    def signals(
        self, lo: np.ndarray, hi: np.ndarray, cosine: np.ndarray | None = None
    ) -> PairSignals:
        """What pairs (``lo[i]``, ``hi[i]``) of paragraphs of different articles share;
        ``cosine``: their ``cosines`` when the caller has them."""
        left, right = self.rows_of(lo), self.rows_of(hi)
        chunks = [
            self._shared(left[s : s + CHUNK], right[s : s + CHUNK])
            for s in range(0, len(left), CHUNK)
        ]
        terms, entities, numbers = (
            np.concatenate([c[k] for c in chunks]) if chunks else np.zeros(0) for k in range(3)
        )
        if cosine is None:
            cosine = self.cosines(left, right)
        context = self._column("context", self.context, np.int64)
        when = self._column("when", self.when, np.int8)
        headline = self.headlines()
        phrased = self._column("phrased", self.phrased, bool)
        return PairSignals(
            lo, hi, cosine, terms, entities, numbers.astype(bool), context[left], context[right],
            when[left], when[right], headline[left] | headline[right],
            phrased[left] & phrased[right],
        )  # fmt: skip

    def _shared(self, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, ...]:
        """Term and name weights, and whether a quantity is shared, of rows' pairs."""
        return (
            self.terms.weights(left, right),
            self.entities.weights(left, right),
            np.diff(self.numbers.shared(left, right).indptr) > 0,
        )
