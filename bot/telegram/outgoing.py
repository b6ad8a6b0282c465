"""The bot object the handlers send through: replies go to the outbox, typing shows only when slow.

Handlers keep calling ``reply_text``, ``edit_message_text`` and ``send_action`` as
usual; this :class:`~telegram.ext.ExtBot` subclass changes what happens beneath them,
at the one place every Bot API call passes (``_do_post``):

* ``sendMessage`` and ``editMessageText`` made while an update is handled are collected
  on its :class:`Handling` and queued, with the update's inbox row closed, when the
  handler returns (see :mod:`bot.telegram.incoming`). Made outside a handler (a
  background task, a late part of ``/reload``), they are queued at once. The handler
  gets a stand-in :class:`~telegram.Message` with ``message_id`` 0, since the real one
  exists only once the sender has delivered it. Without a data folder there is no
  outbox and they are sent directly, as before.
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
from telegram.ext import ExtBot

from bot.telegram.mailbox import Outgoing
from bot.telegram.sender import Sender

log = logging.getLogger(__name__)

QUEUED_METHODS = frozenset({"sendMessage", "editMessageText"})
# Answers take ~50 ms at the median and a few hundred at worst on the development
# set (benchmarks/faults.py prints them); a person notices a wait of about a second.
TYPING_DELAY = 1.0


@dataclass
class Handling:
    """The update being handled in this task: the replies it made so far, its pending typing indicator."""

    update_id: int
    replies: list[Outgoing] = field(default_factory=list)
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
            if handling is not None and handling.open:
                handling.replies.append(request)
            else:
                self._sender.send_later([request])
            return stand_in(endpoint, request.params)
        if endpoint == "sendChatAction" and handling is not None and handling.open:
            send = super()._do_post
            self._delay_typing(handling, data, lambda: send(endpoint, data, **timeouts))
            return True
        return await super()._do_post(endpoint, data, **timeouts)

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
