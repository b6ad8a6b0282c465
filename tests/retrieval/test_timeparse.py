"""Time expressions in questions, period filtering with date precision, date ordering."""

from datetime import date

import numpy as np
import pytest

from retrieval.news.article import Article, ArticleDate, Precision
from retrieval.text.language import TimeUnit, language_profile
from retrieval.text.timeparse import (
    Period,
    PeriodKind,
    TimeParser,
    articles_in_period,
    count_undated,
    format_period,
    nearest_dates,
    newest_first,
    parse_time,
)

TODAY = date(2021, 2, 10)  # a Wednesday
NB = language_profile("nb")
EN = language_profile("en")


def period_of(question: str, profile=NB, today: date = TODAY) -> tuple[date, date] | None:
    period = parse_time(question, today, profile).period
    return None if period is None else (period.first, period.last)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("hva skjedde i 2019?", (date(2019, 1, 1), date(2019, 12, 31))),
        ("2019", (date(2019, 1, 1), date(2019, 12, 31))),
        ("valget 2019?", (date(2019, 1, 1), date(2019, 12, 31))),
        ("i februar 2020", (date(2020, 2, 1), date(2020, 2, 29))),
        ("Februar 2020", (date(2020, 2, 1), date(2020, 2, 29))),
        ("feb. 2020", (date(2020, 2, 1), date(2020, 2, 29))),
        ("2020-03", (date(2020, 3, 1), date(2020, 3, 31))),
        ("12. mars 2020", (date(2020, 3, 12), date(2020, 3, 12))),
        ("den 12 mars 2020", (date(2020, 3, 12), date(2020, 3, 12))),
        ("2020-03-12", (date(2020, 3, 12), date(2020, 3, 12))),
        ("12.03.2020", (date(2020, 3, 12), date(2020, 3, 12))),
        ("3/4/2020", (date(2020, 4, 3), date(2020, 4, 3))),
        ("i dag", (TODAY, TODAY)),
        ("I Går", (date(2021, 2, 9), date(2021, 2, 9))),
        ("hva skjedde på 17. mai 2020?", (date(2020, 5, 17), date(2020, 5, 17))),
        ("idag", (TODAY, TODAY)),
        ("i går", (date(2021, 2, 9), date(2021, 2, 9))),
        ("i forgårs", (date(2021, 2, 8), date(2021, 2, 8))),
        ("forrige uke", (date(2021, 2, 1), date(2021, 2, 7))),
        ("denne uken", (date(2021, 2, 8), date(2021, 2, 14))),
        ("denne uka", (date(2021, 2, 8), date(2021, 2, 14))),
        ("denne måneden", (date(2021, 2, 1), date(2021, 2, 28))),
        ("forrige måned", (date(2021, 1, 1), date(2021, 1, 31))),
        ("i fjor", (date(2020, 1, 1), date(2020, 12, 31))),
        ("i år", (date(2021, 1, 1), date(2021, 12, 31))),
    ],
)
def test_norwegian_periods(question: str, expected: tuple[date, date]) -> None:
    assert period_of(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what happened in 2019?", (date(2019, 1, 1), date(2019, 12, 31))),
        ("March 2020", (date(2020, 3, 1), date(2020, 3, 31))),
        ("in January", (date(2021, 1, 1), date(2021, 1, 31))),
        ("in May", (date(2020, 5, 1), date(2020, 5, 31))),
        ("12 March 2020", (date(2020, 3, 12), date(2020, 3, 12))),
        ("March 12, 2020", (date(2020, 3, 12), date(2020, 3, 12))),
        ("on March 12th 2020", (date(2020, 3, 12), date(2020, 3, 12))),
        ("12th Sept 2020", (date(2020, 9, 12), date(2020, 9, 12))),
        ("the 12th of March 2020", (date(2020, 3, 12), date(2020, 3, 12))),
        ("2020-03-12", (date(2020, 3, 12), date(2020, 3, 12))),
        ("3/4/2020", (date(2020, 3, 4), date(2020, 3, 4))),
        ("today", (TODAY, TODAY)),
        ("yesterday", (date(2021, 2, 9), date(2021, 2, 9))),
        ("last week", (date(2021, 2, 1), date(2021, 2, 7))),
        ("this week", (date(2021, 2, 8), date(2021, 2, 14))),
        ("this month", (date(2021, 2, 1), date(2021, 2, 28))),
        ("last month", (date(2021, 1, 1), date(2021, 1, 31))),
        ("last year", (date(2020, 1, 1), date(2020, 12, 31))),
        ("This Year", (date(2021, 1, 1), date(2021, 12, 31))),
    ],
)
def test_english_periods(question: str, expected: tuple[date, date]) -> None:
    assert period_of(question, EN) == expected


def test_month_without_year_is_the_most_recent_one_not_in_the_future() -> None:
    assert period_of("i mars") == (date(2020, 3, 1), date(2020, 3, 31))  # March 2021 is still ahead
    assert period_of("i februar") == (date(2021, 2, 1), date(2021, 2, 28))  # the current month counts
    assert period_of("januar") == (date(2021, 1, 1), date(2021, 1, 31))


