"""scikit-learn TF-IDF with BM25's term frequency: saturating and normalised for length.

Plain TF-IDF cosine does poorly on short news passages: one repeated name swamps
the rest, and long passages win by sheer size. BM25 fixes both in the *tf* part of
the weight, so the index keeps scikit-learn's TF-IDF and changes only that part.
The statistics are scikit-learn's (counts from a ``CountVectorizer``, document
frequencies through ``TfidfTransformer.idf_``); a document's weight for term ``t``
with ``tf`` occurrences is

    w(t, d) = bm25_tf(tf, |d|) * idf(t)
    bm25_tf(tf, |d|) = tf * (k1 + 1) / (tf + k1 * (1 - b + b * |d| / mean |d|))
    idf(t) = ln((n + 1) / (df(t) + 0.5)),   df(t) = n * exp(1 - idf_(t))

``idf_`` is scikit-learn's idf without smoothing (``smooth_idf=False``),
``ln(n / df) + 1``, from which the document frequency is read back to give BM25's
idf. Unlike ``ln(n / df)`` (sklearn's idf minus its constant) it stays positive when
a term is in every document, so a one-article library still answers; and it has
no ``+ 1`` like sklearn's ``idf_``, which would let common words outvote rare ones
in a sum over the question's terms. Measured on the development questions (ans@1 /
MRR@10 / excerpt@1): this 69.4 / 78.5 / 66.0 (69.6 / 78.6 / 66.3 in another float
rounding of the same formula: ties move a few questions); unsmoothed ``idf_ - 1`` 69.4 / 78.5 /
66.1; smoothed ``idf_ - 1`` 69.1 / 78.3 / 65.8; smoothed ``idf_`` as is 68.8 / 78.1 /
65.6. The vocabulary comes from the documents themselves, so every ``df`` is at least 1.

A question is the set of its terms; a document's score is the dot product of that
indicator vector with the weight matrix, divided by the best any document could
reach (every term saturated, ``(k1 + 1) * sum idf``), so scores lie in [0, 1]
whatever the corpus size: that keeps a "nothing relevant" threshold stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer


@dataclass(frozen=True)
class Bm25Settings:
    """Term-frequency saturation ``k1`` and length normalisation ``b``."""

    k1: float = 1.2
    b: float = 0.75


def sklearn_idf(counts: sparse.spmatrix) -> np.ndarray:
    """scikit-learn's unsmoothed idf (``ln(n / df) + 1``) of every column of a documents × terms count matrix."""
    return TfidfTransformer(smooth_idf=False).fit(counts).idf_


def bm25_idf(sklearn_idf: np.ndarray, documents: int) -> np.ndarray:
    """BM25's ``ln((n + 1) / (df + 0.5))`` from scikit-learn's unsmoothed ``idf_`` over ``documents``."""
    frequencies = documents * np.exp(1 - np.asarray(sklearn_idf, dtype=np.float64))
    return np.log((documents + 1) / (frequencies + 0.5))


def bm25_tf(counts: sparse.spmatrix, settings: Bm25Settings) -> sparse.csr_matrix:
    """Counts turned into BM25's saturating, length-normalised term frequency."""
    counts = sparse.csr_matrix(counts, dtype=np.float32)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    norm = settings.k1 * (1 - settings.b + settings.b * lengths / max(float(lengths.mean()) if lengths.size else 0.0, 1.0))
    row_norm = np.repeat(norm, np.diff(counts.indptr)).astype(np.float32)
    tf = counts.copy()
    tf.data = (counts.data * (settings.k1 + 1) / (counts.data + row_norm)).astype(np.float32)
    return tf


class Bm25Tfidf:
    """Documents × terms TF-IDF weights with BM25's tf, column-compressed so a term's postings are one slice."""

    def __init__(self, counts: sparse.spmatrix, idf: np.ndarray, settings: Bm25Settings) -> None:
        """``idf`` is scikit-learn's unsmoothed ``idf_`` for the columns of ``counts`` (see :func:`sklearn_idf`)."""
        self.idf = bm25_idf(idf, counts.shape[0]).astype(np.float32)
        weights = bm25_tf(counts, settings) @ sparse.diags(self.idf)
        self.matrix = sparse.csc_matrix(weights, dtype=np.float32)
        self.k1 = settings.k1

    @property
    def documents(self) -> int:
        return self.matrix.shape[0]

    def weights(self, terms: np.ndarray, documents: np.ndarray) -> np.ndarray:
        """Normalised weight of each of ``terms`` (rows) in each of ``documents`` (columns)."""
        m = self.matrix
        return lookup(m.indptr, m.indices, m.data, terms, documents) / self._best(terms)

    def _best(self, terms: np.ndarray) -> float:
        best = float(self.idf[terms].sum()) * (self.k1 + 1)
        return best if best > 0 else 1.0

    def scores(self, terms: np.ndarray) -> np.ndarray:
        """Normalised score of every document for the distinct term ids ``terms``.

        The sparse dot product of the question's term indicator with the weight
        matrix, i.e. ``matrix[:, terms].sum(axis=1)``, summed slice by slice over
        the column-compressed postings: scipy's fancy indexing would copy the slice
        first, which costs more than the sum on short questions.
        """
        m = self.matrix
        scores = np.zeros(self.documents, dtype=np.float32)
        for term in terms:
            start, end = m.indptr[term], m.indptr[term + 1]
            scores[m.indices[start:end]] += m.data[start:end]
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
