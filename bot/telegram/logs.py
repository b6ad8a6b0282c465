"""Keep the bot token out of every log line.

The token is part of each Bot API URL, so any library that logs a URL or an
exception mentioning one (httpx does at INFO) would leak it. The filter sits on the
root logger's handlers, where every record passes, and rewrites the message and a
formatted traceback alike.
"""

from __future__ import annotations

import logging

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