def test_day_without_year_is_the_most_recent_one_not_in_the_future() -> None:
    assert period_of("12. mai") == (date(2020, 5, 12), date(2020, 5, 12))
    assert period_of("10. februar") == (TODAY, TODAY)
    assert period_of("29. februar") == (date(2020, 2, 29), date(2020, 2, 29))
    assert period_of("29. februar", today=date(2023, 6, 1)) == (date(2020, 2, 29), date(2020, 2, 29))


def test_weeks_run_monday_to_sunday_even_on_sunday() -> None:
    sunday = date(2021, 2, 14)
    assert period_of("denne uken", today=sunday) == (date(2021, 2, 8), date(2021, 2, 14))
    assert period_of("forrige uke", today=sunday) == (date(2021, 2, 1), date(2021, 2, 7))


def test_relative_month_and_year_across_a_year_boundary() -> None:
    new_year = date(2021, 1, 5)
    assert period_of("forrige måned", today=new_year) == (date(2020, 12, 1), date(2020, 12, 31))
    assert period_of("i går", today=date(2021, 1, 1)) == (date(2020, 12, 31), date(2020, 12, 31))


@pytest.mark.parametrize(
    "question",
    [
        "ti offiserer ble drept",
        "500 soldater",
        "2000 soldater ble sendt",
        "12 soldater",
        "krigen 1914-1918",
        "livet på Mars",  # the planet, not the month
        "kostet 2 000 kroner",
        "år 1850",  # out of range
        "i 2150",
        "2020-13",
        "hva mener Jan om dagens",
        "i dagens avis",
    ],
)
def test_things_that_are_not_dates(question: str) -> None:
    query = parse_time(question, TODAY, NB)
    assert query.period is None
    assert query.remainder == question


def test_impossible_day_is_not_read_as_a_day() -> None:
    assert parse_time("31. februar 2020", TODAY, NB).period == Period.month(2020, 2)
    # The impossible day is dropped; the month it names is still the period asked about.
    assert parse_time("31. februar", TODAY, NB).period == Period.month(2021, 2)


def test_jul_is_christmas_not_july() -> None:
    assert parse_time("jul 2020", TODAY, NB).period == Period.year(2020)


@pytest.mark.parametrize("question", ["what may happen", "the march on the capital"])
def test_english_month_words_that_are_also_ordinary_words(question: str) -> None:
    assert parse_time(question, TODAY, EN).period is None


def test_time_words_are_removed_from_the_remainder() -> None:
    assert parse_time("hva skjedde i februar 2020?", TODAY, NB).remainder == "hva skjedde ?"
    assert parse_time("Hva sa Støre i går om skatt?", TODAY, NB).remainder == "Hva sa Støre om skatt?"
    assert parse_time("Hva skjedde den 12. mars 2020 i Oslo", TODAY, NB).remainder == "Hva skjedde i Oslo"
    assert parse_time("What did the minister say last week?", TODAY, EN).remainder == "What did the minister say ?"


def test_numbers_around_a_date_are_kept_in_the_remainder() -> None:
    query = parse_time("500 soldater i februar 2020", TODAY, NB)
    assert (query.period.first, query.period.last) == (date(2020, 2, 1), date(2020, 2, 29))
    assert query.remainder == "500 soldater"


def test_first_time_expression_wins_and_the_more_specific_reading_is_preferred() -> None:
    query = parse_time("den 12. mars 2020 og i 2019", TODAY, NB)
    assert query.period == Period.day(date(2020, 3, 12))
    assert query.remainder == "og i 2019"


def test_period_labels_are_structured() -> None:
    assert parse_time("i februar 2020", TODAY, NB).period.label.kind is PeriodKind.MONTH
    assert parse_time("i februar 2020", TODAY, NB).period.label.values == (2020, 2)
    label = parse_time("forrige uke", TODAY, NB).period.label
    assert (label.kind, label.unit, label.values) == (PeriodKind.RELATIVE, TimeUnit.WEEK, (-1,))


@pytest.mark.parametrize(
    ("question", "norwegian", "english"),
    [
        ("i februar 2020", "februar 2020", "February 2020"),
        ("12. mars 2020", "12. mars 2020", "12 March 2020"),
        ("2019", "2019", "2019"),
        ("forrige uke", "forrige uke", "last week"),
        ("i går", "i går", "yesterday"),
        ("i fjor", "i fjor", "last year"),
    ],
)
def test_format_period_in_both_languages(question: str, norwegian: str, english: str) -> None:
    period = parse_time(question, TODAY, NB).period
    assert format_period(period, NB) == norwegian
    assert format_period(period, EN) == english


def test_format_period_without_label_or_phrase_falls_back_to_days() -> None:
    assert format_period(Period(date(2020, 3, 1), date(2020, 3, 3)), NB) == "1. mars 2020 – 3. mars 2020"
    assert format_period(Period.relative(TimeUnit.DAY, -2, TODAY), EN) == "the day before yesterday"
    assert format_period(Period.relative(TimeUnit.WEEK, -2, TODAY), NB) == "25. januar 2021 – 31. januar 2021"


