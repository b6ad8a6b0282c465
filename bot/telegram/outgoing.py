"""The bot object the handlers send through: replies outlive failed sends, typing shows only when slow.

Handlers keep calling ``reply_text``, ``edit_message_text`` and ``send_action`` as
usual; this :class:`~telegram.ext.ExtBot` subclass changes what happens beneath them,
at the one place every Bot API call passes (``_do_post``):

* ``sendMessage`` and ``editMessageText`` made while an update is handled are sent at
  once, and the handler gets the real :class:`~telegram.Message` (the conversation
  remembers its id). If the send fails in a way that may pass (network, timeout, 5xx,
  flood control), the request is kept on the update's :class:`Handling` instead — and
  so is every later one of that update, and any to a chat that already has messages
  waiting in the outbox, so nothing overtakes — and queued when the handler returns,
  in the transaction that closes the update's inbox row (see
  :mod:`bot.telegram.incoming`); the handler then gets a stand-in message with
  ``message_id`` 0. A definite refusal (blocked, bad request) is raised to the handler
  as before. Made outside a handler (alerts, a late part of ``/reload``), messages go
  to the outbox directly. Without a data folder there is no outbox and they are sent
  directly, as before.
* ``sendChatAction`` is held back for :data:`TYPING_DELAY`: most answers are ready
  sooner, and then the indicator would cost an API call (half the send budget) and
  vanish before anyone sees it.
* Everything else — answering a button press or inline query, which Telegram only
  accepts within seconds, getUpdates, setWebhook — goes straight through.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from telegram import TelegramObject
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.telegram.mailbox import Outgoing
from bot.telegram.sender import Sender

log = logging.getLogger(__name__)

QUEUED_METHODS = frozenset({"sendMessage", "editMessageText"})
# An answer over the development set takes 5 ms at the median, 9 ms at p95 and 18 ms at
# worst (500 questions, one thread); a person notices a wait of about a second.
TYPING_DELAY = 1.0


@dataclass
class Handling:
    """The update being handled in this task: the replies it made so far, its pending typing indicator."""

    update_id: int
    late_note: Outgoing | None = None  # said before the first reply when the question waited long
    replies: list[Outgoing] = field(default_factory=list)  # those that could not be sent at once
    open: bool = True
    typing: dict[int, asyncio.Task[None]] = field(default_factory=dict)

    def replied(self, chat_id: int) -> None:
        """A message to ``chat_id`` is on its way: a typing indicator would come after it."""
        task = self.typing.pop(chat_id, None)
        if task is not None:
            task.cancel()

    def close(self) -> None:
        self.open = False
        for task in self.typing.values():
            task.cancel()
        self.typing.clear()


CURRENT: ContextVar[Handling | None] = ContextVar("nyhetsbot_handling", default=None)
_DELIVERING: ContextVar[bool] = ContextVar("nyhetsbot_delivering", default=False)


def plain(value: Any) -> Any:
    """``value`` as JSON data, the way python-telegram-bot would send it."""
    if isinstance(value, TelegramObject):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return int(value.timestamp())
    return value


def stand_in(method: str, params: dict[str, Any]) -> dict[str, Any] | bool:
    """What the handler gets back for a queued request: the message as it will look."""
    chat_id = params.get("chat_id")
    if not isinstance(chat_id, int):
        return True  # an inline message: Telegram answers True
    return {
        "message_id": params.get("message_id", 0),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
        "text": params.get("text", ""),
    }


class DurableBot(ExtBot):  # type: ignore[type-arg]
    """An :class:`~telegram.ext.ExtBot` whose messages go through ``sender``'s outbox when there is one."""

    def __init__(self, *args: Any, sender: Sender | None = None, **kwargs: Any) -> None:
        self._sender = sender  # underscored: ExtBot freezes its public attributes
        super().__init__(*args, **kwargs)

    async def deliver(self, request: Outgoing) -> Any:
        """Make a queued request for real (the sender calls this)."""
        token = _DELIVERING.set(True)
        try:
            return await self._post(request.method, dict(request.params))
        finally:
            _DELIVERING.reset(token)

    async def _do_post(self, endpoint: str, data: dict[str, Any], **timeouts: Any) -> Any:
        if _DELIVERING.get():
            return await super()._do_post(endpoint, data, **timeouts)
        handling = CURRENT.get()
        if endpoint in QUEUED_METHODS:
            chat_id = data.get("chat_id")
            if handling is not None and isinstance(chat_id, int):
                handling.replied(chat_id)
            if self._sender is None:
                return await super()._do_post(endpoint, data, **timeouts)
            request = Outgoing(endpoint, chat_id if isinstance(chat_id, int) else 0, plain(data))
            if handling is None or not handling.open:
                self._sender.send_later([request])
                return stand_in(endpoint, request.params)
            send = super()._do_post
            note = handling.late_note
            if note is not None and note.chat_id == request.chat_id:
                handling.late_note = None
                await self._reply(handling, note, lambda: send(note.method, dict(note.params), **timeouts))
            return await self._reply(handling, request, lambda: send(endpoint, data, **timeouts))
        if endpoint == "sendChatAction" and handling is not None and handling.open:
            send = super()._do_post
            self._delay_typing(handling, data, lambda: send(endpoint, data, **timeouts))
            return True
        return await super()._do_post(endpoint, data, **timeouts)

    async def _reply(self, handling: Handling, request: Outgoing, send: Callable[[], Awaitable[Any]]) -> Any:
        """Send a handler's message now if nothing must go before it; else, or if that fails for now, keep it."""
        assert self._sender is not None
        if not handling.replies and not self._sender.has_queued(request.chat_id):
            try:
                return await send()
            except (Forbidden, BadRequest, ChatMigrated):
                raise
            except (TelegramError, OSError) as error:
                log.warning(
                    "reply to update %d not sent (%s); the outbox retries it", handling.update_id, type(error).__name__
                )
        handling.replies.append(request)
        return stand_in(request.method, request.params)

    @staticmethod
    def _delay_typing(handling: Handling, data: dict[str, Any], send: Callable[[], Awaitable[Any]]) -> None:
        chat_id = data.get("chat_id")
        if not isinstance(chat_id, int) or chat_id in handling.typing:
            return

        async def later() -> None:
            await asyncio.sleep(TYPING_DELAY)
            del handling.typing[chat_id]  # on its way: the answer no longer cancels it
            try:
                await send()
            except Exception as error:  # only a courtesy; the answer matters
                log.debug("typing indicator not sent: %s", type(error).__name__)

        handling.typing[chat_id] = asyncio.create_task(later())
