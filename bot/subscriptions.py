"""Topic alerts: which chat follows which topic, and which articles each chat was sent.

Kept in the same SQLite file as the articles so a restart neither forgets a
subscription nor sends an alert twice: an alert is recorded with
:meth:`Subscriptions.mark_sent` before (or as) it is sent, and a second mark fails.
"""

from __future__ import annotations

import sqlite3
import time
import unicodedata
from datetime import datetime, timezone

from retrieval.news.database import DatabaseOwner


def normalise_topic(topic: str) -> str:
    """The form topics are compared in: Unicode-normalised, white space collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", topic).split()).casefold()


class Subscriptions(DatabaseOwner):
    """Chats' followed topics and the alerts already sent to them."""

    def follow(self, chat_id: int, topic: str) -> bool:
        """Follow ``topic``; False if the chat already follows it (in any case or spacing)."""
        key = normalise_topic(topic)
        if not key:
            raise ValueError("a topic needs at least one word")
        shown = " ".join(unicodedata.normalize("NFC", topic).split())
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO subscriptions (chat_id, topic_key, topic, created_at) VALUES (?, ?, ?, ?)",
                (chat_id, key, shown, datetime.now(timezone.utc).isoformat()),
            )
            return cursor.rowcount == 1

    def unfollow(self, chat_id: int, topic: str) -> bool:
        """Stop following ``topic``; False if the chat did not follow it."""
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND topic_key = ?", (chat_id, normalise_topic(topic))
            )
            return cursor.rowcount > 0

    def topics(self, chat_id: int) -> list[str]:
        """The chat's topics as first written, oldest first."""
        rows = self._db.query("SELECT topic FROM subscriptions WHERE chat_id = ? ORDER BY rowid", (chat_id,))
        return [row["topic"] for row in rows]

    def all(self) -> list[tuple[int, str]]:
        """Every (chat, topic) pair, for matching new articles against."""
        rows = self._db.query("SELECT chat_id, topic FROM subscriptions ORDER BY chat_id, rowid")
        return [(row["chat_id"], row["topic"]) for row in rows]

    def remove_chat(self, chat_id: int) -> int:
        """Forget a chat entirely (it blocked the bot or was deleted); return topics removed."""
        with self._db.transaction() as connection:
            removed = connection.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount
            connection.execute("DELETE FROM sent_alerts WHERE chat_id = ?", (chat_id,))
            return removed

    def mark_sent(self, chat_id: int, article_id: str, at: datetime | None = None) -> bool:
        """Record that ``article_id`` is being sent to the chat; False if it already was.

        ``at`` defaults to now; a naive datetime is local time, as in ``datetime.timestamp``.
        """
        with self._db.transaction() as connection:
            return record_sent(connection, chat_id, article_id, at.timestamp() if at is not None else time.time())

    def was_sent(self, chat_id: int, article_id: str) -> bool:
        """Whether ``article_id`` was already sent to the chat."""
        rows = self._db.query(
            "SELECT 1 FROM sent_alerts WHERE chat_id = ? AND article_id = ?", (chat_id, article_id)
        )
        return bool(rows)

    def sent_since(self, chat_id: int, since: datetime) -> int:
        """How many alerts the chat got at or after ``since``, for per-hour limits."""
        with self._db.transaction() as connection:
            return count_sent_since(connection, chat_id, since)


def record_sent(connection: sqlite3.Connection, chat_id: int, article_id: str, sent_at: float) -> bool:
    """:meth:`Subscriptions.mark_sent` within the caller's transaction (queueing the alert with it)."""
    cursor = connection.execute(
        "INSERT OR IGNORE INTO sent_alerts (chat_id, article_id, sent_at) VALUES (?, ?, ?)", (chat_id, article_id, sent_at)
    )
    return cursor.rowcount == 1


def count_sent_since(connection: sqlite3.Connection, chat_id: int, since: datetime) -> int:
    """:meth:`Subscriptions.sent_since` within the caller's transaction."""
    query = "SELECT COUNT(*) FROM sent_alerts WHERE chat_id = ? AND sent_at >= ?"
    return connection.execute(query, (chat_id, since.timestamp())).fetchone()[0]
