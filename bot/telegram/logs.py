"""Keep the bot token and the users' personal data out of the logs.

The token is part of each Bot API URL, so any library that logs a URL or an
exception mentioning one (httpx does at INFO) would leak it. The filter sits on the
root logger's handlers, where every record passes, and rewrites the message and a
formatted traceback alike.

An update carries who sent it (names, user and chat ids) and what they wrote. A log
is kept longer and read by more people than a chat, so what the bot logs about an
update is :func:`describe_update`: enough to find it again and debug (update id, kind,
chat type), and the personal rest only when the ``log_personal_data`` setting asks.
"""

from __future__ import annotations

import json
import logging

from telegram import Update

REDACTED = "<token>"


class RedactToken(logging.Filter):
    """Replaces the token in a record's message and traceback."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, REDACTED), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, REDACTED)
        if record.stack_info and self.token in record.stack_info:
            record.stack_info = record.stack_info.replace(self.token, REDACTED)
        return True


def redact_token(token: str, logger: logging.Logger | None = None) -> RedactToken:
    """Install a :class:`RedactToken` on every handler of ``logger`` (default: the root logger)."""
    redactor = RedactToken(token)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redactor)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return redactor


def describe_update(update: object, personal_data: bool = False) -> str:
    """``update 42 (message, private chat)``; with ``personal_data`` also the whole update as JSON."""
    if not isinstance(update, Update):
        return "no update" if update is None else f"a {type(update).__name__}"
    kind = next((name for name in Update.ALL_TYPES if getattr(update, name, None) is not None), "unknown kind")
    chat = update.effective_chat
    where = f", {chat.type} chat" if chat is not None else ""
    described = f"update {update.update_id} ({kind}{where})"
    if personal_data:
        described += ": " + json.dumps(update.to_dict(), ensure_ascii=False)
    return described
