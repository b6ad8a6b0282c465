"""Find the time a question asks about, and select and order articles by date.

A question like «hva skjedde i februar 2020?» asks for *what happened* restricted to a
*period*: the time words must become a filter, not search terms, or they would match
every article that merely mentions February. :func:`parse_time` splits the two and
also spots requests for the newest news («siste nytt om X»). Everything
language-specific comes from the :class:`~retrieval.text.language.LanguageProfile`'s
:class:`~retrieval.text.language.TimeWords`, so English is a configuration change.

Dates in the corpus keep their precision: an article dated ``2020-02`` belongs to a
question about February 2020 and to one about 12 February 2020, because it may be from
that day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

import numpy as np
from dateutil.relativedelta import relativedelta

from retrieval.news.article import Article, ArticleDate
from retrieval.news.date_table import DateTable
from retrieval.text.language import LanguageProfile, TimeUnit

FIRST_YEAR = 1900
LAST_YEAR = 2100

# Word edges that also treat digits and date punctuation as part of a token, so
# "12.03.2020" or "2 000" is never read piecemeal.
_START = r"(?<![\w./:,-])"
_END = r"(?![\w]|[./:,-]\d)"
_EDGE_PUNCTUATION = "?!.,:;«»\"'()[]"


class PeriodKind(str, Enum):
    """How a period was asked for, which decides how a reply names it."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    RELATIVE = "relative"


@dataclass(frozen=True)
class PeriodLabel:
    """A structured description of a period, rendered per language by :func:`format_period`.

    ``values`` is ``(year,)``, ``(year, month)`` or ``(year, month, day)``; for
    ``RELATIVE`` it is ``(offset,)`` counted in ``unit`` (``-1`` with ``WEEK`` is
    «forrige uke» / "last week").
    """

    kind: PeriodKind
    values: tuple[int, ...]
    unit: TimeUnit | None = None


@dataclass(frozen=True)
class Period:
    """An inclusive range of days, with how it was asked for when that is known."""

    first: date
    last: date
    label: PeriodLabel | None = None

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"period ends before it starts: {self.first} > {self.last}")

    @classmethod
    def year(cls, year: int) -> Period:
        """The whole calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31), PeriodLabel(PeriodKind.YEAR, (year,)))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The whole calendar month."""
        first = date(year, month, 1)
        last = first + relativedelta(months=1, days=-1)
        return cls(first, last, PeriodLabel(PeriodKind.MONTH, (year, month)))

    @classmethod
    def day(cls, day: date) -> Period:
        """A single day."""
        return cls(day, day, PeriodLabel(PeriodKind.DAY, (day.year, day.month, day.day)))

    @classmethod
    def relative(cls, unit: TimeUnit, offset: int, today: date) -> Period:
        """The ``unit`` (day, Monday–Sunday week, month, year) ``offset`` units from today's."""
        if unit is TimeUnit.DAY:
            first = last = today + timedelta(days=offset)
        elif unit is TimeUnit.WEEK:
            first = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
            last = first + timedelta(days=6)
        elif unit is TimeUnit.MONTH:
            first = today.replace(day=1) + relativedelta(months=offset)
            last = first + relativedelta(months=1, days=-1)
        else:
            first = date(today.year + offset, 1, 1)
            last = date(today.year + offset, 12, 31)
        return cls(first, last, PeriodLabel(PeriodKind.RELATIVE, (offset,), unit))

    def contains(self, article_date: ArticleDate) -> bool:
        """True when an article of that date may be from this period."""
        return article_date.overlaps(self.first, self.last)


@dataclass(frozen=True)
class TimeQuery:
    """What a question says about time, and the question without those words.

    ``remainder`` is what should be searched for. ``latest`` marks a request for the
    newest news; ``topic`` is what it is about (``None`` for plain «siste nytt»).
    ``phrase`` is the period as the question wrote it, without its preposition
    («2018» in «i 2018»), so a reply can say which words it searched the text for.
    """

    period: Period | None
    remainder: str
    latest: bool = False
    topic: str | None = None
    phrase: str | None = None


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    period: Period
    phrase: str


