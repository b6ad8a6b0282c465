"""End to end: /start, /help, /hjelp, unknown commands, questions and follow-ups in private chats, /sok, /kilder, inline mode."""

from __future__ import annotations

from tests.telegram.conftest import GROUP_ID, TOKEN, USER_ID, Harness, user
from tests.telegram.fake_bot_api import BOT_USERNAME, Call


async def test_start_registers_commands_and_welcomes(bot: Harness) -> None:
    commands = bot.api.calls_to("setMyCommands")
    assert {c.params.get("language_code") for c in commands} == {None, "nb", "nn", "no"}
    english = next(c for c in commands if "language_code" not in c.params)
    assert "search" in [c["command"] for c in english.params["commands"]]

    await bot.say("/start")
    (welcome,) = await bot.text_to(USER_ID, "Jeg kjenner 8 artikler")
    assert "fra februar 2020 til mai 2022" in welcome.params["text"]
    assert all(c.token == TOKEN for c in bot.api.calls)


async def test_help_lists_examples_from_the_corpus_and_the_commands(bot: Harness) -> None:
    await bot.say("/help", sender=user(language="en"))
    (reply,) = await bot.text_to(USER_ID, "/search WORDS")
    text = reply.params["text"]
    examples = text.split("Examples:\n", 1)[1].split("Commands:", 1)[0].strip().splitlines()
    assert examples and all(e.strip().startswith(("Hva er nytt om ", "Hva er det med ")) for e in examples)  # the corpus is Norwegian
    for example in examples:
        asked = await bot.say(example.strip())
        answer = await bot.reply_to(asked)
        assert answer.params["text"].startswith("Dette fant jeg om"), example


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


async def test_a_follow_up_is_answered_from_the_article_just_cited(bot: Harness) -> None:
    first = await bot.reply_to(await bot.say("Hvor mange offiserer kan Norge stille med?"))
    assert "Nato enige om å styrke innsatsen i Irak" in first.params["text"]
    follow = await bot.reply_to(await bot.say("Hvem sa det?"))
    text = follow.params["text"]
    assert text.startswith("Dette fant jeg om «Hvem sa det?» i saken fra forrige svar:")
    assert "Bakke-Jensen" in text or "Stoltenberg" in text
    assert "Vindkraft" not in text and "Skatt" not in text


async def test_a_reply_to_an_old_answer_continues_that_answer(bot: Harness) -> None:
    nato = await bot.reply_to(await bot.say("Hvor mange offiserer kan Norge stille med?"))
    await bot.reply_to(await bot.say("vindkraft Nordland"))  # a newer topic
    follow = await bot.reply_to(await bot.say("Hvem sa det?", reply_to=bot.bot_message(nato)))
    assert follow.params["text"].startswith("Dette fant jeg om «Hvem sa det?» i saken fra forrige svar:")
    assert "<i>Nato enige om å styrke innsatsen i Irak</i>" in follow.params["text"]


async def test_small_talk_gets_a_short_reply_without_quotes(bot: Harness) -> None:
    await bot.reply_to(await bot.say("Hvor mange offiserer kan Norge stille med?"))
    thanks = await bot.reply_to(await bot.say("takk!"))
    assert thanks.params["text"] == "Bare hyggelig! Spør gjerne om mer." and "«" not in thanks.params["text"]


async def test_hjelp_is_help_in_norwegian(bot: Harness) -> None:
    await bot.say("/hjelp")
    (reply,) = await bot.text_to(USER_ID, "/sok ORD")
    assert "/hjelp – denne hjelpen" in reply.params["text"] and "Eksempler:\n  Hva er " in reply.params["text"]
    menu = next(c for c in bot.api.calls_to("setMyCommands") if c.params.get("language_code") == "nb")
    assert {"hjelp", "spor", "sok", "folg"} <= {c["command"] for c in menu.params["commands"]}


async def test_an_unknown_command_gets_a_short_reply(bot: Harness) -> None:
    await bot.say("/vaer Oslo")
    (reply,) = await bot.text_to(USER_ID, "kjenner jeg ikke")
    assert reply.params["text"] == "Den kommandoen kjenner jeg ikke. Skriv /hjelp for å se hva jeg kan."
    await bot.say("/weather", sender=user(language="en"))
    await bot.text_to(USER_ID, "I do not know that command. Type /help")


async def test_a_user_writing_another_language_than_the_news_is_told_once(bot: Harness) -> None:
    english = user(language="en")
    first = await bot.reply_to(await bot.say("What did Stoltenberg say about Iraq?", sender=english))
    assert "The news I know is in Norwegian, so questions in Norwegian find the most. I tried your question anyway." in (
        first.params["text"]
    )
    second = await bot.reply_to(await bot.say("Who is the defence minister of Norway?", sender=english))
    assert "The news I know is in Norwegian" not in second.params["text"]


async def test_each_forum_topic_is_its_own_conversation(bot: Harness) -> None:
    async def in_topic(text: str, thread: int) -> Call:
        message = {
            "message_id": 7000 + len(bot.sent_by_users),
            "date": 0,
            "chat": {"id": GROUP_ID, "type": "supergroup", "title": "Forum", "is_forum": True},
            "from": user(),
            "text": f"@{BOT_USERNAME} {text}",
            "entities": [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}],
            "message_thread_id": thread,
            "is_topic_message": True,
        }
        bot.sent_by_users[message["message_id"]] = message
        await bot.api.push({"message": message})
        return await bot.reply_to(message)

    await in_topic("Hvor mange offiserer kan Norge stille med?", thread=1)
    elsewhere = await in_topic("Hvem sa det?", thread=2)
    assert "forrige svar" not in elsewhere.params["text"]
    here = await in_topic("Hvem sa det?", thread=1)
    assert here.params["text"].startswith("Dette fant jeg om «Hvem sa det?» i saken fra forrige svar:")


async def test_in_groups_only_unknown_commands_naming_the_bot_get_a_reply(bot: Harness) -> None:
    await bot.say("/vaer", chat_id=GROUP_ID)  # perhaps for another bot
    await bot.say(f"/vaer@{BOT_USERNAME}", chat_id=GROUP_ID)
    (reply,) = await bot.text_to(GROUP_ID, "kjenner jeg ikke")
    assert len([c for c in bot.api.calls_to("sendMessage") if int(c.params["chat_id"]) == GROUP_ID]) == 1
    assert reply.params["text"].startswith("Den kommandoen kjenner jeg ikke")
