"""Inline buttons under a reply, and the callback data they carry.

Telegram gives a button at most 64 bytes of data and the bot keeps no memory of
the answers it sent, so a button names what it does in a few bytes that mean the
same thing after a restart:

* ``m:<offset>`` — the page of results from ``offset`` («Forrige», «Flere»); the
  question is the answer's turn in the chat's conversation, or is read back from
  the message the answer replied to;
* ``a:<number>:<key>`` — show the article cited as ``number``; ``key`` is a short
  hash of the article id, looked up in the current library.

Anything else (old formats, an article gone after ``/reload``) decodes to ``None``
or resolves to nothing, and the user is told the answer has expired.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from bot.library import NewsLibrary, Snapshot
from bot.reply import Action, Reply
from retrieval.news.article import web_url

_KEY_CHARS = 12  # 72 bits of a hash: collisions are out of reach for any news corpus
_MORE = re.compile(r"^m:(\d{1,6})$")
_ARTICLE = re.compile(r"^a:(\d{1,4}):([A-Za-z0-9_-]{%d})$" % _KEY_CHARS)


@dataclass(frozen=True)
class More:
    """Show the page of results that starts after ``offset`` results, for the answer's question."""

    offset: int


@dataclass(frozen=True)
class ShowArticle:
    """Send the whole article cited as ``number``, found by ``key``."""

    number: int
    key: str


ButtonData = More | ShowArticle


def article_key(article_id: str) -> str:
    """A short, URL-safe, stable key for an article id of any length."""
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:_KEY_CHARS]


def encode(data: ButtonData) -> str:
    """Callback data for a button; always within Telegram's 64 bytes."""
    text = f"m:{data.offset}" if isinstance(data, More) else f"a:{data.number}:{data.key}"
    if len(text.encode("utf-8")) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
        raise ValueError(f"callback data too long: {text!r}")
    return text


def decode(text: str | None) -> ButtonData | None:
    """What a button asks for, or ``None`` for data this bot does not (or no longer) understand."""
    if not text:
        return None
    if match := _MORE.match(text):
        return More(int(match[1]))
    if match := _ARTICLE.match(text):
        return ShowArticle(int(match[1]), match[2])
    return None


class ArticleKeys:
    """Finds an article id from its key in the library's current snapshot.

    The table is built on first use for each snapshot, so a ``/reload`` that drops an
    article makes its buttons expire instead of showing something else.
    """

    def __init__(self, library: NewsLibrary) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._table: tuple[Snapshot, dict[str, str]] | None = None

    def resolve(self, key: str) -> str | None:
        """The article id for ``key`` (call from a worker thread: the first call hashes every id)."""
        snapshot = self.library.snapshot
        with self._lock:
            if self._table is None or self._table[0] is not snapshot:
                self._table = (snapshot, {article_key(i): i for i in snapshot.articles_by_id})
            return self._table[1].get(key)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Buttons for a reply's follow-ups: one row per citation, then «Forrige» and «Flere» side by side.

    A source button is only made for an ``http``/``https`` link: a ``tg:`` or
    ``javascript:`` link from a feed would open whatever its author chose.
    """
    by_number = {q.citation.number: q.citation.article_id for q in reply.quotes}
    if reply.citation is not None:
        by_number[reply.citation.number] = reply.citation.article_id
    rows: dict[int, list[InlineKeyboardButton]] = {}
    more: list[InlineKeyboardButton] = []
    for follow_up in reply.follow_ups:
        number = follow_up.citation or 0
        label = f"[{number}] {follow_up.label}" if follow_up.citation and reply.quotes else follow_up.label
        if follow_up.action in (Action.MORE, Action.PREVIOUS) and follow_up.offset is not None:
            more.append(InlineKeyboardButton(follow_up.label, callback_data=encode(More(follow_up.offset))))
        elif follow_up.action is Action.SHOW_ARTICLE and number in by_number:
            data = encode(ShowArticle(number, article_key(by_number[number])))
            rows.setdefault(number, []).append(InlineKeyboardButton(label, callback_data=data))
        elif follow_up.action is Action.OPEN_SOURCE and (url := web_url(follow_up.url)):
            rows.setdefault(number, []).append(InlineKeyboardButton(label, url=url))
    layout = [rows[n] for n in sorted(rows)] + ([more] if more else [])
    return InlineKeyboardMarkup(layout) if layout else None