def test_period_rejects_reversed_range() -> None:
    with pytest.raises(ValueError):
        Period(date(2020, 2, 2), date(2020, 2, 1))


@pytest.mark.parametrize(
    ("question", "topic", "remainder"),
    [
        ("siste nytt om Ukraina", "Ukraina", "Ukraina"),
        ("Hva er siste nytt om krigen i Ukraina?", "krigen i Ukraina", "Hva er krigen i Ukraina?"),
        ("siste nytt", None, ""),
        ("hva er siste nytt?", None, "hva er ?"),
        ("siste nytt Ukraina", "Ukraina", "Ukraina"),
        ("Ukraina: siste nytt", "Ukraina", "Ukraina:"),
        ("det siste om Equinor", "Equinor", "Equinor"),
        ("siste nytt om Ukraina i dag", "Ukraina", "Ukraina"),
    ],
)
def test_norwegian_latest_requests(question: str, topic: str | None, remainder: str) -> None:
    query = parse_time(question, TODAY, NB)
    assert query.latest
    assert query.topic == topic
    assert query.remainder == remainder


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("latest on Brexit", "Brexit"),
        ("latest news about the election", "election"),
        ("What's the latest news?", None),
        ("the latest on Ukraine", "Ukraine"),
    ],
)
def test_english_latest_requests(question: str, topic: str | None) -> None:
    query = parse_time(question, TODAY, EN)
    assert query.latest
    assert query.topic == topic


@pytest.mark.parametrize(
    ("question", "profile"),
    [("det siste året", NB), ("den siste krigen", NB), ("latest figures on unemployment", EN)],
)
def test_words_like_latest_that_are_not_requests(question: str, profile) -> None:
    assert not parse_time(question, TODAY, profile).latest


def test_latest_combines_with_a_period() -> None:
    query = parse_time("siste nytt om Ukraina i dag", TODAY, NB)
    assert query.period == Period.relative(TimeUnit.DAY, 0, TODAY)
    assert query.latest and query.topic == "Ukraina"


def test_parser_object_is_reusable() -> None:
    parser = TimeParser(NB)
    assert parser.parse("i 2019", TODAY).period == Period.year(2019)
    assert parser.parse("i 2020", TODAY).period == Period.year(2020)


def article(identifier: str, when: str | None) -> Article:
    return Article(identifier, identifier, "tekst", ArticleDate.parse(when) if when else None)


CORPUS = [
    article("day", "2020-02-15"),
    article("month", "2020-02"),
    article("year", "2020"),
    article("undated", None),
    article("march", "2020-03-02"),
    article("january", "2020-01-30"),
    article("old", "2018-06-01"),
]


def test_articles_in_period_honours_precision() -> None:
    february = Period.month(2020, 2)
    mask = articles_in_period(CORPUS, february)
    assert mask.dtype == np.bool_
    assert [a.id for a, hit in zip(CORPUS, mask) if hit] == ["day", "month", "year"]


def test_month_dated_article_matches_any_day_of_that_month() -> None:
    mask = articles_in_period(CORPUS, Period.day(date(2020, 2, 3)))
    assert [a.id for a, hit in zip(CORPUS, mask) if hit] == ["month", "year"]


def test_year_period_and_empty_corpus() -> None:
    mask = articles_in_period(CORPUS, Period.year(2018))
    assert [a.id for a, hit in zip(CORPUS, mask) if hit] == ["old"]
    assert articles_in_period([], Period.year(2018)).shape == (0,)


def test_count_undated() -> None:
    assert count_undated(CORPUS) == 1


def test_nearest_dates_to_an_empty_period() -> None:
    nearest = nearest_dates(CORPUS, Period.month(2019, 12))
    # 2020-01-30 is 30 days away, 2020 (the year) one day, 2020-02 32 days; 2018-06-01 far.
    assert nearest == [ArticleDate(2020, precision=Precision.YEAR), ArticleDate.parse("2020-01-30"),
                       ArticleDate.parse("2020-02")]


def test_nearest_dates_are_distinct_and_limited() -> None:
    corpus = [article(str(i), "2020-05-01") for i in range(5)] + [article("x", "2020-05-20")]
    assert nearest_dates(corpus, Period.day(date(2020, 5, 10)), n=1) == [ArticleDate.parse("2020-05-01")]
    assert nearest_dates(corpus, Period.day(date(2020, 5, 10)), n=5) == [
        ArticleDate.parse("2020-05-01"), ArticleDate.parse("2020-05-20"),
    ]
    assert nearest_dates([article("u", None)], Period.year(2020)) == []


def test_newest_first_orders_by_date_with_undated_last() -> None:
    order = [CORPUS[i].id for i in newest_first(CORPUS)]
    assert order == ["march", "day", "month", "january", "year", "old", "undated"]


def test_newest_first_keeps_corpus_order_for_ties() -> None:
    corpus = [article("a", "2020-01-01"), article("b", None), article("c", "2020-01-01"), article("d", None)]
    assert newest_first(corpus) == [0, 2, 1, 3]
