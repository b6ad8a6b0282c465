"""BM25 sums of a question's postings, added slice by slice into an array of slots, noting the slots reached.

At 1M passages the median question's terms have ~40k passage postings (4% of the
slots), yet the passes over every passage slot cost nearly as much as the postings:
the sums divided by the best score, then compared with zero and searched for the
matches (0.5 ms of ~1 ms). So :func:`add_postings` notes each slot the first time a
term reaches it, from the sum it reads anyway to add to: a slot whose sum is still
0 before a term's weight is added, which is exact when every weight is positive
(every idf is; the index scores every slot otherwise). Only the slots reached are
normalised and read back; the sums are the same floats either way (the same
float32 additions in the same order).

Tried and not kept: one zeroed array per thread, reused and zeroed again at the
slots reached, instead of a fresh one per question. Slower (adding the median
question's postings 0.72 → 1.12 ms thread time): the kernel hands out a fresh page
zeroed and in cache, while a reused 4 MB array has gone cold between questions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.index.bm25 import Bm25Settings


@dataclass(frozen=True)
class Reached:
    """The passage slots a question's terms reach (each once, in no order), their normalised scores and their articles."""

    slots: np.ndarray  # intp
    values: np.ndarray  # float32; 0 for a passage of a deleted article
    articles: np.ndarray  # article slot of each, int32


def add_postings(
    sums: np.ndarray,
    postings: tuple[np.ndarray, np.ndarray, np.ndarray],
    columns: np.ndarray,
    idf: np.ndarray,
    norms: np.ndarray,
    settings: Bm25Settings,
    reached: list[np.ndarray] | None = None,
) -> None:
    """Add the BM25 weights of a segment's ``columns`` (with their ``idf``) into ``sums``.

    ``postings``: the segment's column offsets, documents and counts; ``sums`` is its
    view of the slots (its local document numbers index it). Columns are added in
    order, each document's sum growing as ``sums[d] + weight`` in float32. With
    ``reached``, ``sums`` must be 0 at every slot and every idf positive: the
    documents reached for the first time are appended to it.
    """
    indptr, indices, counts = postings
    first = True
    scale = np.float32(settings.k1 + 1)
    for column, weight in zip(columns.tolist(), idf):
        if column < 0:
            continue
        start, end = int(indptr[column]), int(indptr[column + 1])
        documents = indices[start:end].astype(np.intp)  # once: each index below would convert it again
        before = sums.take(documents)
        if reached is not None:
            reached.append(documents if first else documents[before == 0])
            first = False
        # :func:`~retrieval.index.bm25.bm25_tf` times the idf, the same float32 steps without temporaries
        found = counts[start:end]
        weights = found * scale
        denominator = norms.take(documents)
        denominator += found
        weights /= denominator
        weights *= weight
        before += weights
        sums[documents] = before
