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

SCHEMA_VERSION = 1

_SCHEMA = """
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
"""


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
        if version < SCHEMA_VERSION:
            self._connection.executescript(_SCHEMA)
            self._connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._connection.commit()

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
