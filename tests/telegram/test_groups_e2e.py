"""End to end: in groups the bot answers only when addressed."""

from __future__ import annotations

from tests.telegram.conftest import GROUP_ID, Harness, user
from tests.telegram.fake_bot_api import BOT_ID, BOT_USERNAME

QUESTION = "Hva sa Stoltenberg om Irak?"


async def test_group_rules(bot: Harness) -> None:
    ignored = await bot.say(QUESTION, chat_id=GROUP_ID)
    mentioned = await bot.say(f"@{BOT_USERNAME} {QUESTION}", chat_id=GROUP_ID)
    answer = await bot.reply_to(mentioned)
    assert "«Hva sa Stoltenberg om Irak?»" in answer.params["text"]

    bot_message = bot.bot_message(answer)
    replied = await bot.say("Hvor mange offiserer?", chat_id=GROUP_ID, reply_to=bot_message)
    assert "«Hvor mange offiserer?»" in (await bot.reply_to(replied)).params["text"]

    asked = await bot.say(f"/ask@{BOT_USERNAME} {QUESTION}", chat_id=GROUP_ID)
    assert "«Hva sa Stoltenberg om Irak?»" in (await bot.reply_to(asked)).params["text"]

    # a reply to somebody else, a mention of somebody else: still not for the bot
    other = await bot.say("Enig!", chat_id=GROUP_ID, reply_to=ignored, sender=user(222))
    await bot.say(f"@someone_else {QUESTION}", chat_id=GROUP_ID)
    await bot.say("/ask", chat_id=GROUP_ID)  # an empty /ask gets a hint, not an answer
    await bot.text_to(GROUP_ID, "Skriv et spørsmål om nyhetene")

    answered = {(c.params.get("reply_parameters") or {}).get("message_id") for c in bot.api.calls_to("sendMessage")}
    assert ignored["message_id"] not in answered and other["message_id"] not in answered
    assert len(bot.api.calls_to("sendMessage")) == 4
    assert bot.application.bot.id == BOT_ID
