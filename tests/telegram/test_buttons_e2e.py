"""End to end: «more results» edits in place, «show article» sends the article, stale buttons expire."""

from __future__ import annotations

from bot.telegram.buttons import More, ShowArticle, article_key, encode
from bot.telegram.render_html import size
from tests.telegram.conftest import LONG_ARTICLE_ID, USER_ID, Harness, user


def _buttons(call) -> dict[str, str]:
    return {b["text"]: b.get("callback_data") for row in call.params["reply_markup"]["inline_keyboard"] for b in row}


async def test_paging_goes_forward_and_back_in_place(bot: Harness) -> None:
    asked = await bot.say("vindkraft Nordland")
    answer = await bot.reply_to(asked)
    assert _buttons(answer)["Flere"] == "m:3" and "Forrige" not in _buttons(answer)
    query_id = await bot.press(bot.bot_message(answer), "m:3")
    (edit,) = await bot.api.wait_for("editMessageText")
    assert edit.params["message_id"] == str(answer.result["message_id"])
    assert edit.params["text"].startswith("Flere treff for «vindkraft Nordland»:")
    assert "[4] «" in edit.params["text"] and "[5] «" in edit.params["text"]
    assert "Flere" not in _buttons(edit)  # five articles: nothing after the second page
    assert _buttons(edit)["Forrige"] == "m:0"
    assert "[4] Vis artikkel" in _buttons(edit)
    assert edit.params["parse_mode"] == "HTML"
    await bot.api.wait_for("answerCallbackQuery", lambda c: c.params["callback_query_id"] == query_id)

    await bot.press(bot.bot_message(answer), "m:0")
    (_, back) = await bot.api.wait_for("editMessageText", count=2)
    assert back.params["text"].startswith("Dette fant jeg om «vindkraft Nordland»:")
    assert "[1] «" in back.params["text"] and "[4] «" not in back.params["text"]
    assert _buttons(back)["Flere"] == "m:3" and "Forrige" not in _buttons(back)


async def test_paging_survives_a_deleted_question(bot: Harness) -> None:
    asked = await bot.say("vindkraft Nordland")
    answer = await bot.reply_to(asked)
    orphan = {k: v for k, v in bot.bot_message(answer).items() if k != "reply_to_message"}  # the question is gone
    await bot.press(orphan, "m:3")
    (edit,) = await bot.api.wait_for("editMessageText")
    assert edit.params["text"].startswith("Flere treff for «vindkraft Nordland»:") and "[4] «" in edit.params["text"]


async def test_more_results_for_a_mention_strips_the_mention(bot: Harness) -> None:
    asked = await bot.say("@nyhets_test_bot vindkraft Nordland")
    answer = await bot.reply_to(asked)
    await bot.press(bot.bot_message(answer), "m:3")
    (edit,) = await bot.api.wait_for("editMessageText")
    assert edit.params["text"].startswith("Flere treff for «vindkraft Nordland»:")


async def test_show_article_sends_a_long_article_in_parts(bot: Harness) -> None:
    asked = await bot.say("/sok budsjettdebatten statsbudsjettet")
    listing = await bot.reply_to(asked)
    data = _buttons(listing)["[1] Vis artikkel"]
    assert data == encode(ShowArticle(1, article_key(LONG_ARTICLE_ID)))
    await bot.press(bot.bot_message(listing), data)
    await bot.text_to(USER_ID, "59. Statsbudsjettet")  # the article's last part
    article = [c for c in bot.api.calls_to("sendMessage") if c is not listing]
    assert len(article) >= 6  # ~24,000 characters
    assert article[0].params["text"].startswith("<b>Langt referat fra budsjettdebatten</b>\n[1] 1. oktober 2021 — VG")
    assert all(size(c.params["text"]) <= 4096 for c in article)
    body = "".join(c.params["text"] for c in article)
    assert "59. Statsbudsjettet" in body
    assert article[0].params["reply_parameters"]["message_id"] == listing.result["message_id"]
    assert all("reply_parameters" not in c.params for c in article[1:])


async def test_unknown_or_stale_buttons_expire(bot: Harness) -> None:
    asked = await bot.say("vindkraft Nordland", sender=user(language="en"))
    answer = await bot.reply_to(asked)
    message = bot.bot_message(answer)
    for data in ("x:1", encode(ShowArticle(1, article_key("gone-after-reload")))):
        query_id = await bot.press(message, data, sender=user(language="en"))
        (call,) = await bot.api.wait_for("answerCallbackQuery", lambda c, q=query_id: c.params["callback_query_id"] == q)
        assert call.params["text"] == "This answer has expired. Please ask again."
    unknown = {**message, "message_id": 987654}  # an answer this chat's conversation never sent, question gone
    del unknown["reply_to_message"]
    query_id = await bot.press(unknown, encode(More(3)))
    (call,) = await bot.api.wait_for("answerCallbackQuery", lambda c: c.params["callback_query_id"] == query_id)
    assert call.params["text"] == "Dette svaret har utløpt. Spør igjen."
    assert not bot.api.calls_to("editMessageText")
