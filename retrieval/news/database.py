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


class DatabaseFileError(RuntimeError):
    """The database file cannot be used; the message names it and says what to do.

    A corrupt, truncated or foreign file, a folder where the file should be, a data
    folder that is a file or cannot be written: each is something a person fixes,
    so it is one line for them, not a traceback.
    """


class SchemaError(DatabaseFileError):
    """The file was written by a newer version of the bot, whose schema this one does not know."""


class Database:
    """A SQLite connection usable from any thread, one statement or transaction at a time.

    The connection may be opened in one thread and used from a worker thread
    (``check_same_thread=False``); a lock keeps threads from interleaving inside a
    transaction. ``read_only`` opens the file without ever writing to it or its folder
    (no migration, no journal files), for commands that only read: they work from a
    read-only data folder too.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        check_location(self.path, create=not read_only)
        try:
            self._connection = _connect_read_only(self.path) if read_only else self._connect()
            self._connection.row_factory = sqlite3.Row
            with self._lock:
                if read_only:
                    self._check_version(self._version())
                else:
                    self._connection.execute("PRAGMA journal_mode=WAL")
                    self._migrate()
        except sqlite3.Error as error:
            raise explain(error, self.path) from None

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(str(self.path), check_same_thread=False, timeout=30.0)

    def _version(self) -> int:
        return self._connection.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"{self.path} was written by a newer nyhetsbot (database schema {version}, this one knows "
                f"{SCHEMA_VERSION}): upgrade nyhetsbot, or set data_dir to another folder"
            )

    def _migrate(self) -> None:
        version = self._version()
        self._check_version(version)
        for step in range(version, SCHEMA_VERSION):
            # executescript commits first; the version is written in the same script, so
            # a crash leaves either the old version with its tables or the new one.
            self._connection.executescript(f"BEGIN; {_MIGRATIONS[step]} PRAGMA user_version = {step + 1}; COMMIT;")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run statements atomically: committed together at the end, rolled back on error."""
        try:
            with self._lock, self._connection:
                yield self._connection
        except sqlite3.Error as error:
            raise explain(error, self.path) from None

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """All rows of one read-only statement."""
        try:
            with self._lock:
                return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise explain(error, self.path) from None

    def close(self) -> None:
        """Close the connection; everything committed is already on disk."""
        with self._lock:
            self._connection.close()


def check_location(path: Path, create: bool = False) -> None:
    """Refuse a folder where the file should be, or a file where its folder should be;
    with ``create``, make the folder."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise DatabaseFileError(f"data_dir {folder} is a file, not a folder: set data_dir to a folder")
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file: move it away, or set data_dir to another folder")
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseFileError(
                f"cannot create data_dir {folder} ({error.strerror}): create it, or set data_dir to a writable folder"
            ) from None


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes, even in a folder it may not write to.

    ``mode=ro`` still needs the WAL index file beside the database; in a read-only
    folder without one, the file is opened as immutable (nothing else can be writing
    it there either).
    """
    uri = path.resolve().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False, timeout=30.0)
    try:
        connection.execute("PRAGMA user_version").fetchone()
        return connection
    except sqlite3.OperationalError:
        connection.close()
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)


def explain(error: sqlite3.Error, path: Path) -> Exception:
    """A :class:`DatabaseFileError` for what a person must fix about the file; other errors unchanged."""
    message = str(error)
    if isinstance(error, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
        return error
    if "not a database" in message or "malformed" in message or type(error) is sqlite3.DatabaseError:
        return DatabaseFileError(
            f"{path} is damaged or not a nyhetsbot database ({message}): move it aside to start an empty one, "
            "or restore it from a backup"
        )
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return DatabaseFileError(
            f"cannot open or write {path} ({message}): make data_dir {path.parent} and the file writable by this "
            "user, or set data_dir to another folder (ask only reads, and works from a read-only folder)"
        )
    if "disk I/O" in message or "database or disk is full" in message:
        return DatabaseFileError(f"cannot use {path} ({message}): check the disk it is on")
    return error


class DatabaseOwner:
    """Base of the classes that keep their tables in the bot's database file."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self._db = Database(path, read_only)

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
