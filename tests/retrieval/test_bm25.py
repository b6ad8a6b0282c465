import numpy as np
from scipy import sparse

from retrieval.bm25 import Bm25Postings, Bm25Settings, lookup


def postings() -> Bm25Postings:
    counts = sparse.csr_matrix(np.array([[2, 0, 1], [0, 1, 0], [1, 1, 0]], dtype=np.float32))
    return Bm25Postings(counts, Bm25Settings())


def test_scores_are_normalised_to_at_most_one():
    scores = postings().scores(np.array([0, 2]))
    assert scores.argmax() == 0
    assert 0 < scores.max() <= 1
    assert scores[1] == 0


def test_weights_match_scores_per_term():
    index = postings()
    terms = np.array([0, 1])
    weights = index.weights(terms, np.array([0, 1, 2]))
    np.testing.assert_allclose(weights.sum(axis=0), index.scores(terms), rtol=1e-6)


def test_lookup_returns_zero_where_absent():
    matrix = sparse.csc_matrix(np.array([[1, 0], [0, 2]], dtype=np.float32))
    values = lookup(matrix.indptr, matrix.indices, matrix.data, np.array([0, 1]), np.array([1, 0]))
    np.testing.assert_array_equal(values, [[0, 1], [2, 0]])
