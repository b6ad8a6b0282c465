"""The article record and its date, which keeps the precision it was given with.

A news date of ``2020-02`` says "some time in February 2020", not "1 February 2020";
treating it as a day would make period filters and "newest first" orderings wrong.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from enum import IntEnum
from urllib.parse import urlsplit



class Precision(IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3


_WEB_SCHEMES = frozenset({"http", "https"})
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
# How far past today an article's date may lie: a publisher's clock or time zone may be
# a little ahead, but an article from next decade is a typo or a placeholder (9999).
FUTURE_LEEWAY = timedelta(days=366)


@dataclass(frozen=True, order=True)
class ArticleDate:
    """A calendar date known to year, month or day precision."""

    year: int
    month: int = 1
    day: int = 1
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        """Refuse dates the calendar does not have (year 0, month 13, 30 February).

        Checked here, once, so that every period filter and every «newest first»
        ordering can use :attr:`first_day` and :attr:`last_day` without a guard.
        """
        if not MINYEAR <= self.year <= MAXYEAR:
            raise ValueError(f"year {self.year} is out of range")
        date(self.year, self.month, self.day)  # raises ValueError for a month or day that does not exist

    @classmethod
    def parse(cls, text: str) -> ArticleDate:
        """Parse ``YYYY``, ``YYYY-MM`` or any full date python-dateutil understands.

        Raises ``ValueError`` when ``text`` is not a date.
        """
        if match := _YEAR.match(text):
            return cls(int(match[1]), precision=Precision.YEAR)
        if match := _YEAR_MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                raise ValueError(f"month out of range in date {text!r}")
            return cls(year, month, precision=Precision.MONTH)
        from dateutil import parser as date_parser  # here: answering from a stored index parses no dates (20 ms at start)

        try:
            parsed = date_parser.isoparse(text.strip())
        except ValueError:
            try:
                parsed = date_parser.parse(text, dayfirst=True)
            except (ValueError, OverflowError) as error:
                raise ValueError(f"not a date: {text!r}") from error
        return cls.from_date(parsed)

    @classmethod
    def from_date(cls, value: date | datetime) -> ArticleDate:
        """Wrap a full calendar date (day precision)."""
        return cls(value.year, value.month, value.day, Precision.DAY)

    @property
    def first_day(self) -> date:
        """The first day the date may stand for."""
        return date(self.year, self.month, self.day)

    @property
    def last_day(self) -> date:
        """The last day the date may stand for."""
        if self.precision is Precision.YEAR:
            return date(self.year, 12, 31)
        if self.precision is Precision.MONTH:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return self.first_day

    def is_plausible(self, today: date) -> bool:
        """False for a date that starts more than :data:`FUTURE_LEEWAY` after ``today``."""
        return self.first_day <= today + FUTURE_LEEWAY

    def overlaps(self, first: date, last: date) -> bool:
        """True when this date may fall within ``first``..``last`` (both inclusive)."""
        return self.first_day <= last and self.last_day >= first

    def isoformat(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` according to precision."""
        if self.precision is Precision.YEAR:
            return f"{self.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return self.first_day.isoformat()


@dataclass(frozen=True)
class Article:
    """One news article. ``text`` is the body that excerpts are sliced from."""

    id: str
    headline: str
    text: str
    date: ArticleDate | None = None
    source: str | None = None
    url: str | None = None


def web_url(url: str | None) -> str | None:
    """``url`` if it is an ``http``/``https`` address with a host, else ``None``.

    Links come from feeds and corpus files that anyone may write; a ``javascript:``,
    ``data:`` or ``tg:`` link shown as a link or a button would run or open whatever
    its author chose, so only web addresses are ever offered to a reader.
    """
    if not url or _UNSAFE_IN_URL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return url if parts.scheme.lower() in _WEB_SCHEMES and parts.hostname else None
