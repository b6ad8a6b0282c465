"""Every article's date as numpy arrays, so a question's period costs array operations, not a loop over the corpus.

A question with a time («i februar 2020», «siste nytt om X») filters or orders the
whole corpus by date. Doing that over :class:`~retrieval.news.article.Article`
objects costs a Python step per article, and with a memory-mapped index it decodes
every article's text as well; at a million passages that is most of an answer. A
:class:`DateTable` is built once per index snapshot from the index's date rows
(year, month, day, precision — no texts read) and answers period masks, nearest dates
and the newest-first order with the same rules as the per-article definitions in
:mod:`retrieval.text.timeparse`.

Days are proleptic Gregorian ordinals (:meth:`datetime.date.toordinal`), so a
period's ends compare with plain integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property

import numpy as np

from retrieval.news.article import Article, ArticleDate, Precision

# datetime64[D] counts days from 1970-01-01; adding this gives date.toordinal().
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def date_rows(articles: Sequence[Article]) -> np.ndarray:
    """The (year, month, day, precision) row of each article, as the index stores them (precision 0: no date)."""
    rows = np.zeros((len(articles), 4), dtype=np.int32)
    for row, article in enumerate(articles):
        if article.date is not None:
            d = article.date
            rows[row] = (d.year, d.month, d.day, int(d.precision))
    return rows


class DateTable:
    """The dates of a fixed sequence of articles, by position; immutable like the snapshot it belongs to."""

    def __init__(self, rows: np.ndarray) -> None:
        """``rows``: one (year, month, day, precision) row per article position; precision 0 means undated."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        self._rows = rows
        self.precision = rows[:, 3]
        self.dated = self.precision > 0
        self.first, self.last = _day_spans(rows, self.dated)

    @classmethod
    def of(cls, articles: Sequence[Article]) -> DateTable:
        """The table of a list of articles (a Python step per article: for small lists and tests)."""
        return cls(date_rows(articles))

    def __len__(self) -> int:
        return int(self.dated.size)

    @cached_property
    def undated(self) -> int:
        """How many articles have no date."""
        return int(self.dated.size - np.count_nonzero(self.dated))

    def in_period(self, first: date, last: date) -> np.ndarray:
        """Boolean mask of the articles that may be from ``first``..``last`` (inclusive); undated ones are False."""
        return self.dated & (self.first <= last.toordinal()) & (self.last >= first.toordinal())

    @cached_property
    def newest_first(self) -> np.ndarray:
        """Positions newest first, undated last, ties in position order (computed once; do not modify).

        Dates compare by the first day they may stand for, then by precision (see
        :func:`retrieval.text.timeparse.newest_first`). ``np.lexsort`` is stable, so
        equal keys keep their positions' order.
        """
        order = np.lexsort((-self.precision, -self.first, ~self.dated))
        order.setflags(write=False)
        return order

    def newest_first_among(self, mask: np.ndarray) -> np.ndarray:
        """The positions where ``mask`` holds, in :attr:`newest_first` order."""
        order = self.newest_first
        return order[mask[order]]

    def nearest(self, first: date, last: date, n: int) -> list[ArticleDate]:
        """The ``n`` distinct dates closest to ``first``..``last``, chronologically (rules of :func:`~retrieval.text.timeparse.nearest_dates`)."""
        keys, spans = self._distinct
        if not keys.size or n <= 0:
            return []
        starts, ends = spans
        gap = np.maximum(np.maximum(first.toordinal() - ends, starts - last.toordinal()), 0)
        # Closest first; ties: more precise, then earlier (``keys`` sort as ArticleDate does).
        chosen = np.lexsort((keys, -(keys % 4), gap))[:n]
        return [_article_date(int(key)) for key in np.sort(keys[chosen])]

    @cached_property
    def _distinct(self) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """The distinct dates as sortable keys, with each one's first and last day."""
        rows = self._rows[self.dated]
        keys = ((rows[:, 0] * 13 + rows[:, 1]) * 32 + rows[:, 2]) * 4 + rows[:, 3]
        keys, where = np.unique(keys, return_index=True)
        dated = np.flatnonzero(self.dated)[where]
        return keys, (self.first[dated], self.last[dated])


def _day_spans(rows: np.ndarray, dated: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (ordinals) each date may stand for; 0 for undated rows."""
    first = np.zeros(len(rows), dtype=np.int64)
    last = np.zeros(len(rows), dtype=np.int64)
    if not dated.any():
        return first, last
    year, month, day, precision = (rows[dated, column] for column in range(4))
    month_start = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    start = month_start.astype("datetime64[D]") + (day - 1)
    next_year = ((year + 1 - 1970) * 12).astype("datetime64[M]").astype("datetime64[D]")
    next_month = (month_start + 1).astype("datetime64[D]")
    end = np.where(
        precision == Precision.YEAR,
        next_year - 1,
        np.where(precision == Precision.MONTH, next_month - 1, start),
    )
    first[dated] = start.astype(np.int64) + _EPOCH_ORDINAL
    last[dated] = end.astype(np.int64) + _EPOCH_ORDINAL
    return first, last


def _article_date(key: int) -> ArticleDate:
    key, precision = divmod(key, 4)
    key, day = divmod(key, 32)
    year, month = divmod(key, 13)
    return ArticleDate(year, month, day, Precision(precision))
