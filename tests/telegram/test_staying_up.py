"""End to end: per-user limit, Bot API errors, /reload, the chat allowlist."""

from __future__ import annotations

import json
from pathlib import Path

from tests.telegram.conftest import (
    ADMIN_ID,
    GROUP_ID,
    OTHER_USER_ID,
    USER_ID,
    Harness,
    StartBot,
    user,
)


async def test_per_user_limit_is_polite_and_per_user(start_bot: StartBot) -> None:
    bot = await start_bot(telegram_user_questions=2)
    for question in ("vindkraft", "Irak", "skatt"):
        await bot.say(question)
    (refusal,) = await bot.text_to(USER_ID, "Du har stilt mange spørsmål på kort tid")
    assert "reply_markup" not in refusal.params
    await bot.text_to(USER_ID, "Dette fant jeg om", count=2)
    other = await bot.say("vindkraft", chat_id=OTHER_USER_ID, sender=user(OTHER_USER_ID))
    assert (await bot.reply_to(other)).params["text"].startswith("Dette fant jeg om")


async def test_api_errors_are_survived(bot: Harness) -> None:
    bot.api.fail_next("sendMessage", 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
    asked = await bot.say("vindkraft")
    answer = await bot.reply_to(asked)  # retried after the 500
    assert answer.params["text"].startswith("Dette fant jeg om «vindkraft»")
    assert len(bot.api.calls_to("sendMessage")) == 2

    too_many = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1}}
    bot.api.fail_next("sendMessage", 429, too_many)
    asked = await bot.say("Irak")
    answer = await bot.reply_to(asked)
    assert answer.params["text"].startswith("Dette fant jeg om «Irak»")
    attempts = [c for c in bot.api.calls_to("sendMessage") if c.params["text"] == answer.params["text"]]
    assert len(attempts) == 2  # refused once with retry_after, then sent


async def test_reload_by_admin_swaps_the_index(bot: Harness, corpus: Path) -> None:
    await bot.say("/reload")
    await bot.text_to(USER_ID, "Bare administratorer kan bruke denne kommandoen.")

    extra = {"id": "ny", "title": "Helt ny sak om kvantedatamaskiner", "text": "Kvantedatamaskiner kom til Norge."}
    (corpus / "new.jsonl").write_text(json.dumps(extra), "utf-8")
    admin = user(ADMIN_ID, "en")
    await bot.say("/reload", chat_id=ADMIN_ID, sender=admin)
    await bot.text_to(ADMIN_ID, "Rebuilding the index")
    await bot.text_to(ADMIN_ID, "Done: the index now holds 9 articles.")
    asked = await bot.say("kvantedatamaskiner", chat_id=ADMIN_ID, sender=admin)
    assert "Helt ny sak om kvantedatamaskiner" in (await bot.reply_to(asked)).params["text"]


async def test_failed_reload_keeps_the_old_index(bot: Harness, corpus: Path) -> None:
    for path in corpus.iterdir():
        path.unlink()
    await bot.say("/reload", chat_id=ADMIN_ID, sender=user(ADMIN_ID))
    await bot.text_to(ADMIN_ID, "Kunne ikke bygge indeksen på nytt")
    asked = await bot.say("vindkraft", chat_id=ADMIN_ID, sender=user(ADMIN_ID))
    assert (await bot.reply_to(asked)).params["text"].startswith("Dette fant jeg om")


async def test_allowlist_refuses_other_chats_in_one_line(start_bot: StartBot) -> None:
    bot = await start_bot(telegram_allowed_chats=(USER_ID,))
    await bot.say("vindkraft", chat_id=OTHER_USER_ID, sender=user(OTHER_USER_ID))
    (refusal,) = await bot.text_to(OTHER_USER_ID, "Denne boten svarer ikke i denne chatten.")
    assert "\n" not in refusal.params["text"]
    await bot.say("vindkraft i en gruppe", chat_id=GROUP_ID)  # not addressed: not even a refusal
    asked = await bot.say("vindkraft")
    assert (await bot.reply_to(asked)).params["text"].startswith("Dette fant jeg om")
    assert not [c for c in bot.api.calls_to("sendMessage") if int(c.params["chat_id"]) == GROUP_ID]


async def test_failed_command_registration_does_not_stop_the_bot(start_bot: StartBot, caplog) -> None:
    broken = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
    bot = await start_bot(failures=(("setMyCommands", 500, broken),))
    assert "could not register the command menu" in caplog.text
    asked = await bot.say("vindkraft")
    assert (await bot.reply_to(asked)).params["text"].startswith("Dette fant jeg om")
