"""The structured reply the conversation core returns and every front end renders.

Replies carry meaning, not markup: quotes with highlight spans, numbered citations,
and follow-up actions. The console turns them into plain text, Telegram into HTML
and inline buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from retrieval.news.article import ArticleDate


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
class Quote:
    """An exact excerpt of an article; ``highlights`` are spans relative to ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...]
    citation: Citation
    score: float
    start: int
    end: int


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
