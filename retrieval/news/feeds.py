"""Fetch RSS and Atom feeds and turn their items into :class:`~retrieval.news.article.Article` s.

Feeds are polled over and over, from many publishers, and some of them are always
slow, broken or down. So one feed's fetch never raises: it returns a
:class:`FeedResult` that either carries the new articles or says what went wrong,
and the caller retries next round while the other feeds proceed. Fetches are
conditional (ETag / Last-Modified) so an unchanged feed costs one small 304, and
bodies are streamed with a size cap so a runaway server cannot exhaust memory.

Parsing is left to feedparser, which copes with RSS and Atom's many dialects and
broken encodings; this module only maps its entries to articles.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import feedparser
import httpx
from dateutil import parser as date_parser

from retrieval.news.article import Article, ArticleDate, web_url
from retrieval.text.html_text import drop_unencodable, html_to_text

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_SECONDS = 60.0
USER_AGENT = "nyhetsbot/0.1 (+news question-answering bot; feed reader)"

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# feedparser's complaints about headers rather than the document: an empty but
# well-formed feed with these is just empty, not broken.
_BENIGN_DAMAGE = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
# A numeric character reference, decimal or hexadecimal.
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


class FeedError(Exception):
    """A feed could not be fetched or read; the message says why."""


@dataclass(frozen=True)
class FeedState:
    """What the last successful fetch of a feed left for the next, conditional one."""

    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class FeedResult:
    """The outcome of fetching one feed.

    On failure ``error`` says why and ``state`` is the state passed in, unchanged, so
    the next round retries the same conditional request.
    """

    url: str
    articles: list[Article] = field(default_factory=list)
    state: FeedState | None = None
    error: str | None = None
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        """True when the feed was fetched (possibly unchanged) and read."""
        return self.error is None


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An HTTP client suited to polling feeds: bounded waits, redirects followed, a named agent."""
    return httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def fetch_feed(
    url: str,
    state: FeedState | None,
    client: httpx.Client,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_seconds: float = DEFAULT_MAX_SECONDS,
) -> FeedResult:
    """Fetch and parse the feed at ``url`` (http(s), ``file://`` or a local path).

    ``client``'s timeout bounds each network wait; ``max_seconds`` bounds the whole
    download, against servers that trickle bytes. Never raises: failures come back
    as a result with ``error`` set, and are logged.
    """
    try:
        local = _local_path(url)
        if local is not None:
            content, headers = _read_file(local, max_bytes), {}
            new_state = FeedState(fetched_at=_now())
        else:
            response = _download(url, state, client, max_bytes, max_seconds)
            if response is None:
                logger.info("feed %s not modified", url)
                return FeedResult(url, [], _refreshed(state), not_modified=True)
            content, headers = response
            new_state = FeedState(headers.get("etag"), headers.get("last-modified"), _now())
        articles = parse_feed(content, url, headers.get("content-type"))
    except httpx.TimeoutException:
        return _failure(url, state, "timed out")
    except (httpx.HTTPError, httpx.InvalidURL, OSError, FeedError) as error:
        return _failure(url, state, str(error) or type(error).__name__)
    except Exception as error:  # a worker must survive any one feed; the traceback is logged
        logger.exception("unexpected error reading feed %s", url)
        return _failure(url, state, f"unexpected error: {error!r}")
    logger.info("feed %s: %d items", url, len(articles))
    return FeedResult(url, articles, new_state)


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> list[Article]:
    """The articles of a feed document, duplicates (same id) dropped.

    Raises :class:`FeedError` when the document is not a feed or is too broken to
    yield any entry. Recoverable damage (feedparser's ``bozo`` with entries) is
    logged and the entries kept.
    """
    if not content.strip():
        raise FeedError("empty response")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(_without_impossible_characters(content), response_headers=headers)
    damage = parsed.get("bozo_exception") if parsed.bozo else None
    if not parsed.entries and (not parsed.get("version") or (damage and not isinstance(damage, _BENIGN_DAMAGE))):
        raise FeedError(f"malformed feed: {damage or 'no feed found'}")
    if damage and not isinstance(damage, _BENIGN_DAMAGE):
        logger.warning("feed %s is damaged but readable: %s", url, damage)
    source = _plain(parsed.feed.get("title_detail"), parsed.feed.get("title", "")) or urlparse(url).netloc or None
    articles: list[Article] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        article = _article(entry, source, url)
        if article is not None and article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    return articles


