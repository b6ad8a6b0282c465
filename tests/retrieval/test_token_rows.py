"""Token rows read from the files in joined ranges, with or without the cues, are the rows the maps hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.index import storage
from retrieval.index.growing import GrowingIndex
from retrieval.index.passage_index import IndexSettings
from retrieval.index.segment import Entry, Segment, joined_ranges
from retrieval.news.loaders import load_corpus


def test_adjacent_ranges_are_joined_and_the_rest_kept_in_order():
    starts, stops = joined_ranges(np.array([0, 5, 9, 20, 25]), np.array([5, 9, 12, 25, 30]))
    np.testing.assert_array_equal(starts, [0, 20])
    np.testing.assert_array_equal(stops, [12, 30])
    starts, stops = joined_ranges(np.array([7, 0]), np.array([9, 7]))  # not after its neighbour: not joined
    np.testing.assert_array_equal(starts, [7, 0])
    np.testing.assert_array_equal(stops, [9, 7])


def test_rows_read_without_cues_are_the_same_rows_with_cues_left_at_zero(
    norquad: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(storage, "COLD_BYTES", 0)  # every segment's token table read with pread
    articles = load_corpus(norquad / "articles.jsonl").articles[:12]
    grown = GrowingIndex(IndexSettings(), tmp_path)
    grown.add([Entry(f"c:{a.id}", "test", a) for a in articles])
    grown.commit({})
    segment = grown.snapshot().segments[0]
    assert segment.cold
    mapped = Segment(segment.name, segment.arrays)  # the same files, through the maps
    for local in (np.array([3, 4, 5, 9]), np.array([7, 2, 3, 0, 1])):
        with_cues = mapped.token_rows(local)
        assert with_cues[3].any()  # the passages hold words of some kind: leaving the cues out shows
        for read in (segment, mapped):
            rows = read.token_rows(local, cues=False)
            for got, expected in zip(rows[:3], with_cues[:3]):
                np.testing.assert_array_equal(got, expected)
            np.testing.assert_array_equal(rows[3], np.zeros(with_cues[3].size, dtype=np.uint8))
            np.testing.assert_array_equal(read.token_rows(local)[3], with_cues[3])
