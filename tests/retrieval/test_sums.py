"""Adding a question's postings gives the floats of BM25's formula, and names each document reached once."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from retrieval.index.bm25 import Bm25Settings, bm25_tf, length_norms
from retrieval.index.sums import add_postings


def random_postings(rng: np.random.Generator) -> tuple[sparse.csc_matrix, np.ndarray]:
    """A documents × terms count matrix, column-compressed as a segment holds it, and document lengths."""
    documents, terms = int(rng.integers(1, 300)), int(rng.integers(1, 12))
    counts = sparse.random(documents, terms, density=float(rng.uniform(0.05, 0.9)), random_state=rng, format="csc")
    counts.data = rng.integers(1, 6, counts.data.size).astype(np.float32)
    counts.sort_indices()
    return counts, rng.integers(1, 200, documents)


@pytest.mark.parametrize("seed", range(20))
def test_sums_are_the_formulas_floats_and_each_document_reached_is_named_once(seed: int):
    rng = np.random.default_rng(seed)
    counts, lengths = random_postings(rng)
    settings = Bm25Settings(k1=float(rng.uniform(0.5, 2.0)), b=float(rng.uniform(0, 1)))
    norms = length_norms(lengths, float(lengths.mean()), settings)
    columns = np.sort(rng.choice(np.arange(-1, counts.shape[1]), size=int(rng.integers(1, counts.shape[1] + 1)), replace=False))
    idf = rng.uniform(0.01, 8, columns.size).astype(np.float32)
    postings = (counts.indptr, counts.indices.astype(np.int32), counts.data)

    expected = np.zeros(counts.shape[0], dtype=np.float32)  # the formula, column by column, into every document
    for column, weight in zip(columns.tolist(), idf):
        if column >= 0:
            start, end = counts.indptr[column], counts.indptr[column + 1]
            documents = counts.indices[start:end]
            expected[documents] += bm25_tf(counts.data[start:end], norms[documents], settings) * weight

    sums, reached = np.zeros(counts.shape[0], dtype=np.float32), []
    add_postings(sums, postings, columns, idf, norms, settings, reached)
    np.testing.assert_array_equal(sums.view(np.int32), expected.view(np.int32))  # to the bit
    named = np.concatenate(reached) if reached else np.zeros(0, dtype=np.intp)
    np.testing.assert_array_equal(np.sort(named), np.flatnonzero(expected))

    plain = np.zeros(counts.shape[0], dtype=np.float32)
    add_postings(plain, postings, columns, idf, norms, settings)  # without noting: the same sums
    np.testing.assert_array_equal(plain.view(np.int32), expected.view(np.int32))