def parse_time(question: str, today: date, profile: LanguageProfile) -> TimeQuery:
    """Read the period and any «latest news» request from ``question``.

    Relative words and dates without a year resolve against ``today``, to the most
    recent such date not in the future («i mars» asked in February 2021 is March 2020).
    When several time expressions occur, the first one is used.
    """
    return TimeParser(profile).parse(question, today)


class TimeParser:
    """Recognises time expressions using one language profile's words.

    Building the patterns is cheap (the ``re`` module caches compiled patterns), but
    a caller that parses many questions may keep one parser.
    """

    def __init__(self, profile: LanguageProfile) -> None:
        self.profile = profile
        words = profile.time_words
        self._months = {name.lower(): number for number, name in enumerate(profile.month_names, 1)}
        self._abbreviations = {name.lower(): number for name, number in words.month_abbreviations}
        self._relative = {_normalise(r.phrase): r for r in words.relative}
        full = _alternation(self._months)
        any_month = f"(?:{_alternation([*self._months, *self._abbreviations])})\\.?"
        day_prep = f"(?:(?P<prep>{_alternation(words.day_prepositions)})\\s+)?" if words.day_prepositions else ""
        month_prep = (
            f"(?:(?P<prep>{_alternation(words.month_prepositions)})\\s+)?" if words.month_prepositions else ""
        )
        suffix = f"(?:{_alternation(words.day_suffixes)})?" if words.day_suffixes else ""
        joiner = f"(?:(?:{_alternation(words.day_month_joiners)})\\s+)?" if words.day_month_joiners else ""
        day = rf"(?P<day>\d{{1,2}}){suffix}"
        year = r"(?P<year>\d{4})"
        recognisers: list[tuple[str, Callable[[re.Match[str], date], Period | None]]] = [
            (rf"{day_prep}(?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}})", self._iso_day),
            (rf"{day_prep}(?P<date>\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})", self._numeric_day),
            (rf"{month_prep}{year}-(?P<month>\d{{2}})", self._numeric_month),
            (rf"{day_prep}{day}\s+{joiner}(?P<month>{any_month})(?:\s+{year})?", self._named_day),
            (rf"{month_prep}(?P<month>{any_month})\s+{year}", self._named_month),
            (rf"{month_prep}(?P<month>{full})", self._bare_month),
            (rf"{month_prep}{year}", self._year),
        ]
        if words.month_before_day:
            recognisers.append(
                (rf"{day_prep}(?P<month>{any_month})\s+{day}(?:,?\s+{year})?", self._named_day)
            )
        if words.relative:
            recognisers.append((f"(?P<relative>{_alternation(self._relative)})", self._relative_period))
        self._recognisers = [
            (re.compile(_START + pattern + _END, re.IGNORECASE), handler) for pattern, handler in recognisers
        ]
        latest = [*words.latest_phrases, *words.weak_latest_phrases]
        self._strong_latest = {_normalise(p) for p in words.latest_phrases}
        self._latest = re.compile(rf"(?<!\w)(?:{_alternation(latest)})(?!\w)", re.IGNORECASE) if latest else None
        self._topic_preposition = (
            re.compile(rf"\s*(?:{_alternation(words.topic_prepositions)})(?!\w)", re.IGNORECASE)
            if words.topic_prepositions
            else None
        )

    def parse(self, question: str, today: date) -> TimeQuery:
        """See :func:`parse_time`."""
        found = self._find_period(question, today)
        text = _cut(question, found.start, found.end) if found else question
        period, phrase = (found.period, found.phrase) if found else (None, None)
        latest = self._find_latest(text)
        if latest is None:
            return TimeQuery(period, _tidy(text), phrase=phrase)
        start, end, topic = latest
        return TimeQuery(period, _tidy(_cut(text, start, end)), True, topic, phrase)

    def _find_period(self, question: str, today: date) -> _Found | None:
        best: _Found | None = None
        for pattern, handler in self._recognisers:
            for match in pattern.finditer(question):
                period = handler(match, today)
                if period is None:
                    continue
                words_start = match.end("prep") if match.groupdict().get("prep") else match.start()
                phrase = _tidy(match.string[words_start : match.end()])
                candidate = _Found(match.start(), match.end(), period, phrase)
                if best is None or (candidate.start, -candidate.end) < (best.start, -best.end):
                    best = candidate
        return best

    def _find_latest(self, text: str) -> tuple[int, int, str | None] | None:
        """Span of a «latest news» phrase (with its topic preposition) and the topic."""
        if self._latest is None:
            return None
        # search, not finditer: a rejected weak phrase ("the latest") may overlap a strong one ("latest news").
        match = self._latest.search(text)
        while match is not None:
            end = match.end()
            preposition = self._topic_preposition.match(text, end) if self._topic_preposition else None
            after = text[end:].strip(_EDGE_PUNCTUATION + " \t\n")
            if preposition:
                end = preposition.end()
            elif after and _normalise(match.group()) not in self._strong_latest:
                # "det siste året": a weak phrase needs a topic preposition or nothing after it.
                match = self._latest.search(text, match.start() + 1)
                continue
            topic = self._topic(text[end:]) or self._topic(text[: match.start()])
            return match.start(), end, topic
        return None

    def _topic(self, text: str) -> str | None:
        words = text.split()
        stop_words = self.profile.stop_words
        while words and words[0].strip(_EDGE_PUNCTUATION).lower() in stop_words:
            words.pop(0)
        while words and words[-1].strip(_EDGE_PUNCTUATION).lower() in stop_words:
            words.pop()
        topic = " ".join(words).strip(_EDGE_PUNCTUATION + " ")
        return topic or None

    # Recognisers: each turns a match into a period, or None when it is not a date after all.

    def _iso_day(self, match: re.Match[str], today: date) -> Period | None:
        from dateutil import parser as date_parser  # here: a question seldom holds a written date (20 ms at start)

        try:
            # isoparse, not parse: parse(dayfirst=True) would read 2020-03-12 as 3 December.
            return _checked_day(date_parser.isoparse(match["date"]).date())
        except ValueError:
            return None

    def _numeric_day(self, match: re.Match[str], today: date) -> Period | None:
        from dateutil import parser as date_parser

        try:
            parsed = date_parser.parse(match["date"], dayfirst=self.profile.time_words.numeric_day_first)
        except (ValueError, OverflowError):
            return None
        return _checked_day(parsed.date())

    def _numeric_month(self, match: re.Match[str], today: date) -> Period | None:
        year, month = int(match["year"]), int(match["month"])
        if not (_valid_year(year) and 1 <= month <= 12):
            return None
        return Period.month(year, month)

    def _named_day(self, match: re.Match[str], today: date) -> Period | None:
        month = self._month_number(match["month"])
        day = int(match["day"])
        if match["year"]:
            year = int(match["year"])
            if not _valid_year(year):
                return None
            try:
                return Period.day(date(year, month, day))
            except ValueError:
                return None
        return _most_recent_day(month, day, today)

    def _named_month(self, match: re.Match[str], today: date) -> Period | None:
        year = int(match["year"])
        return Period.month(year, self._month_number(match["month"])) if _valid_year(year) else None

    def _bare_month(self, match: re.Match[str], today: date) -> Period | None:
        name = match["month"].lower()
        if name in self.profile.time_words.ambiguous_months and not _has_preposition(match):
            return None
        month = self._months[name]
        year = today.year if month <= today.month else today.year - 1
        return Period.month(year, month)

    def _year(self, match: re.Match[str], today: date) -> Period | None:
        year = int(match["year"])
        if not _valid_year(year):
            return None
        if not _has_preposition(match) and self._counts_something(match.string, match.end()):
            return None
        return Period.year(year)

    def _relative_period(self, match: re.Match[str], today: date) -> Period:
        relative = self._relative[_normalise(match["relative"])]
        return Period.relative(relative.unit, relative.offset, today)

    def _month_number(self, word: str) -> int:
        name = word.lower().rstrip(".")
        return self._months.get(name) or self._abbreviations[name]

    def _counts_something(self, text: str, end: int) -> bool:
        """True when a bare number is followed by what it counts ("2000 soldater").

        A year is followed by punctuation, the end, a stop word ("2019 var …") or a
        name; a count is followed by a lower-case content word.
        """
        following = re.match(r"\s+([^\W\d_]+)", text[end:])
        if not following:
            return False
        word = following.group(1)
        lowered = word.lower()
        if lowered in self.profile.stop_words or lowered in self._months:
            return False
        return word[0].islower()


