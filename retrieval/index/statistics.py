"""Corpus-wide statistics summed over segments: document frequencies, counts, mean lengths.

BM25 needs, for each question term, how many passages (and articles) hold it, and
the mean passage (and article) length. Each segment contributes its live part (dead
articles excluded, see :meth:`~retrieval.index.segment.Segment.statistics`) and the
sums are plain integers, so the statistics of an index grown article by article are
identical to those of one built at once, and a deleted article stops counting the
moment its tombstone is written.

The passage idf keeps the shape the index has always had: scikit-learn's idf is
fitted on the passages *and* the headlines (a headline's words are searchable even
where the body does not repeat them), and read back over the passages (see
:mod:`retrieval.index.bm25`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.index.bm25 import bm25_idf, sklearn_idf_of
from retrieval.index.segment import Segment


@dataclass(frozen=True)
class Statistics:
    """Live document frequencies (dictionary-wide) and totals of a set of segments."""

    passage_df: np.ndarray
    headline_df: np.ndarray
    article_df: np.ndarray
    passages: int
    articles: int
    passage_length: int
    article_length: int

    @classmethod
    def sum(cls, parts: Sequence[tuple[Segment, np.ndarray]], width: int) -> Statistics:
        """The statistics of ``parts`` (segment, sorted dead articles) over term ids below ``width``."""
        frequencies = [np.zeros(width, dtype=np.int32) for _ in range(3)]  # int32: a vocabulary-wide array each
        shares = [segment.statistics(dead) for segment, dead in parts]
        for segment, dead in parts:
            segment.add_frequencies(frequencies, dead)
        return cls(
            *frequencies,
            passages=sum(p.passages for p in shares),
            articles=sum(p.articles for p in shares),
            passage_length=sum(p.passage_length for p in shares),
            article_length=sum(p.article_length for p in shares),
        )

    @property
    def width(self) -> int:
        return int(self.passage_df.size)

    def known(self, term: int) -> bool:
        """Whether a live passage or headline holds term id ``term`` (a term only in deleted articles is unknown)."""
        return 0 <= term < self.width and bool(self.passage_df[term] > 0 or self.headline_df[term] > 0)

    @property
    def mean_passage_length(self) -> float:
        return self.passage_length / self.passages if self.passages else 0.0

    @property
    def mean_article_length(self) -> float:
        return self.article_length / self.articles if self.articles else 0.0

    def passage_idf(self, terms: np.ndarray) -> np.ndarray:
        """BM25 idf over passages of known term ids (float32), from scikit-learn's idf over passages and headlines."""
        frequencies = self.passage_df[terms].astype(np.int64) + self.headline_df[terms]
        fitted = sklearn_idf_of(frequencies, self.passages + self.articles)
        return bm25_idf(fitted, self.passages).astype(np.float32)

    def article_idf(self, terms: np.ndarray) -> np.ndarray:
        """BM25 idf over articles (float32); a term with no live article gets the idf of a document frequency of 0."""
        return np.log((self.articles + 1) / (self.article_df[terms] + 0.5)).astype(np.float32)

    @property
    def rarest_idf(self) -> float:
        """The largest passage idf of any known term: what an unknown word counts as."""
        frequencies = self.passage_df.astype(np.int64) + self.headline_df
        known = frequencies[frequencies > 0]
        if not known.size:
            return 0.0
        fitted = sklearn_idf_of(np.array([known.min()]), self.passages + self.articles)
        return float(bm25_idf(fitted, self.passages).astype(np.float32)[0])
