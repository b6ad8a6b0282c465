"""The structured reply the conversation core returns and every front end renders.

Replies carry meaning, not markup: quotes with highlight spans, numbered citations,
and follow-up actions. The console turns them into plain text, Telegram into HTML
and inline buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from bot import messages
from retrieval.news.article import ArticleDate
from retrieval.ranking.retriever import Found
from retrieval.text.timeparse import Period


class ReplyKind(Enum):
    """What a reply is, so front ends can treat kinds differently (e.g. no buttons on a refusal)."""

    ANSWER = "answer"
    NO_ANSWER = "no_answer"
    ARTICLE = "article"
    INFO = "info"
    REFUSAL = "refusal"


class Action(Enum):
    """Follow-ups a user can take on an answer."""

    MORE = "more"
    PREVIOUS = "previous"
    SHOW_ARTICLE = "article"
    OPEN_SOURCE = "source"


@dataclass(frozen=True)
class Citation:
    """A numbered reference to the article a quote came from."""

    number: int
    article_id: str
    headline: str
    date: ArticleDate | None
    date_text: str | None
    source: str | None
    url: str | None


@dataclass(frozen=True)
class OtherSource:
    """An article telling the same story as a quoted one, named instead of quoted again."""

    article_id: str
    headline: str
    date_text: str | None
    source: str | None
    url: str | None


@dataclass(frozen=True)
class Quote:
    """An excerpt of an article quoted word for word; ``highlights`` are spans relative to ``text``.

    ``text`` is one slice of the article, or two (``parts``, article offsets) joined by
    « … »; ``start`` and ``end`` span the whole quote in the article. ``also_in`` lists
    near-duplicate articles (the same story elsewhere, or another version of it) that
    were folded into this result.
    """

    text: str
    highlights: tuple[tuple[int, int], ...]
    citation: Citation
    score: float
    start: int
    end: int
    also_in: tuple[OtherSource, ...] = ()
    also_in_label: str = ""  # «Også i» / "Also in", in the reply's language
    parts: tuple[tuple[int, int], ...] = ()  # the slices ``text`` quotes; empty when it is ``start:end`` alone


@dataclass(frozen=True)
class ShortAnswer:
    """The answer itself («ti offiserer»), an exact slice ``start:end`` of the cited article's text."""

    text: str
    citation: int  # the number of the citation whose article it comes from
    start: int
    end: int


def other_sources(found: Found, language: str) -> tuple[tuple[OtherSource, ...], str]:
    """The near-duplicates folded into ``found`` and the label that introduces them."""
    others = tuple(
        OtherSource(
            a.id, a.headline, messages.format_date(a.date, language) if a.date else None, a.source, a.url
        )
        for a in found.also_in
    )
    return others, messages.text(language, "also_in") if others else ""


def short_answer(found: Found, number: int) -> ShortAnswer | None:
    """The short answer of result ``found``, cited as ``number``, if the retriever found one."""
    if found.answer is None:
        return None
    span = found.answer
    return ShortAnswer(found.article.text[span.start : span.end], number, span.start, span.end)


@dataclass(frozen=True)
class FollowUp:
    """An action offered under a reply, with its label in the reply's language."""

    action: Action
    label: str
    citation: int | None = None  # which citation an article/source action is about
    url: str | None = None
    offset: int | None = None  # where the page a MORE/PREVIOUS action shows starts


@dataclass(frozen=True)
class Reply:
    """One message from the bot: a lead line, quotes, an optional body, follow-ups."""

    kind: ReplyKind
    lead: str
    quotes: tuple[Quote, ...] = ()
    body: str | None = None
    notes: tuple[str, ...] = ()  # remarks after the quotes, e.g. undated articles left out
    citation: Citation | None = None  # the article shown, for ARTICLE replies
    follow_ups: tuple[FollowUp, ...] = field(default=())
    question: str | None = None
    answer: ShortAnswer | None = None  # shown first, before the quotes, when the bot is confident
    # Why nothing was answered: "no_terms", "below_threshold" or "empty_period" (then ``period`` says which).
    reason: str | None = None
    period: Period | None = None
