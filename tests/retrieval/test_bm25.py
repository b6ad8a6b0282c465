import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from retrieval.index.bm25 import Bm25Settings, bm25_idf, bm25_tf, length_norms, lookup, sklearn_idf, sklearn_idf_of

COUNTS = sparse.csr_matrix(np.array([[2, 0, 1], [0, 1, 0], [1, 1, 0]], dtype=np.float32))


def test_idf_is_bm25s_read_back_from_sklearns():
    frequencies = np.array([2, 2, 1])
    np.testing.assert_allclose(bm25_idf(sklearn_idf(COUNTS), 3), np.log(4 / (frequencies + 0.5)), rtol=1e-6)
    np.testing.assert_allclose(sklearn_idf(COUNTS), TfidfTransformer(smooth_idf=False).fit(COUNTS).idf_)


def test_idf_from_summed_frequencies_is_sklearns():
    # segments sum their document frequencies; the idf from the sums is scikit-learn's on the whole matrix
    frequencies = np.diff(sparse.csc_matrix(COUNTS).indptr)
    np.testing.assert_allclose(sklearn_idf_of(frequencies, 3), TfidfTransformer(smooth_idf=False).fit(COUNTS).idf_)


def test_idf_stays_positive_for_a_term_in_every_document():
    assert bm25_idf(sklearn_idf(sparse.csr_matrix(np.ones((1, 1)))), 1)[0] > 0


def test_tf_saturates_and_penalises_length():
    settings = Bm25Settings()
    norms = length_norms(np.array([1, 4, 10]), 5.0, settings)
    tf = bm25_tf(np.array([1.0, 4.0, 1.0], dtype=np.float32), norms, settings)
    assert tf[0] < tf[1] < 2.2  # more occurrences count, but never past k1 + 1
    assert tf[2] < tf[0]  # the same count weighs less in a longer document
    flat = Bm25Settings(b=0.0)
    assert bm25_tf(np.array([3.0], dtype=np.float32), length_norms(np.array([3]), 1.0, flat), flat)[0] > 1


def test_lookup_returns_zero_where_absent_and_for_missing_columns():
    matrix = sparse.csc_matrix(np.array([[1, 0], [0, 2]], dtype=np.float32))
    values = lookup(matrix.indptr, matrix.indices, matrix.data, np.array([0, 1, -1]), np.array([1, 0]))
    np.testing.assert_array_equal(values, [[0, 1], [2, 0], [0, 0]])


def test_lookup_equals_the_dense_matrix_on_random_postings():
    rng = np.random.default_rng(3)
    for _ in range(30):
        documents, terms = int(rng.integers(1, 60)), int(rng.integers(1, 8))
        dense = (rng.random((documents, terms)) < 0.3) * rng.integers(1, 5, (documents, terms)).astype(np.float32)
        matrix = sparse.csc_matrix(dense)
        matrix.sort_indices()
        columns = rng.integers(-1, terms, int(rng.integers(1, 6)))
        wanted = rng.integers(0, documents, int(rng.integers(1, 10))).astype(np.int32)
        values = lookup(matrix.indptr, matrix.indices.astype(np.int32), matrix.data, columns, wanted)
        expected = np.where(columns[:, None] >= 0, dense[wanted][:, columns].T, 0)
        np.testing.assert_array_equal(values, expected)
