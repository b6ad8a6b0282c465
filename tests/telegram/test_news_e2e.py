"""End to end: /siste, topic alerts and the feed job, through the fake Bot API."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.telegram.news import FEED_JOB
from tests.conftest import rss
from tests.telegram.conftest import USER_ID, Harness, StartBot

OTHER_CHAT = 333
ELECTION = ("valg", "Nytt valg i Irak", "Irak holder nytt valg i oktober, melder statskanalen. Valget blir utsatt.")
STORM = ("storm", "Storm stenger E39", "Stormen Frida stengte E39 ved Bergen natt til mandag.")


async def run_feed_round(bot: Harness) -> None:
    (job,) = bot.application.job_queue.get_jobs_by_name(FEED_JOB)
    await job.run(bot.application)


async def test_latest_lists_the_newest_first_and_more_pages_on(bot: Harness) -> None:
    asked = await bot.say("/siste vindkraft")
    answer = await bot.reply_to(asked)
    text = answer.params["text"]
    assert text.startswith("Siste nytt om «vindkraft», nyeste først")
    assert text.index("mai 2022") < text.index("april 2022") < text.index("mars 2022")
    more = next(
        b["callback_data"] for row in answer.params["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "Flere"
    )
    await bot.press(bot.bot_message(answer), more)
    (edited,) = await bot.api.wait_for("editMessageText")
    assert "[4]" in edited.params["text"] and "februar 2022" in edited.params["text"]


async def test_follow_says_plainly_when_no_feed_is_configured(bot: Harness) -> None:
    await bot.say("/folg Irak valg")
    (reply,) = await bot.text_to(USER_ID, "ingen nyhetsstrømmer er satt opp")
    assert "aldri" in reply.params["text"] and "Du følger nå" not in reply.params["text"]
    await bot.say("/folger")
    await bot.text_to(USER_ID, "Du følger ingen emner ennå")


async def test_follow_list_and_unfollow(start_bot: StartBot, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(STORM), encoding="utf-8")
    bot = await start_bot(feeds=(str(feed),))
    await bot.say("/folg Irak valg")
    await bot.text_to(USER_ID, "Du følger nå «Irak valg»")
    await bot.say("/folger")
    await bot.text_to(USER_ID, "Du følger: «Irak valg».")
    await bot.say("/slutt irak VALG")
    await bot.text_to(USER_ID, "Du følger ikke lenger «irak VALG»")
    await bot.say("/folg")
    await bot.text_to(USER_ID, "Skriv et emne etter kommandoen")


async def test_new_feed_article_alerts_followers_once_even_after_a_restart(start_bot: StartBot, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(STORM), encoding="utf-8")
    bot = await start_bot(feeds=(str(feed),))
    await run_feed_round(bot)  # the storm arrives before anyone follows anything
    await bot.say("/folg valg i Irak")
    await bot.text_to(USER_ID, "Du følger nå")
    feed.write_text(rss(STORM, ELECTION), encoding="utf-8")
    await run_feed_round(bot)
    (alert,) = await bot.text_to(USER_ID, "Nytt om «valg i Irak»: Nytt valg i Irak")
    assert "holder nytt" in alert.params["text"] and "https://avis.example/valg" in alert.params["text"]
    assert "Storm" not in alert.params["text"]

    asked = await bot.say("Når holder Irak nytt valg?")
    answer = await bot.reply_to(asked)
    assert "oktober" in answer.params["text"]

    await bot.stop()
    restarted = await start_bot(feeds=(str(feed),))
    await run_feed_round(restarted)
    await restarted.say("/folger")
    await restarted.text_to(USER_ID, "Du følger: «valg i Irak».")
    assert not [c for c in restarted.api.calls_to("sendMessage") if "Nytt om" in c.params["text"]]


async def test_a_chat_that_blocked_the_bot_is_unsubscribed(start_bot: StartBot, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(), encoding="utf-8")
    bot = await start_bot(feeds=(str(feed),))
    await bot.say("/folg Irak", chat_id=OTHER_CHAT)
    await bot.text_to(OTHER_CHAT, "Du følger nå")
    bot.api.fail_next("sendMessage", 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
    feed.write_text(rss(ELECTION), encoding="utf-8")
    await run_feed_round(bot)
    (refused,) = await bot.api.wait_for("sendMessage", lambda c: c.result is None)
    assert "Nytt om «Irak»" in refused.params["text"]
    services = bot.application.bot_data["services"]
    for _ in range(100):  # the sender unsubscribes the chat right after the refusal
        if not services.alerts.subscriptions.topics(OTHER_CHAT):
            break
        await asyncio.sleep(0.05)
    assert services.alerts.subscriptions.topics(OTHER_CHAT) == []


async def test_a_broken_feed_is_logged_and_the_bot_keeps_answering(start_bot: StartBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<html>ingen feed", encoding="utf-8")
    bot = await start_bot(feeds=(str(broken),))
    await run_feed_round(bot)
    asked = await bot.say("Hvor mange offiserer kan Norge stille med?")
    assert "ti <b>offiserer</b>" in (await bot.reply_to(asked)).params["text"]
