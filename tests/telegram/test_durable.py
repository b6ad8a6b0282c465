"""End to end: nothing a user sent or was promised is lost — outages, failing sends, crashes around alerts, feeds at start-up."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest

from bot.library import NewsLibrary, database_path, open_store
from bot.refresh import refresh_feeds
from bot.settings import Settings
from bot.subscriptions import Subscriptions
from bot.telegram import outgoing
from bot.telegram.news import FEED_JOB
from tests.conftest import rss
from tests.telegram.conftest import USER_ID, Harness, StartBot, user
from tests.telegram.fake_bot_api import Call

QUESTIONS = ("vindkraft", "Irak", "skatt", "Nordland", "budsjett")
STORM = ("storm", "Storm stenger E39", "Stormen Frida stengte E39 ved Bergen natt til mandag.")
ELECTION = ("valg", "Nytt valg i Irak", "Irak holder nytt valg i oktober, melder statskanalen. Valget blir utsatt.")


async def ask_many(bot: Harness, users: int) -> list[dict]:
    """One question from each of ``users`` users; returns the messages asked."""
    return [
        await bot.say(QUESTIONS[n % len(QUESTIONS)], chat_id=1000 + n, sender=user(1000 + n)) for n in range(users)
    ]


def answers_to(bot: Harness, asked: dict) -> list[Call]:
    """The accepted messages that answer (quote) ``asked``."""
    return [
        c
        for c in bot.api.calls_to("sendMessage")
        if c.result is not None
        and int(c.params["chat_id"]) == asked["chat"]["id"]
        and (c.params.get("reply_parameters") or {}).get("message_id") == asked["message_id"]
    ]


async def all_answered_once(bot: Harness, asked: list[dict], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while any(not answers_to(bot, a) for a in asked) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    counts = [len(answers_to(bot, a)) for a in asked]
    assert counts == [1] * len(asked), f"answers per question: {counts}"


async def test_an_outage_delays_answers_but_loses_none(bot: Harness) -> None:
    asked = await ask_many(bot, 20)
    await bot.api.wait_fetched(bot.last_update_id)
    bot.api.down(3)  # the bot has the questions; every answer meets a dead API
    await all_answered_once(bot, asked, timeout=12)
    assert not bot.api.is_down


async def test_failing_sends_are_retried_and_none_arrives_twice(bot: Harness) -> None:
    bot.api.fail_share("sendMessage", 0.3)
    asked = await ask_many(bot, 30)
    await all_answered_once(bot, asked, timeout=12)
    assert [c for c in bot.api.calls_to("sendMessage") if c.result is None], "no send failed: the test tested nothing"


async def test_a_definite_refusal_is_dropped_not_retried(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    bot.api.fail_next("sendMessage", 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    bot.api.fail_next("sendMessage", 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
    asked = await bot.say("vindkraft")
    await bot.api.wait_for("sendMessage", count=2)  # at once, then from the outbox
    await asyncio.sleep(2.5)  # longer than the next backoff
    assert len(bot.api.calls_to("sendMessage")) == 2 and not answers_to(bot, asked)
    assert "dropped: BadRequest: Chat not found" in caplog.text
    assert "vindkraft" not in caplog.text and str(USER_ID) not in caplog.text


async def test_a_slow_answer_shows_typing_first(bot: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outgoing, "TYPING_DELAY", 0.0)  # every answer counts as slow
    asked = await bot.say("vindkraft")
    answer = await bot.reply_to(asked)
    (typing,) = bot.api.calls_to("sendChatAction")
    assert typing.params["action"] == "typing"
    assert bot.api.calls.index(typing) < bot.api.calls.index(answer)


async def test_a_question_answered_late_says_so(bot: Harness) -> None:
    message = {
        "message_id": 77,
        "date": int(time.time()) - 600,  # asked ten minutes ago, e.g. before a crash
        "chat": {"id": USER_ID, "type": "private"},
        "from": user(language="en"),
        "text": "Irak",
    }
    await bot.api.push({"message": message})
    (note,) = await bot.text_to(USER_ID, "Sorry for the late answer")
    answer = await bot.reply_to(message)
    assert bot.api.calls.index(note) < bot.api.calls.index(answer)


async def test_button_presses_and_inline_queries_count_against_the_limit(start_bot: StartBot) -> None:
    bot = await start_bot(telegram_user_questions=2)
    asked = await bot.say("vindkraft")
    answer = await bot.reply_to(asked)
    more = answer.params["reply_markup"]["inline_keyboard"][-1][-1]["callback_data"]
    await bot.press(bot.bot_message(answer), more)
    await bot.api.wait_for("editMessageText")
    refused = await bot.press(bot.bot_message(answer), more)
    (alert,) = await bot.api.wait_for("answerCallbackQuery", lambda c: c.params["callback_query_id"] == refused)
    assert alert.params["text"].startswith("Du har stilt mange spørsmål")
    query = await bot.inline("vindkraft")
    (empty,) = await bot.api.wait_for("answerInlineQuery", lambda c: c.params["inline_query_id"] == query)
    assert empty.params["results"] == []
    assert len(bot.api.calls_to("editMessageText")) == 1


async def test_without_a_data_folder_the_log_says_replies_are_in_memory_only(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot = await start_bot(data_dir=None)
    assert "kept in memory only" in caplog.text
    asked = await bot.say("vindkraft")
    assert (await bot.reply_to(asked)).params["text"].startswith("Dette fant jeg om")


async def test_feeds_are_fetched_at_start_up(start_bot: StartBot, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(STORM), encoding="utf-8")
    bot = await start_bot(feeds=(str(feed),), feed_interval_minutes=30)
    def headlines() -> set[str]:
        return {a.headline for a in bot.library.snapshot.articles_by_id.values()}

    deadline = time.monotonic() + 10
    while STORM[1] not in headlines() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert STORM[1] in headlines()  # now, not 30 minutes from now
    (repeating,) = bot.application.job_queue.get_jobs_by_name(FEED_JOB)
    assert repeating.next_t.timestamp() - time.time() > 29 * 60


async def test_a_crash_between_storing_articles_and_alerting_is_resumed_once(
    start_bot: StartBot, tmp_path: Path, corpus: Path
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(ELECTION), encoding="utf-8")
    settings = Settings(corpus=corpus, cache_dir=None, data_dir=tmp_path / "data", feeds=(str(feed),))
    Subscriptions(database_path(settings)).follow(USER_ID, "valg i Irak")
    # The round that died: it stored the article (pending alerts) and never got to the alerts.
    crashed = NewsLibrary(settings, store=open_store(settings))
    (stored,) = refresh_feeds(settings, crashed.store).new_articles
    assert crashed.store.alerts_pending() == [stored.id]

    bot = await start_bot(feeds=(str(feed),))  # the feed has nothing new; the start-up round resumes
    (alert,) = await bot.text_to(USER_ID, "Nytt om «valg i Irak»: Nytt valg i Irak")
    assert "oktober" in alert.params["text"]
    (job,) = bot.application.job_queue.get_jobs_by_name(FEED_JOB)
    await job.run(bot.application)
    await asyncio.sleep(0.5)
    assert len([c for c in bot.api.calls_to("sendMessage") if "Nytt om" in c.params["text"]]) == 1
    assert bot.library.store.alerts_pending() == []
