"""The array form of article dates answers exactly as the per-article rules do.

The reference functions below are the per-article definitions the date table
replaced (a Python step per article); the table must agree with them on a corpus
mixing year, month and day precision with undated articles.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from retrieval.index.growing import GrowingIndex
from retrieval.index.passage_index import IndexSettings
from retrieval.index.segment import Entry
from retrieval.news.article import Article, ArticleDate, Precision
from retrieval.news.date_table import DateTable
from retrieval.text.timeparse import Period, articles_in_period, nearest_dates, newest_first


def reference_in_period(articles: list[Article], period: Period) -> list[bool]:
    return [a.date is not None and a.date.overlaps(period.first, period.last) for a in articles]


def reference_gap(article_date: ArticleDate, period: Period) -> int:
    if article_date.last_day < period.first:
        return (period.first - article_date.last_day).days
    if article_date.first_day > period.last:
        return (article_date.first_day - period.last).days
    return 0


def reference_nearest(articles: list[Article], period: Period, n: int) -> list[ArticleDate]:
    dates = {a.date for a in articles if a.date is not None}
    return sorted(sorted(dates, key=lambda d: (reference_gap(d, period), -d.precision, d))[:n])


def reference_newest_first(articles: list[Article]) -> list[int]:
    def key(position: int) -> tuple[bool, date, int]:
        found = articles[position].date
        return (False, date.min, 0) if found is None else (True, found.first_day, found.precision)

    return sorted(range(len(articles)), key=key, reverse=True)


def mixed_corpus(size: int, seed: int) -> list[Article]:
    """Dates of every precision around year and month ends and leap days, many repeated, some missing."""
    rng = random.Random(seed)
    articles = []
    for number in range(size):
        kind = rng.choice(["day", "day", "month", "year", None])
        year = rng.choice([1999, 2000, 2019, 2020, 2021])
        if kind == "day":
            when = ArticleDate.from_date(date(year, 1, 1) + timedelta(days=rng.choice([0, 30, 58, 59, 60, 364, 365])))
        elif kind == "month":
            when = ArticleDate(year, rng.choice([1, 2, 12]), precision=Precision.MONTH)
        elif kind == "year":
            when = ArticleDate(year, precision=Precision.YEAR)
        else:
            when = None
        articles.append(Article(f"a{number}", f"Tittel {number}", "tekst", when))
    return articles


PERIODS = [
    Period.year(2020),
    Period.year(2001),
    Period.month(2020, 2),
    Period.month(2000, 12),
    Period.day(date(2020, 2, 29)),
    Period.day(date(2021, 1, 1)),
    Period.day(date(1990, 6, 1)),
    Period(date(2019, 12, 30), date(2020, 1, 5)),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_table_agrees_with_the_per_article_rules(seed: int) -> None:
    articles = mixed_corpus(300, seed)
    table = DateTable.of(articles)
    assert table.undated == sum(a.date is None for a in articles)
    assert table.newest_first.tolist() == reference_newest_first(articles)
    for period in PERIODS:
        mask = table.in_period(period.first, period.last)
        assert mask.tolist() == reference_in_period(articles, period)
        assert table.newest_first_among(mask).tolist() == [p for p in reference_newest_first(articles) if mask[p]]
        for n in (1, 3, 7):
            assert table.nearest(period.first, period.last, n) == reference_nearest(articles, period, n)


def test_the_list_functions_keep_their_rules_on_a_mixed_corpus() -> None:
    articles = mixed_corpus(120, 4)
    period = Period.month(2020, 2)
    assert articles_in_period(articles, period).tolist() == reference_in_period(articles, period)
    assert newest_first(articles) == reference_newest_first(articles)
    assert nearest_dates(articles, Period.year(2010)) == reference_nearest(articles, Period.year(2010), 3)


def test_extreme_years_and_an_undated_corpus() -> None:
    edges = [Article("late", "", "", ArticleDate(9999, precision=Precision.YEAR)),
             Article("early", "", "", ArticleDate(1, 1, 1))]  # fmt: skip
    table = DateTable.of(edges)
    assert table.last.tolist() == [date(9999, 12, 31).toordinal(), date(1, 1, 1).toordinal()]
    assert table.newest_first.tolist() == [0, 1]
    undated = DateTable.of([Article("u", "", "")])
    assert undated.undated == 1 and not undated.in_period(date(2020, 1, 1), date(2020, 12, 31)).any()
    assert undated.nearest(date(2020, 1, 1), date(2020, 12, 31), 3) == [] and undated.newest_first.tolist() == [0]
    assert len(DateTable.of([])) == 0 and DateTable.of([]).nearest(date(2020, 1, 1), date(2020, 1, 1), 3) == []


def test_the_index_date_rows_give_the_same_table_as_its_articles_with_removed_ones_left_out() -> None:
    articles = mixed_corpus(30, 5)
    grown = GrowingIndex(IndexSettings())
    grown.add([Entry(f"c:{a.id}", "test", a) for a in articles[:12]])
    grown.add([Entry(f"c:{a.id}", "test", a) for a in articles[12:]])
    grown.remove([f"c:{articles[3].id}", f"c:{articles[20].id}"])
    index = grown.snapshot()
    kept = [a for a in articles if a.id not in {articles[3].id, articles[20].id}]
    from_rows = DateTable(index.articles.date_rows())
    assert index.articles.date_rows().shape == (len(kept), 4)
    np.testing.assert_array_equal(from_rows.first, DateTable.of(kept).first)
    np.testing.assert_array_equal(from_rows.last, DateTable.of(kept).last)
    assert from_rows.newest_first.tolist() == reference_newest_first(kept)
