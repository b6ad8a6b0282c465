"""scikit-learn TF-IDF with BM25's term frequency: saturating and normalised for length.

Plain TF-IDF cosine does poorly on short news passages: one repeated name swamps
the rest, and long passages win by sheer size. BM25 fixes both in the *tf* part of
the weight, so the index keeps scikit-learn's TF-IDF and changes only that part.
The statistics are scikit-learn's (raw term counts per document, idf as
``TfidfTransformer(smooth_idf=False)`` defines it); a document's weight for term
``t`` with ``tf`` occurrences is

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
65.6.

The index keeps raw counts and applies these weights at query time, for the few
terms of a question, from statistics summed over its segments (see
:mod:`retrieval.index.statistics`): so an index grown article by article weighs
exactly like one built at once, and adding an article never rewrites the others.

A question is the set of its terms; a document's score is the sum of its weights
for those terms divided by the best any document could reach (every term
saturated, ``(k1 + 1) * sum idf``), so scores lie in [0, 1] whatever the corpus
size: that keeps a "nothing relevant" threshold stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse


@dataclass(frozen=True)
class Bm25Settings:
    """Term-frequency saturation ``k1`` and length normalisation ``b``."""

    k1: float = 1.2
    b: float = 0.75


def sklearn_idf(counts: sparse.spmatrix) -> np.ndarray:
    """scikit-learn's unsmoothed idf (``ln(n / df) + 1``) of every column of a documents × terms count matrix.

    scikit-learn is imported here, on first use, not with this module: importing it
    (it brings in much of scipy) was half of the time from process start to the
    first answer at 1M passages (0.9 s), and answering needs only its formula
    (:func:`sklearn_idf_of`, checked against this). scipy itself is left to the
    segment build for the same reason (70 ms).
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(smooth_idf=False).fit(counts).idf_


def sklearn_idf_of(frequencies: np.ndarray, documents: int) -> np.ndarray:
    """What :func:`sklearn_idf` gives for columns in ``frequencies`` of ``documents`` documents, from the counts alone.

    ``TfidfTransformer(smooth_idf=False)``'s formula, so the statistics of many
    segments can be summed first and weighted once (tests check it against
    scikit-learn's own).
    """
    return np.log(documents / np.asarray(frequencies, dtype=np.float64)) + 1


def bm25_idf(sklearn_idf: np.ndarray, documents: int) -> np.ndarray:
    """BM25's ``ln((n + 1) / (df + 0.5))`` from scikit-learn's unsmoothed ``idf_`` over ``documents``."""
    frequencies = documents * np.exp(1 - np.asarray(sklearn_idf, dtype=np.float64))
    return np.log((documents + 1) / (frequencies + 0.5))


def length_norms(lengths: np.ndarray, mean: float, settings: Bm25Settings) -> np.ndarray:
    """Each document's ``k1 * (1 - b + b * |d| / mean |d|)``, the denominator's length part (float32)."""
    return (settings.k1 * (1 - settings.b + settings.b * lengths / max(mean, 1.0))).astype(np.float32)


def bm25_tf(counts: np.ndarray, norms: np.ndarray, settings: Bm25Settings) -> np.ndarray:
    """BM25's saturating term frequency of ``counts`` in documents with :func:`length_norms` ``norms`` (float32)."""
    return (counts * (settings.k1 + 1) / (counts + norms)).astype(np.float32, copy=False)


def lookup(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, columns: np.ndarray, documents: np.ndarray
) -> np.ndarray:
    """Values of a column-compressed documents × terms matrix at ``columns`` × ``documents`` (0 where absent).

    A column of -1 is a term the matrix does not hold: a row of zeros. One search per
    column (a few dozen documents: the cost per numpy call dominates), the rest for all
    columns at once.
    """
    values = np.zeros((columns.size, documents.size), dtype=np.float32)
    rows = np.flatnonzero(columns >= 0)
    starts, ends = indptr[columns[rows]], indptr[columns[rows] + 1]
    held = ends > starts
    rows, starts, ends = rows[held], starts[held], ends[held]
    if not rows.size or not documents.size:
        return values
    documents = documents.astype(indices.dtype, copy=False)  # else each search converts the postings it searches
    found = np.stack([indices[start:end].searchsorted(documents) for start, end in zip(starts.tolist(), ends.tolist())])
    slot = np.minimum(found, (ends - starts - 1)[:, None]) + starts[:, None]
    values[rows] = np.where(indices.take(slot) == documents, data.take(slot), np.float32(0))
    return values
