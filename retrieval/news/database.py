"""The bot's SQLite file: one connection per owner, shareable across threads, versioned schema.

Articles from feeds, feed states, topic subscriptions and sent alerts all live in
one file so a restart loses nothing and a backup is one copy. WAL journaling lets
a reader (the bot answering) and a writer (the feed poller) work at the same time.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

# Each step takes the file from the version before it to its own; a new file runs all of
# them. The list only ever grows: a released step is never edited, so every file,
# however old, reaches the same schema.
_MIGRATIONS: tuple[str, ...] = (
    # 1: feed articles, feed states, topic subscriptions, sent alerts.
    """
    CREATE TABLE IF NOT EXISTS articles (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,  -- insertion order, the stable listing order
        id         TEXT NOT NULL UNIQUE,
        url        TEXT UNIQUE,
        text_hash  TEXT NOT NULL UNIQUE,
        headline   TEXT NOT NULL,
        text       TEXT NOT NULL,
        date       TEXT,                               -- ArticleDate.isoformat(), keeps precision
        source     TEXT,
        feed_url   TEXT,
        added_at   TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS feeds (
        url            TEXT PRIMARY KEY,
        etag           TEXT,
        last_modified  TEXT,
        fetched_at     TEXT
    );
    CREATE TABLE IF NOT EXISTS subscriptions (
        chat_id    INTEGER NOT NULL,
        topic_key  TEXT NOT NULL,                      -- case- and white-space-normalised topic
        topic      TEXT NOT NULL,                      -- as the user first wrote it
        created_at TEXT NOT NULL,
        PRIMARY KEY (chat_id, topic_key)
    );
    CREATE TABLE IF NOT EXISTS sent_alerts (
        chat_id    INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        sent_at    REAL NOT NULL,                      -- Unix time
        PRIMARY KEY (chat_id, article_id)
    );
    CREATE INDEX IF NOT EXISTS sent_alerts_by_time ON sent_alerts (chat_id, sent_at);
    """,
    # 2: what a live bot must not lose (issues "grows with the feeds", "loses nothing",
    # "a conversation"). One shape agreed for all of them:
    # - articles.revision: a number from one counter, set on every insert and every
    #   replacement (a re-published item with corrected text), so the index can ask
    #   "what changed since revision R" instead of re-reading every article.
    # - articles.alerts_pending: 1 from storing until the article has been matched
    #   against the followed topics and its alerts queued in the outbox, in one
    #   transaction; a crash in between leaves it 1, and the next round resumes it.
    # - inbox: updates received and not yet fully handled (their replies queued).
    # - outbox: messages to send, retried with backoff until sent or definitely refused.
    # - conversations: each chat's (or console session's) recent turns, bounded.
    """
    ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN alerts_pending INTEGER NOT NULL DEFAULT 0;
    UPDATE articles SET revision = seq;
    CREATE INDEX IF NOT EXISTS articles_by_revision ON articles (revision);
    CREATE INDEX IF NOT EXISTS articles_alerts_pending ON articles (alerts_pending) WHERE alerts_pending = 1;
    CREATE TABLE IF NOT EXISTS inbox (
        update_id   INTEGER PRIMARY KEY,               -- the front end's update id: stored once
        payload     TEXT NOT NULL,                     -- the update as JSON
        received_at REAL NOT NULL                      -- Unix time
    );
    CREATE TABLE IF NOT EXISTS outbox (
        id          INTEGER PRIMARY KEY AUTOINCREMENT, -- send order
        chat_id     INTEGER NOT NULL,
        request     TEXT NOT NULL,                     -- JSON: the API method and its parameters
        origin      TEXT,                              -- what it answers: "update:<id>" or "alert:<article id>"
        attempts    INTEGER NOT NULL DEFAULT 0,
        not_before  REAL NOT NULL,                     -- Unix time of the next attempt
        created_at  REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS outbox_due ON outbox (not_before);
    CREATE TABLE IF NOT EXISTS conversations (
        chat_key    TEXT PRIMARY KEY,                  -- "<chat id>" or "<chat id>:<thread id>", or a console session
        state       TEXT NOT NULL,                     -- JSON, bounded by the conversation code
        updated_at  REAL NOT NULL                      -- Unix time; old conversations are dropped
    );
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)


class SchemaError(RuntimeError):
    """The file was written by a newer version of the bot, whose schema this one does not know."""


class Database:
    """A SQLite connection usable from any thread, one statement or transaction at a time.

    The connection may be opened in one thread and used from a worker thread
    (``check_same_thread=False``); a lock keeps threads from interleaving inside a
    transaction.
    """

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path), check_same_thread=False, timeout=30.0)
        self._connection.row_factory = sqlite3.Row
        with self._lock:
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._migrate()

    def _migrate(self) -> None:
        version = self._connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaError(f"database schema version {version} is newer than this program's {SCHEMA_VERSION}")
        for step in range(version, SCHEMA_VERSION):
            # executescript commits first; the version is written in the same script, so
            # a crash leaves either the old version with its tables or the new one.
            self._connection.executescript(f"BEGIN; {_MIGRATIONS[step]} PRAGMA user_version = {step + 1}; COMMIT;")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run statements atomically: committed together at the end, rolled back on error."""
        with self._lock, self._connection:
            yield self._connection

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """All rows of one read-only statement."""
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def close(self) -> None:
        """Close the connection; everything committed is already on disk."""
        with self._lock:
            self._connection.close()


class DatabaseOwner:
    """Base of the classes that keep their tables in the bot's database file."""

    def __init__(self, path: str | Path) -> None:
        self._db = Database(path)

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
