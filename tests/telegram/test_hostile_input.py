"""End to end: hostile links from the news, a lone surrogate from a user, and what an error log keeps."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from telegram import Update

from tests.telegram.conftest import USER_ID, Harness, StartBot, user, write_corpus

HOSTILE_LINKS = {
    "lenke-js": "javascript:alert(document.cookie)",
    "lenke-data": "data:text/html;base64,PHNjcmlwdD4=",
    "lenke-tg": "tg://resolve?domain=phishing_bot",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The usual test corpus plus three articles about «Mjøsa» whose links are not web links."""
    folder = write_corpus(tmp_path / "corpus")
    records = [
        {"id": key, "title": f"Isen på Mjøsa {n}", "text": f"Isen på Mjøsa er trygg {n}.", "url": url}
        for n, (key, url) in enumerate(HOSTILE_LINKS.items(), start=1)
    ]
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    return folder


def _url_buttons(call) -> list[str]:
    keyboard = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["url"] for row in keyboard for button in row if "url" in button]


async def test_only_web_links_become_links_or_buttons(bot: Harness) -> None:
    asked = await bot.say("isen på Mjøsa")
    answer = await bot.reply_to(asked)
    text = answer.params["text"]
    assert text.count("Isen på Mjøsa") == 3  # all three cited
    assert "<a " not in text and "javascript" not in text and "tg://" not in text
    assert _url_buttons(answer) == []
    web = await bot.say("vindkraft Nordland")
    assert all(url.startswith("https://example.no/") for url in _url_buttons(await bot.reply_to(web)))


async def test_inline_results_offer_no_link_that_is_not_a_web_link(bot: Harness) -> None:
    query_id = await bot.inline("isen på Mjøsa")
    (call,) = await bot.api.wait_for("answerInlineQuery", lambda c: c.params["inline_query_id"] == query_id)
    results = call.params["results"]
    assert len(results) == 3
    assert all("reply_markup" not in r and "<a " not in r["input_message_content"]["message_text"] for r in results)


async def test_a_lone_surrogate_gets_a_normal_answer(bot: Harness) -> None:
    asked = await bot.say("vindkraft\ud800 Nordland")
    answer = await bot.reply_to(asked)
    assert answer.params["text"].startswith("Dette fant jeg om «vindkraft Nordland»:")
    alone = await bot.say("\ud800")
    assert (await bot.reply_to(alone)).params["text"].startswith("Skriv et spørsmål om nyhetene")
    assert not [c for c in bot.api.calls_to("sendMessage") if "noe gikk galt" in c.params["text"]]


def _error_log(caplog: pytest.LogCaptureFixture) -> str:
    (record,) = [r for r in caplog.records if r.name == "bot.telegram.handlers" and r.levelno == logging.ERROR]
    return record.getMessage()


async def _fail_while_handling(bot: Harness, text: str) -> Update:
    """A user's message whose handling fails, passed to the application's error handlers as PTB does."""
    message = {
        "message_id": 77,
        "date": 0,
        "chat": {"id": USER_ID, "type": "private"},
        "from": user(),
        "text": text,
    }
    update = Update.de_json({"update_id": 4242, "message": message}, bot.application.bot)
    await bot.application.process_error(update, RuntimeError("the answer could not be built"))
    await bot.text_to(USER_ID, "Beklager, noe gikk galt")
    return update


async def test_error_logs_keep_no_personal_data(start_bot: StartBot, caplog: pytest.LogCaptureFixture) -> None:
    bot = await start_bot()
    await _fail_while_handling(bot, "vindkraft i Trøndelag")
    assert _error_log(caplog) == "exception while handling update 4242 (message, private chat)"
    everything = caplog.text
    assert "Trøndelag" not in everything and "Bruker" not in everything and str(USER_ID) not in everything
    assert "the answer could not be built" in everything  # the error itself is kept


async def test_error_logs_keep_personal_data_when_asked(start_bot: StartBot, caplog: pytest.LogCaptureFixture) -> None:
    bot = await start_bot(log_personal_data=True)
    await _fail_while_handling(bot, "vindkraft i Trøndelag")
    logged = _error_log(caplog)
    assert logged.startswith("exception while handling update 4242 (message, private chat): {")
    assert "Trøndelag" in logged and f"Bruker{USER_ID}" in logged
