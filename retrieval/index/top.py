"""The best few of a million scores, exactly, without partitioning every matching passage.

The first stage scores every passage slot; the rerank wants the ``depth`` (50) best.
Partitioning all passages with a positive score cost 3–5 ms a question at 1M
passages, most of the ranking's time, since a question with one common word matches
most of the corpus. Here a threshold is guessed from a strided sample of the scores
(the sample's ``k``-th best, ``k`` chosen so that about four times ``depth`` passages
should pass it), one comparison over all scores keeps the few hundred that pass, and
only those are sorted. Whenever fewer than ``depth`` pass, every positive score is
taken instead, so the result never depends on the guess: it is always the ``depth``
highest positive scores, ties by lower slot (tested against a full sort).
"""

from __future__ import annotations

import numpy as np

# Every this-many-th score is sampled (for arrays long enough to be worth it).
SAMPLE_STRIDE = 16
# How many times ``depth`` scores the guessed threshold should let through.
MARGIN = 4


def top_slots(scores: np.ndarray, depth: int) -> np.ndarray:
    """The slots of the ``depth`` highest positive ``scores``, best first, ties by lower slot."""
    passing = reaching_top(scores, depth)
    return passing[np.lexsort((passing, -scores[passing]))[:depth]]


def reaching_top(scores: np.ndarray, depth: int) -> np.ndarray:
    """The slots (ascending) of every positive score at least the ``depth``-th highest (all of them with fewer).

    What :func:`top_slots` sorts; the first stage wants only the bar and the
    passages reaching it, not their order (it adds others before sorting).
    """
    if depth <= 0:
        return np.zeros(0, dtype=np.int64)
    passing = None
    wanted = -(-MARGIN * depth // SAMPLE_STRIDE)  # the sample's rank whose score should let through ~MARGIN × depth
    if scores.size >= SAMPLE_STRIDE * MARGIN * depth:
        sample = scores[::SAMPLE_STRIDE]
        sample = sample[sample > 0]  # numpy's partition slows down tenfold on many equal values (the zeros)
        if sample.size >= wanted:
            threshold = np.partition(sample, sample.size - wanted)[sample.size - wanted]
            passing = np.flatnonzero(scores >= threshold)
            if passing.size < depth:  # the sample was too optimistic: fall back to every match
                passing = None
    if passing is None:
        passing = np.flatnonzero(scores > 0)
    if passing.size > depth:  # keep the depth-th best score and all above it (every tie)
        values = scores[passing]
        passing = passing[values >= np.partition(values, values.size - depth)[values.size - depth]]
    return passing
