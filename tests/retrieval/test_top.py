"""The first stage's top: the sampled threshold gives exactly what a full sort gives."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.index.top import reaching_top, top_slots


def by_full_sort(scores: np.ndarray, depth: int) -> np.ndarray:
    """The reference: every positive score sorted, best first, ties by lower slot."""
    matching = np.flatnonzero(scores > 0)
    return matching[np.lexsort((matching, -scores[matching]))][:depth]


def every_reaching_the_top(scores: np.ndarray, depth: int) -> np.ndarray:
    """The reference for :func:`reaching_top`: every positive score at least the full sort's ``depth``-th, ascending."""
    best = by_full_sort(scores, depth)
    return np.flatnonzero((scores > 0) & (scores >= scores[best[-1]])) if best.size else best


def random_scores(rng: np.random.Generator, size: int) -> np.ndarray:
    """Scores shaped like the first stage's: mostly zero or tied in runs (an article's passages), a few high."""
    kind = rng.integers(4)
    if kind == 0:  # few matches
        scores = np.zeros(size, dtype=np.float32)
        hits = rng.choice(size, size=int(rng.integers(0, min(size, 300) + 1)), replace=False)
        scores[hits] = rng.random(hits.size).astype(np.float32)
        return scores
    if kind == 1:  # runs of equal scores, as passages that share only their article's score
        runs = rng.integers(1, 12, size=size)
        values = np.round(rng.random(runs.size), 2).astype(np.float32)
        return np.repeat(values, runs)[:size]
    if kind == 2:  # heavy ties at the top
        scores = np.round(rng.random(size) * 3).astype(np.float32) / 3
        return scores
    scores = (rng.random(size) ** 8).astype(np.float32)  # most of the corpus matches, weakly
    scores[rng.random(size) < 0.3] = 0
    return scores


@pytest.mark.parametrize("seed", range(40))
def test_the_top_equals_a_full_sort_on_random_scores(seed: int):
    rng = np.random.default_rng(seed)
    size = int(rng.choice([0, 1, 30, 800, 3_200, 20_000, 120_000]))
    scores = random_scores(rng, size)
    for depth in (1, 10, 50, 400):
        np.testing.assert_array_equal(top_slots(scores, depth), by_full_sort(scores, depth))
        np.testing.assert_array_equal(reaching_top(scores, depth), every_reaching_the_top(scores, depth))


def test_no_depth_is_no_slots():
    scores = np.linspace(0, 1, 5_000, dtype=np.float32)
    assert top_slots(scores, 0).size == 0 and reaching_top(scores, 0).size == 0


def test_a_threshold_guessed_too_high_falls_back_to_every_match():
    scores = np.zeros(100_000, dtype=np.float32)
    scores[5:90_000:7] = 0.1
    scores[0:320:16] = 0.8  # twenty high scores, all where the sample looks: it guesses a threshold of 0.8
    # that only those twenty (and one more) pass, while 50 are wanted
    scores[77_777] = 0.9
    top = top_slots(scores, 50)
    np.testing.assert_array_equal(top, by_full_sort(scores, 50))
    assert top[0] == 77_777 and np.count_nonzero(scores[top] == np.float32(0.1)) == 29
