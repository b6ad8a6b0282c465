"""One quick call to the Bot API before the bot starts, so a bad start is one clear line.

python-telegram-bot's start-up retries a rejected or unreachable Bot API in its own
loop: a rejected token is logged with two chained tracebacks, and an unreachable
server is retried at debug level with growing pauses, so nothing is said for a long
while. Asking ``getMe`` once, with short timeouts, before the index is built and
before that loop runs, tells the person starting the bot at once what is wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.request import HTTPXRequest

from bot.settings import Settings
from bot.telegram.app import check_token
from bot.telegram.logs import REDACTED

# Long enough for a slow link to Telegram, short enough that a person is still waiting.
TIMEOUT_SECONDS = 5.0


class BotApiUnavailable(Exception):
    """The Bot API refused the token or could not be reached; the message says which (without the token)."""


async def check_bot_api(settings: Settings, timeout: float = TIMEOUT_SECONDS) -> str:
    """The bot's username, or :class:`BotApiUnavailable` within about ``timeout`` seconds."""
    token = check_token(settings)
    request = HTTPXRequest(connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout, pool_timeout=timeout)
    bot = Bot(token, base_url=settings.telegram_api_base_url, base_file_url=settings.telegram_api_file_url, request=request)
    try:
        with _quiet_library():
            me = await bot.get_me()
    except InvalidToken:
        raise BotApiUnavailable("Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN") from None
    except NetworkError as error:  # also TimedOut
        raise BotApiUnavailable(
            f"cannot reach the Telegram Bot API at {settings.telegram_api_base_url} "
            f"({_without(token, str(error))}); check the network connection and TELEGRAM_API_BASE_URL"
        ) from None
    except TelegramError as error:
        raise BotApiUnavailable(f"the Telegram Bot API refused to start the bot: {_without(token, str(error))}") from None
    finally:
        await request.shutdown()
    return me.username


@contextmanager
def _quiet_library() -> Iterator[None]:
    """Keep python-telegram-bot's own error logs (with tracebacks) out of this one check:
    what went wrong is reported once, as one line, by the caller."""
    library = logging.getLogger("telegram")
    level = library.level
    library.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        library.setLevel(level)


def _without(token: str, text: str) -> str:
    return text.replace(token, REDACTED)
