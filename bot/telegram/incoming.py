"""The application side of durability: store each update before Telegram forgets it, replay after a crash.

Polling and webhook alike hand every update to ``Application.update_queue``; the
:class:`StoringQueue` writes it to the inbox first. In polling mode the offset that
confirms an update to Telegram is sent with the *next* ``getUpdates``, which the
updater only makes after this ``put`` returned; in webhook mode the 200 is only
answered after it. Either way an update Telegram considers delivered is on disk.

:class:`DurableApplication` runs each update's handlers inside a :class:`Handling`
(see :mod:`bot.telegram.outgoing`), then queues the replies that could not be sent
and closes the inbox row in one transaction. At start-up it replays what the last run did not finish, with a
word of apology when the question has waited a while.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot import messages
from bot.telegram.mailbox import Mailbox, Outgoing
from bot.telegram.outgoing import CURRENT, Handling
from bot.telegram.sender import Sender

log = logging.getLogger(__name__)

# A reply this much later than the question gets a note that it is late.
LATE_AFTER = timedelta(minutes=3)
# On SIGTERM, how long the sender may keep delivering before the process exits.
DRAIN_SECONDS = 10.0


class StoringQueue(asyncio.Queue):  # type: ignore[type-arg]
    """The update queue, writing each new update to the inbox before accepting it."""

    def __init__(self, mailbox: Mailbox) -> None:
        super().__init__()
        self.mailbox = mailbox

    async def put(self, item: Any) -> None:
        # Stored in a worker thread (a commit waits for the disk); the poller awaits this
        # put before its next getUpdates confirms the update, so it is stored first all the same.
        if isinstance(item, Update) and not await asyncio.to_thread(self.mailbox.receive, item.update_id, item.to_dict()):
            log.debug("update %d was delivered again; it is already stored", item.update_id)
            return
        await super().put(item)

    async def replay(self, bot: Any) -> int:
        """Queue the stored updates the last run did not finish; return how many."""
        pending = self.mailbox.unhandled()
        for received in pending:
            await super().put(Update.de_json(received.payload, bot))
        return len(pending)


class DurableApplication(Application):  # type: ignore[type-arg]
    """An :class:`~telegram.ext.Application` whose updates and replies survive a crash (with a data folder)."""

    def __init__(self, *, sender: Sender | None, default_language: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sender = sender
        self.default_language = default_language

    async def initialize(self) -> None:
        await super().initialize()
        if isinstance(self.update_queue, StoringQueue):
            replayed = await self.update_queue.replay(self.bot)
            if replayed:
                log.info("replaying %d updates received before the last stop", replayed)

    async def start(self) -> None:
        await super().start()
        if self.sender is not None:
            self.sender.start(self.bot)

    async def stop(self) -> None:
        await super().stop()  # handles what is in the queue first
        if self.sender is not None:
            await self.sender.stop(DRAIN_SECONDS)

    async def shutdown(self) -> None:
        await super().shutdown()
        if self.sender is not None:
            self.sender.mailbox.close()

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        handling = Handling(update.update_id, late_note=self._late_note(update))
        token = CURRENT.set(handling)
        try:
            await super().process_update(update)
        finally:
            CURRENT.reset(token)
            handling.close()
        if self.sender is not None:
            await asyncio.to_thread(self.sender.finish_update, update.update_id, handling.replies)

    def _late_note(self, update: Update) -> Outgoing | None:
        """An apology to say before the answer to a question that waited more than :data:`LATE_AFTER`."""
        message = update.message
        if message is None or datetime.now(timezone.utc) - message.date < LATE_AFTER:
            return None
        user = update.effective_user
        language = messages.interface_language(user.language_code if user else None, self.default_language)
        chat_id = message.chat_id
        return Outgoing("sendMessage", chat_id, {"chat_id": chat_id, "text": messages.text(language, "late_answer")})
