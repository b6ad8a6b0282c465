import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from retrieval.index.bm25 import (
    Bm25Settings,
    Bm25Tfidf,
    bm25_idf,
    bm25_tf,
    lookup,
    sklearn_idf,
)

COUNTS = sparse.csr_matrix(np.array([[2, 0, 1], [0, 1, 0], [1, 1, 0]], dtype=np.float32))


def weights() -> Bm25Tfidf:
    return Bm25Tfidf(COUNTS, sklearn_idf(COUNTS), Bm25Settings())


def test_idf_is_bm25s_read_back_from_sklearns():
    frequencies = np.array([2, 2, 1])
    np.testing.assert_allclose(weights().idf, np.log(4 / (frequencies + 0.5)), rtol=1e-6)
    np.testing.assert_allclose(sklearn_idf(COUNTS), TfidfTransformer(smooth_idf=False).fit(COUNTS).idf_)


def test_idf_stays_positive_for_a_term_in_every_document():
    assert bm25_idf(sklearn_idf(sparse.csr_matrix(np.ones((1, 1)))), 1)[0] > 0


def test_tf_saturates_and_penalises_length():
    tf = bm25_tf(sparse.csr_matrix(np.array([[1, 0], [4, 0], [1, 9]], dtype=np.float32)), Bm25Settings())
    assert tf[0, 0] < tf[1, 0] < 2.2  # more occurrences count, but never past k1 + 1
    assert tf[2, 0] < tf[0, 0]  # the same count weighs less in a longer document
    assert bm25_tf(sparse.csr_matrix(np.array([[3.0]])), Bm25Settings(b=0.0))[0, 0] > 1


def test_weight_is_tf_times_idf():
    index = weights()
    expected = bm25_tf(COUNTS, Bm25Settings()).toarray() * index.idf
    np.testing.assert_allclose(index.matrix.toarray(), expected, rtol=1e-6)


def test_scores_are_the_normalised_sparse_dot_product():
    index = weights()
    terms = np.array([0, 2])
    scores = index.scores(terms)
    dot = np.asarray(index.matrix[:, terms].sum(axis=1)).ravel()
    np.testing.assert_allclose(scores, dot / (index.idf[terms].sum() * 2.2), rtol=1e-6)
    assert scores.argmax() == 0
    assert 0 < scores.max() <= 1
    assert scores[1] == 0


def test_weights_match_scores_per_term():
    index = weights()
    terms = np.array([0, 1])
    np.testing.assert_allclose(index.weights(terms, np.array([0, 1, 2])).sum(axis=0), index.scores(terms), rtol=1e-6)


def test_lookup_returns_zero_where_absent():
    matrix = sparse.csc_matrix(np.array([[1, 0], [0, 2]], dtype=np.float32))
    values = lookup(matrix.indptr, matrix.indices, matrix.data, np.array([0, 1]), np.array([1, 0]))
    np.testing.assert_array_equal(values, [[0, 1], [2, 0]])
