"""Group rules, the per-user limit and token redaction, each on its own."""

from __future__ import annotations

import logging

from telegram import Chat, Message, MessageEntity, User

from bot.telegram.groups import addresses_bot, clean_question
from bot.telegram.limits import UserLimit
from bot.telegram.logs import REDACTED, RedactToken

BOT = User(42, "Bot", is_bot=True, username="nyhets_bot")
PERSON = User(7, "Kari", is_bot=False)
GROUP = Chat(-1, Chat.SUPERGROUP)


def _message(text: str, reply_to: Message | None = None, entities: tuple[MessageEntity, ...] = ()) -> Message:
    return Message(1, None, GROUP, from_user=PERSON, text=text, reply_to_message=reply_to, entities=entities)


def test_clean_question_strips_commands_and_mentions() -> None:
    assert clean_question("/ask@nyhets_bot  Hva  skjedde?", "nyhets_bot") == "Hva skjedde?"
    assert clean_question("@Nyhets_Bot hva skjedde?", "nyhets_bot") == "hva skjedde?"
    assert clean_question("hva sa @nyhets_botten?", "nyhets_bot") == "hva sa @nyhets_botten?"
    assert clean_question("/sok", "nyhets_bot") == ""


def test_group_message_addresses_the_bot_by_mention_or_reply() -> None:
    mention = MessageEntity(MessageEntity.MENTION, 0, 11)
    assert addresses_bot(_message("@nyhets_bot Irak?", entities=(mention,)), BOT.id, BOT.username)
    assert not addresses_bot(_message("@andre_bot1 Irak?", entities=(mention,)), BOT.id, BOT.username)
    from_bot = Message(2, None, GROUP, from_user=BOT, text="svar")
    assert addresses_bot(_message("og Irak?", reply_to=from_bot), BOT.id, BOT.username)
    assert not addresses_bot(_message("og Irak?", reply_to=_message("hei")), BOT.id, BOT.username)
    assert not addresses_bot(_message("nyhets_bot Irak?"), BOT.id, BOT.username)


def test_user_limit_is_a_sliding_window_per_user() -> None:
    now = [0.0]
    limit = UserLimit(2, 60, clock=lambda: now[0])
    assert limit.allow(1) and limit.allow(1) and not limit.allow(1)
    assert limit.allow(2)
    now[0] = 59.9
    assert not limit.allow(1)
    now[0] = 60.0  # both earlier questions have left the window
    assert limit.allow(1) and limit.allow(1) and not limit.allow(1)


def test_token_is_redacted_from_messages_arguments_and_tracebacks(caplog) -> None:
    token = "123456789:AAE_secret_secret_secret_secret"
    logger = logging.getLogger("test.redact")
    caplog.handler.addFilter(RedactToken(token))
    logger.warning("GET https://api.telegram.org/bot%s/getMe", token)
    try:
        raise RuntimeError(f"failed https://api.telegram.org/bot{token}/sendMessage")
    except RuntimeError:
        logger.exception("request failed")
    assert token not in caplog.text
    assert caplog.text.count(REDACTED) == 2
