"""Token rows read from the files in joined ranges, and passages' bytes read by their byte spans, are what the maps hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.index import storage
from retrieval.index.growing import GrowingIndex
from retrieval.index.passage_index import IndexSettings
from retrieval.index.segment import Entry, Segment, build_segment, joined_ranges
from retrieval.index.terms import TermDictionary
from retrieval.index.token_table import ROW
from retrieval.news.article import Article
from retrieval.news.loaders import load_corpus
from retrieval.news.passages import Passage
from retrieval.text.analysis import Analyzer


def test_adjacent_ranges_are_joined_and_the_rest_kept_in_order():
    starts, stops = joined_ranges(np.array([0, 5, 9, 20, 25]), np.array([5, 9, 12, 25, 30]))
    np.testing.assert_array_equal(starts, [0, 20])
    np.testing.assert_array_equal(stops, [12, 30])
    starts, stops = joined_ranges(np.array([7, 0]), np.array([9, 7]))  # not after its neighbour: not joined
    np.testing.assert_array_equal(starts, [7, 0])
    np.testing.assert_array_equal(stops, [9, 7])


def rows_of(segment: Segment, local: np.ndarray) -> np.ndarray:
    return segment.read_token_rows(segment.t_starts[local], segment.t_ends[local])


def test_rows_and_passage_bytes_read_from_the_files_are_what_the_maps_hold(
    norquad: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(storage, "COLD_BYTES", 0)  # every segment's token table and strings read with pread
    articles = load_corpus(norquad / "articles.jsonl").articles[:12]
    grown = GrowingIndex(IndexSettings(), tmp_path)
    grown.add([Entry(f"c:{a.id}", "test", a) for a in articles])
    grown.commit({})
    segment = grown.snapshot().segments[0]
    assert segment.cold
    mapped = Segment(segment.name, segment.arrays)  # the same files, through the maps
    for local in (np.array([3, 4, 5, 9]), np.array([7, 2, 3, 0, 1])):
        rows = rows_of(segment, local)
        assert rows.dtype == ROW and rows["cues"].any()  # the passages hold words of some kind
        np.testing.assert_array_equal(rows, rows_of(mapped, local))
        expected = [
            articles[article].text[start:end].encode("utf-8")
            for article, start, end in zip(segment.p_article[local], segment.p_start[local], segment.p_end[local])
        ]
        assert segment.passage_bytes(local) == mapped.passage_bytes(local) == expected


def test_passage_bytes_are_the_utf8_of_their_character_spans_whatever_the_text():
    articles = [
        Article("a", "Æøå", "Blåbær på Ærø – «sitat» 😀 og e\u0301.\nAndre linje: ÆØÅ.\n\nTredje."),
        Article("b", "Ascii", "Plain text.\nSecond line."),
        Article("c", "Surrogat", "Før \ud800 etter.\nNeste linje."),
    ]
    spans = [[(0, 12), (5, 30), (30, 45)], [(0, 11), (12, 24)], [(0, 11), (11, 24)]]  # overlapping, and gaps
    passages = [Passage(number, start, end) for number, article in enumerate(spans) for start, end in article]
    settings = IndexSettings()
    entries = [Entry(a.id, "test", a) for a in articles]
    segment = build_segment("s", entries, Analyzer(settings.analyzer), TermDictionary(), settings, spans=spans)
    expected = [articles[p.article].text[p.start : p.end].encode("utf-8", "surrogatepass") for p in passages]
    assert segment.passage_bytes(np.arange(len(passages))) == expected
