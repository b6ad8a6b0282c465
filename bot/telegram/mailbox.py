"""The bot's inbox and outbox in SQLite: what a user sent or was promised survives a crash.

An update is stored in the inbox *before* Telegram is told it arrived (the next
``getUpdates`` confirms it; a webhook answers 200 after :meth:`Mailbox.receive`).
When its handler has run, the replies it could not send go into the outbox and the
inbox row is emptied in one transaction, so after a crash an update is either still
to be handled or has all its replies sent or queued. The emptied row stays as a tombstone for a day
(as long as Telegram may deliver an unconfirmed update again) so a redelivery is not
handled twice; it holds no personal data.

The outbox is sent by :class:`bot.telegram.sender.Sender`, in order per chat, with
retries; a row is deleted once Telegram has accepted it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from retrieval.news.database import DatabaseOwner

# Telegram keeps an unconfirmed update for 24 hours; a tombstone must outlive that.
_TOMBSTONE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Outgoing:
    """One Bot API request to make: the method and its parameters, JSON-compatible."""

    method: str
    chat_id: int
    params: dict[str, Any]


@dataclass(frozen=True)
class Queued:
    """An outbox row: an :class:`Outgoing` request with its delivery state."""

    id: int
    request: Outgoing
    origin: str | None
    attempts: int


@dataclass(frozen=True)
class Received:
    """An inbox row still to be handled."""

    update_id: int
    payload: dict[str, Any]
    received_at: float


def insert_outgoing(connection: sqlite3.Connection, requests: Iterable[Outgoing], origin: str | None) -> int:
    """Queue ``requests`` within the caller's transaction (e.g. with the articles' alert flags)."""
    now = time.time()
    rows = [
        (request.chat_id, json.dumps({"method": request.method, "params": request.params}), origin, now, now)
        for request in requests
    ]
    connection.executemany(
        "INSERT INTO outbox (chat_id, request, origin, not_before, created_at) VALUES (?, ?, ?, ?, ?)", rows
    )
    return len(rows)


class Mailbox(DatabaseOwner):
    """The inbox and outbox tables of the bot's database."""

    def __init__(self, path: Any) -> None:
        super().__init__(path)
        with self._db.transaction() as connection:
            # Durable across a killed process (the WAL is in the OS's hands at commit), not
            # across a power cut: one fsync per update and per sent message would cap throughput.
            connection.execute("PRAGMA synchronous = NORMAL")

    # --- inbox -----------------------------------------------------------------------------

    def receive(self, update_id: int, payload: dict[str, Any]) -> bool:
        """Store an update; False if it was stored before (a redelivery: already queued or handled)."""
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
                (update_id, json.dumps(payload), time.time()),
            )
            return cursor.rowcount == 1

    def unhandled(self) -> list[Received]:
        """Stored updates whose handling did not finish, oldest first (to replay after a restart)."""
        rows = self._db.query("SELECT update_id, payload, received_at FROM inbox WHERE payload != '' ORDER BY update_id")
        return [Received(row["update_id"], json.loads(row["payload"]), row["received_at"]) for row in rows]

    def finish(self, update_id: int, requests: Sequence[Outgoing]) -> None:
        """Queue an update's replies and mark it handled, in one transaction."""
        with self._db.transaction() as connection:
            insert_outgoing(connection, requests, f"update:{update_id}")
            connection.execute("UPDATE inbox SET payload = '' WHERE update_id = ?", (update_id,))
            connection.execute(
                "DELETE FROM inbox WHERE payload = '' AND received_at < ?", (time.time() - _TOMBSTONE_SECONDS,)
            )

    # --- outbox ----------------------------------------------------------------------------

    def send_later(self, requests: Sequence[Outgoing], origin: str | None = None) -> None:
        """Queue requests that answer no particular update (e.g. a reply a background task sends)."""
        with self._db.transaction() as connection:
            insert_outgoing(connection, requests, origin)

    def has_queued(self, chat_id: int) -> bool:
        """Whether any request to ``chat_id`` is queued."""
        return bool(self._db.query("SELECT 1 FROM outbox WHERE chat_id = ? LIMIT 1", (chat_id,)))

    def due(self, now: float, limit: int, skip_chats: Iterable[int] = ()) -> list[Queued]:
        """Per chat, its oldest queued request if that one is due: messages to a chat keep their order."""
        skip = set(skip_chats)
        rows = self._db.query(
            "SELECT o.id, o.chat_id, o.request, o.origin, o.attempts FROM outbox o"
            " JOIN (SELECT MIN(id) AS id FROM outbox GROUP BY chat_id) head ON o.id = head.id"
            " WHERE o.not_before <= ? ORDER BY o.id LIMIT ?",
            (now, limit + len(skip)),
        )
        return [_queued(row) for row in rows if row["chat_id"] not in skip][:limit]

    def next_for(self, chat_id: int, now: float) -> Queued | None:
        """The chat's oldest queued request, if it is due."""
        rows = self._db.query(
            "SELECT id, chat_id, request, origin, attempts, not_before FROM outbox WHERE chat_id = ? ORDER BY id LIMIT 1",
            (chat_id,),
        )
        return _queued(rows[0]) if rows and rows[0]["not_before"] <= now else None

    def next_due_time(self) -> float | None:
        """When the earliest queued request is due, or ``None`` if the outbox is empty."""
        return self._db.query("SELECT MIN(not_before) FROM outbox")[0][0]

    def sent(self, row_id: int) -> None:
        """Telegram accepted the request (or refused it for good): forget it."""
        with self._db.transaction() as connection:
            connection.execute("DELETE FROM outbox WHERE id = ?", (row_id,))

    def retry_at(self, row_id: int, attempts: int, when: float) -> None:
        """The request failed for a reason that may pass: try again at ``when``."""
        with self._db.transaction() as connection:
            connection.execute("UPDATE outbox SET attempts = ?, not_before = ? WHERE id = ?", (attempts, when, row_id))

    def retry_waiting_soon(self, when: float, below_attempts: int) -> None:
        """Telegram answers again: requests waiting out a longer backoff are due at ``when``.

        Those that failed ``below_attempts`` times or more keep their own backoff.
        """
        with self._db.transaction() as connection:
            connection.execute(
                "UPDATE outbox SET not_before = ? WHERE attempts > 0 AND attempts < ? AND not_before > ?",
                (when, below_attempts, when),
            )

    def __len__(self) -> int:
        return self._db.query("SELECT COUNT(*) FROM outbox")[0][0]


def _queued(row: sqlite3.Row) -> Queued:
    request = json.loads(row["request"])
    return Queued(row["id"], Outgoing(request["method"], row["chat_id"], request["params"]), row["origin"], row["attempts"])