def format_period(period: Period, profile: LanguageProfile) -> str:
    """Name ``period`` as a reply would: «februar 2020», «12. mars 2020», «forrige uke»."""
    words = profile.time_words
    label = period.label
    if label is not None and label.kind is PeriodKind.RELATIVE and label.unit is not None:
        phrase = words.relative_phrase(label.unit, label.values[0])
        if phrase is not None:
            return phrase
    if label is not None and label.kind is PeriodKind.YEAR:
        return words.year_format.format(year=label.values[0])
    if label is not None and label.kind is PeriodKind.MONTH:
        year, month = label.values
        return words.month_format.format(year=year, month=profile.month_name(month), month_number=month)
    if period.first == period.last:
        return _format_day(period.first, profile)
    return f"{_format_day(period.first, profile)} – {_format_day(period.last, profile)}"


def articles_in_period(articles: Sequence[Article], period: Period) -> np.ndarray:
    """Boolean mask of the articles that may be from ``period``; undated articles are False.

    For a whole index use the snapshot's :class:`~retrieval.news.date_table.DateTable`
    (:meth:`~retrieval.news.date_table.DateTable.in_period`), built once, not per question.
    """
    return DateTable.of(articles).in_period(period.first, period.last)


def count_undated(articles: Sequence[Article]) -> int:
    """How many articles have no date, so a reply can say they were left out of a period."""
    return DateTable.of(articles).undated


