"""BM25 term weights stored as postings, and their sum for a query.

BM25 saturates repeated terms and normalises for document length, which plain
TF-IDF cosine does poorly on short news passages. Scores are divided by the best a
document could reach for the query (every term, infinitely often), so they fall in
[0, 1] whatever the corpus size: that keeps a "nothing relevant" threshold stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class Bm25Settings:
    """Term-frequency saturation ``k1`` and length normalisation ``b``."""

    k1: float = 1.2
    b: float = 0.75


class Bm25Postings:
    """Documents × terms BM25 weights, column-compressed so a term's postings are one slice."""

    def __init__(self, counts: sparse.csr_matrix, settings: Bm25Settings) -> None:
        counts = counts.tocsr().astype(np.float32)
        documents = counts.shape[0]
        frequencies = np.bincount(counts.indices, minlength=counts.shape[1])
        self.idf = np.log1p((documents - frequencies + 0.5) / (frequencies + 0.5)).astype(np.float32)
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        norm = settings.k1 * (1 - settings.b + settings.b * lengths / max(lengths.mean(), 1.0))
        tf = counts.data
        row_norm = np.repeat(norm, np.diff(counts.indptr)).astype(np.float32)
        weights = counts.copy()
        weights.data = (tf * (settings.k1 + 1) / (tf + row_norm) * self.idf[counts.indices]).astype(np.float32)
        weights = weights.tocsc()
        self.indptr, self.indices, self.data = weights.indptr, weights.indices, weights.data
        self.documents = documents
        self.k1 = settings.k1

    def weights(self, terms: np.ndarray, documents: np.ndarray) -> np.ndarray:
        """Normalised BM25 weight of each of ``terms`` (rows) in each of ``documents`` (columns)."""
        return lookup(self.indptr, self.indices, self.data, terms, documents) / self._best(terms)

    def _best(self, terms: np.ndarray) -> float:
        best = float(self.idf[terms].sum()) * (self.k1 + 1)
        return best if best > 0 else 1.0

    def scores(self, terms: np.ndarray) -> np.ndarray:
        """Normalised BM25 score of every document for the distinct term ids ``terms``."""
        scores = np.zeros(self.documents, dtype=np.float32)
        for term in terms:
            start, end = self.indptr[term], self.indptr[term + 1]
            scores[self.indices[start:end]] += self.data[start:end]
        return scores / self._best(terms)


def lookup(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, terms: np.ndarray, documents: np.ndarray
) -> np.ndarray:
    """Values of a column-compressed documents × terms matrix at ``terms`` × ``documents`` (0 where absent)."""
    values = np.zeros((terms.size, documents.size), dtype=np.float32)
    for row, term in enumerate(terms):
        start, end = indptr[term], indptr[term + 1]
        if start == end:
            continue
        postings = indices[start:end]
        slot = np.minimum(np.searchsorted(postings, documents), end - start - 1)
        found = postings[slot] == documents
        values[row, found] = data[start + slot[found]]
    return values