def _without_impossible_characters(content: bytes) -> bytes:
    """``content`` without character references to code points that cannot exist in text.

    A reference such as ``&#xD800;`` (half of a UTF-16 surrogate pair) makes feedparser's
    fallback parser fail on the whole document, so one bad character would drop every
    item of the feed, every round. Only the reference goes; the item keeps the rest.
    """

    def keep(match: re.Match[bytes]) -> bytes:
        code = int(match[1], 16) if match[1] else int(match[2])
        impossible = code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF
        return b"" if impossible else match[0]

    return _CHARACTER_REFERENCE.sub(keep, content)


def _download(
    url: str, state: FeedState | None, client: httpx.Client, max_bytes: int, max_seconds: float
) -> tuple[bytes, httpx.Headers] | None:
    """The body and headers of ``url``, or ``None`` when the server says it is unchanged."""
    headers = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    deadline = time.monotonic() + max_seconds
    with client.stream("GET", url, headers=headers) as response:
        if response.status_code == httpx.codes.NOT_MODIFIED:
            return None
        if response.is_error:
            raise FeedError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FeedError(f"feed larger than {max_bytes} bytes ({declared} declared)")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise FeedError(f"feed larger than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FeedError(f"download took longer than {max_seconds:g} s")
        return bytes(body), response.headers


def _local_path(url: str) -> Path | None:
    """The file a ``file://`` URL or plain path names; ``None`` for web URLs."""
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https"):
        return None
    if parsed.scheme == "file":
        return Path(url2pathname(parsed.path))
    if parsed.scheme and len(parsed.scheme) > 1:  # one letter is a Windows drive
        raise FeedError(f"unsupported URL scheme {parsed.scheme!r}")
    return Path(url)


def _read_file(path: Path, max_bytes: int) -> bytes:
    with path.open("rb") as handle:
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise FeedError(f"feed larger than {max_bytes} bytes")
    return content


def _article(entry: Any, source: str | None, feed_url: str) -> Article | None:
    headline = _plain(entry.get("title_detail"), entry.get("title", ""))
    bodies = [_plain(content, "") for content in entry.get("content", [])]
    text = max(bodies, key=len, default="") or _plain(entry.get("summary_detail"), entry.get("summary", ""))
    if not headline and not text:
        return None
    link = entry.get("link") or None
    return Article(
        id=_article_id(entry.get("id"), link, feed_url, headline, text),
        headline=headline,
        text=text,
        date=_entry_date(entry),
        source=source,
        url=web_url(link),
    )


def _plain(detail: Any, fallback: str) -> str:
    """Plain text of a feedparser text construct (HTML converted, plain text tidied)."""
    value = drop_unencodable(detail.get("value", "") if detail else fallback)
    if detail and detail.get("type") in _HTML_TYPES:
        return html_to_text(value)
    lines = (" ".join(line.split()) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def _article_id(guid: str | None, link: str | None, feed_url: str, headline: str, text: str) -> str:
    """A stable short id. A URL-shaped GUID is global; an opaque one ("1234") only
    unique within its feed, so the feed URL is mixed in."""
    if guid:
        key = guid if urlparse(guid).scheme in ("http", "https", "urn", "tag") else f"{feed_url}\n{guid}"
    elif link:
        key = link
    else:
        key = f"{feed_url}\n{headline}\n{text}"
    return "feed-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _entry_date(entry: Any) -> ArticleDate | None:
    """The publication (else update) date, as the publisher's calendar shows it.

    feedparser normalises times to UTC, which would move an item published at
    00:30 Norwegian time to the day before; the raw string keeps the publisher's
    offset, so it is used when it agrees with feedparser's reading.
    """
    for name in ("published", "updated"):
        utc = entry.get(f"{name}_parsed")
        if utc is None:
            continue
        try:
            utc_day = date(*utc[:3])
        except ValueError:  # year 0 and the like: the item is kept, undated
            logger.warning("impossible date %r in feed item %r ignored", entry.get(name), entry.get("title"))
            return None
        try:
            local_day = date_parser.parse(entry.get(name, "")).date()
        except (ValueError, OverflowError):
            local_day = utc_day
        found = ArticleDate.from_date(local_day if abs((local_day - utc_day).days) <= 1 else utc_day)
        if not found.is_plausible(date.today()):
            logger.warning("future date %r in feed item %r ignored", entry.get(name), entry.get("title"))
            return None
        return found
    return None


def _failure(url: str, state: FeedState | None, error: str) -> FeedResult:
    logger.warning("feed %s failed: %s", url, error)
    return FeedResult(url, [], state, error=error)


def _refreshed(state: FeedState | None) -> FeedState:
    previous = state or FeedState()
    return FeedState(previous.etag, previous.last_modified, _now())


def _now() -> datetime:
    return datetime.now(timezone.utc)
