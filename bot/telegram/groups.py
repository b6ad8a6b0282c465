"""When a message is a question for the bot, and what the question is.

In a private chat every text is a question. In a group the bot answers only when
it is addressed — mentioned by @username, replied to, or asked with ``/ask`` — so
it never floods a conversation it was merely added to.
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity

_COMMAND = re.compile(r"^/\w+(?:@\w+)?\s*")
_COMMAND_NAME = re.compile(r"^/(\w+)")


def command(text: str) -> str | None:
    """The lower-case command a message starts with (``/siste@bot Irak`` → ``siste``), if any."""
    match = _COMMAND_NAME.match(text.strip())
    return match[1].lower() if match else None


def clean_question(text: str, bot_username: str) -> str:
    """``text`` without a leading command (``/ask``, ``/ask@bot``) or mentions of the bot."""
    text = _COMMAND.sub("", text.strip(), count=1)
    mention = re.compile(rf"@{re.escape(bot_username)}\b", re.IGNORECASE)
    return " ".join(mention.sub(" ", text).split())


def addresses_bot(message: Message, bot_id: int, bot_username: str) -> bool:
    """Whether a group message is meant for the bot: a reply to it, or a mention of it."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    wanted = f"@{bot_username}".lower()
    return any(value.lower() == wanted for value in message.parse_entities([MessageEntity.MENTION]).values())