def nearest_dates(articles: Sequence[Article], period: Period, n: int = 3) -> list[ArticleDate]:
    """The ``n`` distinct corpus dates closest to ``period``, in chronological order.

    For replies like "no articles from that period; the nearest dates are …". Ties in
    distance prefer the more precise date, then the earlier one.
    """
    return DateTable.of(articles).nearest(period.first, period.last, n)


def newest_first(articles: Sequence[Article]) -> list[int]:
    """Article positions ordered newest first, undated last, ties in corpus order.

    Dates compare by the first day they may stand for, then by precision, so an
    article known to be from 15 February ranks above one only known to be from
    February: the latter is not known to be that new.
    """
    return DateTable.of(articles).newest_first.tolist()


def _format_day(day: date, profile: LanguageProfile) -> str:
    return profile.time_words.day_format.format(
        day=day.day, month=profile.month_name(day.month), month_number=day.month, year=day.year
    )


def _has_preposition(match: re.Match[str]) -> bool:
    return bool(match.groupdict().get("prep"))


def _valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _checked_day(day: date) -> Period | None:
    return Period.day(day) if _valid_year(day.year) else None


def _most_recent_day(month: int, day: int, today: date) -> Period | None:
    """The latest ``day``.``month`` not after ``today`` (29 February looks back to a leap year)."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return Period.day(candidate)
    return None


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of ``phrases``, longest first, spaces matching any white space."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in ordered)


def _normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _cut(text: str, start: int, end: int) -> str:
    return f"{text[:start]} {text[end:]}"


def _tidy(text: str) -> str:
    return " ".join(text.split())
