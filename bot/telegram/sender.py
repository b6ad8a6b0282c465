"""Deliver the outbox: retry what may pass, drop only what Telegram refuses for good.

One task per chat with something due sends that chat's requests in order (a long
answer's parts must not overtake each other); chats proceed side by side, and
python-telegram-bot's rate limiter keeps the whole within Telegram's limits.

A network error, a timeout or a 5xx is retried with exponential backoff (with some
jitter, so a recovered API is not hit by every chat at once). The backoff protects an
API that is down; once a request gets through, the API is answering again and the
others waiting out a backoff are tried again within a second (unless they have failed
:data:`_PERSISTENT_FAILURES` times: those keep their own backoff, so a request that
always fails does not ride on every success). A definite refusal —
the user blocked the bot, the chat is gone, the request is malformed — is dropped and
logged without personal data; a blocked chat loses its topic alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, Protocol

from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.telegram.mailbox import Mailbox, Outgoing, Queued

log = logging.getLogger(__name__)

_FIRST_BACKOFF = 1.0
_LONGEST_BACKOFF = 30.0
_IDLE_CHECK = 1.0  # also notices rows queued from worker threads, which cannot set the event
_CHATS_AT_ONCE = 32
_PERSISTENT_FAILURES = 8


class Transport(Protocol):
    """What actually talks to Telegram (the bot, bypassing its own outbox)."""

    async def deliver(self, request: Outgoing) -> Any: ...


def backoff(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failure: 1, 2, 4, … up to half a minute, ±20 %."""
    return min(_LONGEST_BACKOFF, _FIRST_BACKOFF * 2 ** (attempts - 1)) * random.uniform(0.8, 1.2)


class Sender:
    """The background task that empties the outbox."""

    def __init__(self, mailbox: Mailbox, on_blocked: Callable[[int], None] = lambda chat_id: None) -> None:
        self.mailbox = mailbox
        self.on_blocked = on_blocked
        self.transport: Transport | None = None
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._stopping = False
        self._some_wait = False  # a request is waiting out a backoff

    # --- what the bot calls ------------------------------------------------------------------

    def finish_update(self, update_id: int, requests: Sequence[Outgoing]) -> None:
        """An update was handled: queue its replies and close it, atomically."""
        self.mailbox.finish(update_id, requests)
        self.wake()

    def send_later(self, requests: Sequence[Outgoing], origin: str | None = None) -> None:
        """Queue requests that belong to no update being handled."""
        self.mailbox.send_later(requests, origin)
        self.wake()

    def has_queued(self, chat_id: int) -> bool:
        """Whether messages to ``chat_id`` wait in the outbox (a new one must not overtake them)."""
        return self.mailbox.has_queued(chat_id)

    def wake(self) -> None:
        """Look at the outbox now (callable from any thread)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    # --- the task ------------------------------------------------------------------------

    def start(self, transport: Transport) -> None:
        self.transport = transport
        self._loop = asyncio.get_running_loop()
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox sender")

    async def stop(self, drain_seconds: float) -> None:
        """Send what is due for up to ``drain_seconds``, then stop; the rest waits in the database."""
        deadline = time.monotonic() + drain_seconds
        while time.monotonic() < deadline and (self._busy or self._has_due()):
            self.wake()
            await asyncio.sleep(0.05)
        self._stopping = True
        self.wake()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for task in list(self._busy.values()):
            task.cancel()
        await asyncio.gather(*self._busy.values(), return_exceptions=True)
        self._busy.clear()
        if len(self.mailbox):
            log.info("%d outgoing messages wait in the outbox for the next start", len(self.mailbox))

    def _has_due(self) -> bool:
        due = self.mailbox.next_due_time()
        return due is not None and due <= time.time()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            free = _CHATS_AT_ONCE - len(self._busy)
            if free > 0:
                for row in self.mailbox.due(time.time(), free, skip_chats=self._busy):
                    self._busy[row.request.chat_id] = asyncio.create_task(self._send_chat(row))
            await self._sleep()

    async def _sleep(self) -> None:
        due = self.mailbox.next_due_time()
        wait = _IDLE_CHECK if due is None else max(0.0, min(_IDLE_CHECK, due - time.time()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), wait)

    async def _send_chat(self, row: Queued | None) -> None:
        """Send the chat's due requests in order; stop at the first that must wait."""
        chat_id = row.request.chat_id if row else 0
        try:
            while row is not None and not self._stopping:
                if not await self._send(row):
                    return
                row = self.mailbox.next_for(chat_id, time.time())
        finally:
            self._busy.pop(chat_id, None)
            self.wake()

    async def _send(self, row: Queued) -> bool:
        """One attempt; True if the row is done with (sent or dropped)."""
        assert self.transport is not None
        method = row.request.method
        try:
            await self.transport.deliver(row.request)
        except RetryAfter as error:
            wait = error.retry_after.total_seconds() if isinstance(error.retry_after, timedelta) else float(error.retry_after)
            log.warning("outgoing %d (%s): flood control, retrying in %.0f s", row.id, method, wait)
            self.mailbox.retry_at(row.id, row.attempts + 1, time.time() + wait)
            return False
        except (Forbidden, BadRequest, ChatMigrated) as error:
            log.warning("outgoing %d (%s) dropped: %s: %s", row.id, method, type(error).__name__, error.message)
            self.mailbox.sent(row.id)
            if isinstance(error, Forbidden):
                self.on_blocked(row.request.chat_id)
            return True
        except (TelegramError, OSError) as error:  # network, timeouts, 5xx: may pass
            delay = backoff(row.attempts + 1)
            log.warning(
                "outgoing %d (%s) failed (%s), attempt %d; retrying in %.1f s",
                row.id, method, type(error).__name__, row.attempts + 1, delay,
            )
            self.mailbox.retry_at(row.id, row.attempts + 1, time.time() + delay)
            self._some_wait = True
            return False
        self.mailbox.sent(row.id)
        if row.attempts:
            log.info("outgoing %d (%s) sent after %d failed attempts", row.id, method, row.attempts)
        if self._some_wait:
            self._some_wait = False
            self.mailbox.retry_waiting_soon(time.time() + _FIRST_BACKOFF, _PERSISTENT_FAILURES)
        return True
