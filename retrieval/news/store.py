"""Articles gathered from feeds, kept in SQLite so a restart loses nothing.

The same story arrives many times: on every poll, in several feeds of one
publisher, and with a new GUID after an edit. It is stored once: an item with the
id (GUID) or link of a stored article is that article — when its headline or text
changed (a correction), it replaces the stored version and gets a new ``revision``;
an item whose normalised headline and text match another stored article is a
duplicate and is dropped. ``revision`` comes from one counter, set on every insert and
replacement, so the index asks for "what changed since revision R"
(:meth:`ArticleStore.changes_since`) instead of re-reading every article.
"""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from retrieval.news.article import Article, ArticleDate
from retrieval.news.database import DatabaseOwner

if TYPE_CHECKING:  # answering reads stored articles; only fetching needs the feed client (httpx, feedparser)
    from retrieval.news.feeds import FeedState


class ArticleStore(DatabaseOwner):
    """Stored feed articles and the per-feed state for conditional fetches."""

    def add(self, articles: Iterable[Article], feed_url: str | None = None) -> int:
        """Store the articles not yet stored; return how many were new."""
        return len(self.add_new(articles, feed_url))

    def add_new(self, articles: Iterable[Article], feed_url: str | None = None) -> list[Article]:
        """Store the articles not yet stored and return them, e.g. to alert subscribers.

        An item with the id or link of a stored article whose headline or text differ
        replaces it (see the module docstring); it is not returned, as it is not new.
        """
        added_at = datetime.now(timezone.utc).isoformat()
        new: list[Article] = []
        with self._db.transaction() as connection:
            for article in articles:
                if _store_one(connection, article, feed_url, added_at) == "new":
                    new.append(article)
        return new

    def changes_since(self, revision: int) -> list[tuple[int, int, Article]]:
        """``(seq, revision, article)`` of every article stored or replaced after ``revision``, oldest first.

        ``seq`` identifies the stored article for good (its id may change with a replacement).
        """
        rows = self._db.query(
            "SELECT seq, revision, id, headline, text, date, source, url FROM articles WHERE revision > ? ORDER BY revision",
            (revision,),
        )
        return [(row["seq"], row["revision"], _article(row)) for row in rows]

    def articles(self) -> list[Article]:
        """Every stored article, in the order they were first stored."""
        rows = self._db.query("SELECT id, headline, text, date, source, url FROM articles ORDER BY seq")
        return [_article(row) for row in rows]

    def __len__(self) -> int:
        return self._db.query("SELECT COUNT(*) FROM articles")[0][0]

    def alerts_pending(self) -> list[str]:
        """Ids of stored articles not yet matched against the followed topics (new, or left by a crash)."""
        return [row[0] for row in self._db.query("SELECT id FROM articles WHERE alerts_pending = 1 ORDER BY seq")]

    def finish_alerts(self, article_ids: Iterable[str], queue: Callable[[sqlite3.Connection], None]) -> None:
        """Run ``queue`` (which records and queues the alerts) and clear the articles' pending flag, atomically."""
        with self._db.transaction() as connection:
            queue(connection)
            connection.executemany("UPDATE articles SET alerts_pending = 0 WHERE id = ?", [(i,) for i in article_ids])

    def feed_state(self, url: str) -> FeedState | None:
        """What the last successful fetch of ``url`` left, or ``None`` if never fetched."""
        rows = self._db.query("SELECT etag, last_modified, fetched_at FROM feeds WHERE url = ?", (url,))
        if not rows:
            return None
        etag, last_modified, fetched_at = rows[0]
        from retrieval.news.feeds import FeedState

        return FeedState(etag, last_modified, datetime.fromisoformat(fetched_at) if fetched_at else None)

    def save_feed_state(self, url: str, state: FeedState) -> None:
        """Remember ``state`` for the next conditional fetch of ``url``."""
        with self._db.transaction() as connection:
            connection.execute(
                "INSERT INTO feeds (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
                (url, state.etag, state.last_modified, state.fetched_at.isoformat() if state.fetched_at else None),
            )


def content_hash(article: Article) -> str:
    """Hash of headline and text, ignoring case, Unicode form and white space.

    The headline is included because many feeds give every item the same short
    boilerplate summary; hashing that alone would merge unrelated stories.
    """
    normalised = unicodedata.normalize("NFKC", f"{article.headline}\n{article.text}").casefold()
    return hashlib.sha1(" ".join(normalised.split()).encode("utf-8")).hexdigest()


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        headline=row["headline"],
        text=row["text"],
        date=ArticleDate.parse(row["date"]) if row["date"] else None,
        source=row["source"],
        url=row["url"],
    )


def _store_one(connection: sqlite3.Connection, article: Article, feed_url: str | None, added_at: str) -> str:
    """Insert, replace or drop one item: ``"new"``, ``"replaced"`` or ``"seen"``."""
    url = article.url or None  # "" is no link, and must not collide with other link-less items
    digest = content_hash(article)
    date = article.date.isoformat() if article.date else None
    same = connection.execute(
        "SELECT seq, text_hash FROM articles WHERE id = ? OR (? IS NOT NULL AND url = ?) ORDER BY id = ? DESC LIMIT 1",
        (article.id, url, url, article.id),
    ).fetchone()
    revision = connection.execute("SELECT COALESCE(MAX(revision), 0) + 1 FROM articles").fetchone()[0]
    if same is None:
        cursor = connection.execute(
            "INSERT OR IGNORE INTO articles"
            " (id, url, text_hash, headline, text, date, source, feed_url, added_at, revision, alerts_pending)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (article.id, url, digest, article.headline, article.text, date, article.source, feed_url, added_at, revision),
        )
        return "new" if cursor.rowcount == 1 else "seen"
    if same["text_hash"] == digest:
        return "seen"
    try:
        connection.execute(
            "UPDATE articles SET id = ?, url = ?, text_hash = ?, headline = ?, text = ?, date = ?, source = ?,"
            " revision = ? WHERE seq = ?",
            (article.id, url, digest, article.headline, article.text, date, article.source, revision, same["seq"]),
        )
    except sqlite3.IntegrityError:  # the corrected text is another stored article's, or the id/link another's
        return "seen"
    return "replaced"
