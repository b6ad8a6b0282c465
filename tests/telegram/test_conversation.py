"""End to end: /start, /help, questions in private chats, /sok, /kilder, inline mode."""

from __future__ import annotations

from tests.telegram.conftest import TOKEN, USER_ID, Harness, user


async def test_start_registers_commands_and_welcomes(bot: Harness) -> None:
    commands = bot.api.calls_to("setMyCommands")
    assert {c.params.get("language_code") for c in commands} == {None, "nb", "nn", "no"}
    english = next(c for c in commands if "language_code" not in c.params)
    assert "search" in [c["command"] for c in english.params["commands"]]

    await bot.say("/start")
    (welcome,) = await bot.text_to(USER_ID, "Jeg kjenner 8 artikler")
    assert "fra februar 2020 til mai 2022" in welcome.params["text"]
    assert all(c.token == TOKEN for c in bot.api.calls)


async def test_help_lists_examples_and_commands(bot: Harness) -> None:
    await bot.say("/help", sender=user(language="en"))
    (reply,) = await bot.text_to(USER_ID, "/search WORDS")
    assert "What did Stoltenberg say about Iraq?" in reply.params["text"]


async def test_question_gets_a_cited_answer_with_buttons(bot: Harness) -> None:
    asked = await bot.say("Hvor mange offiserer kan Norge stille med?")
    answer = await bot.reply_to(asked)
    text = answer.params["text"]
    assert text.startswith("Dette fant jeg om «Hvor mange offiserer kan Norge stille med?»")
    assert "<b>offiserer</b>" in text
    assert "[1] «" in text and "<i>Nato enige om å styrke innsatsen i Irak</i> — februar 2020" in text
    assert answer.params["parse_mode"] == "HTML"
    assert answer.params["link_preview_options"] == {"is_disabled": True}
    assert not bot.api.calls_to("sendChatAction")  # a quick answer needs no typing indicator
    labels = [b["text"] for row in answer.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "[1] Vis artikkel" in labels


async def test_question_without_answer_says_so(bot: Harness) -> None:
    asked = await bot.say("Hvem vant fotball-VM i curling?", sender=user(language="en"))
    answer = await bot.reply_to(asked)
    assert answer.params["text"].startswith("I found nothing in the news that answers")
    assert "reply_markup" not in answer.params


async def test_html_in_question_and_article_arrives_escaped(bot: Harness) -> None:
    asked = await bot.say("<i>eiendomsskatt</i> & avgifter?")
    answer = await bot.reply_to(asked)
    text = answer.params["text"]
    assert "«&lt;i&gt;eiendomsskatt&lt;/i&gt; &amp; avgifter?»" in text
    assert "&lt;b&gt;høyere&lt;/b&gt;" in text
    assert "<i>Skatt &amp; &lt;b&gt;avgift&lt;/b&gt; i Oslo</i> — 12. mars 2021 — NRK" in text
    assert '<a href="https://example.no/skatt?a=1&amp;b=2">example.no</a>' in text
    source = [b for row in answer.params["reply_markup"]["inline_keyboard"] for b in row if "url" in b]
    assert source == [{"text": "[1] Åpne kilden", "url": "https://example.no/skatt?a=1&b=2"}]


async def test_search_lists_articles(bot: Harness) -> None:
    asked = await bot.say("/sok vindkraft Nordland")
    listing = await bot.reply_to(asked)
    text = listing.params["text"]
    assert text.startswith("Artikler som passer til «vindkraft Nordland»:")
    for number in range(1, 6):
        assert f"\n{number}. <b>" in text
    assert "— mai 2022 — NTB" in text
    assert "<b>Vindkraft</b>" in text or "<b>vindkraft</b>" in text


async def test_search_alias_without_words_explains_usage(bot: Harness) -> None:
    await bot.say("/search", sender=user(language="en"))
    await bot.text_to(USER_ID, "Put the words after the command")


async def test_sources_describe_the_corpus(bot: Harness) -> None:
    await bot.say("/kilder")
    (reply,) = await bot.text_to(USER_ID, "Artikler per kilde:\n  NTB: 5\n")
    assert reply.params["text"].startswith("Jeg kjenner 8 artikler fra februar 2020 til mai 2022.")
    assert "  VG: 1" in reply.params["text"]


async def test_inline_query_lists_cited_excerpts(bot: Harness) -> None:
    query_id = await bot.inline("vindkraft Nordland")
    (call,) = await bot.api.wait_for("answerInlineQuery", lambda c: c.params["inline_query_id"] == query_id)
    results = call.params["results"]
    assert len(results) == 5
    first = results[0]
    assert first["type"] == "article" and first["title"].startswith(("Vindkraft", "Ny vindkraft", "Kommuner", "Protester"))
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML" and content["message_text"].startswith("[1] «")
    assert "— NTB — <a href=" in content["message_text"]
    assert first["reply_markup"]["inline_keyboard"][0][0]["url"].startswith("https://example.no/vind-")
    assert len({r["id"] for r in results}) == 5


async def test_empty_inline_query_gets_no_results(bot: Harness) -> None:
    query_id = await bot.inline("   ")
    (call,) = await bot.api.wait_for("answerInlineQuery", lambda c: c.params["inline_query_id"] == query_id)
    assert call.params["results"] == []
