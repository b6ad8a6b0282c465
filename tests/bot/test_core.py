"""The conversation core and the plain-text rendering, over the seed corpus."""

import pytest

from bot.conversation.dialogue import Conversation
from bot.conversation.state import Bounds, MemoryConversations
from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.messages import ENGLISH, NORWEGIAN
from bot.render_text import highlight, render
from bot.reply import Action, ReplyKind
from bot.settings import Settings
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def core() -> ConversationCore:
    settings = Settings(corpus=SEEDS, cache_dir=None, max_per_article=3)
    library = NewsLibrary(settings)
    library.load()
    return ConversationCore(settings, library)


def test_answer_quotes_exactly_and_cites_the_article(core: ConversationCore):
    reply = core.answer("Hvor mange offiserer kan Norge stille med?", NORWEGIAN)
    assert reply.kind is ReplyKind.ANSWER
    first = reply.quotes[0]
    article = core.library.snapshot.articles_by_id[first.citation.article_id]
    assert article.text[first.start : first.end] == first.text
    assert "ti offiserer" in first.text
    assert first.citation.number == 1 and first.citation.date_text == "februar 2020"
    assert first.citation.headline == "Nato enige om å styrke innsatsen i Irak"
    assert Action.SHOW_ARTICLE in {f.action for f in reply.follow_ups}


def test_nothing_relevant_says_so_instead_of_quoting(core: ConversationCore):
    for question in ("Hvem vant Eurovision?", "oppskrift på pannekaker"):
        reply = core.answer(question, NORWEGIAN)
        assert reply.kind is ReplyKind.NO_ANSWER and reply.quotes == ()
        assert "omformulere" in reply.lead


def test_all_stop_words_is_explained(core: ConversationCore):
    reply = core.answer("hva er det?", ENGLISH)
    assert reply.kind is ReplyKind.NO_ANSWER and "no words I can search" in reply.lead


@pytest.mark.parametrize("question", ["", "   ", "x" * 10_000])
def test_empty_and_huge_questions_are_refused_clearly(core: ConversationCore, question: str):
    reply = core.answer(question, NORWEGIAN)
    assert reply.kind is ReplyKind.REFUSAL and reply.lead


def test_more_continues_numbering_and_article_shows_the_whole_text(core: ConversationCore):
    conversation = Conversation(core, MemoryConversations(Bounds()))
    first = conversation.respond("chat", "Nato Irak Stoltenberg", NORWEGIAN).reply
    assert first.quotes
    more = conversation.more("chat", NORWEGIAN)
    if more.kind is ReplyKind.ANSWER:
        assert more.quotes[0].citation.number == len(first.quotes) + 1
    article = conversation.cited_article("chat", 1, NORWEGIAN)
    assert article.kind is ReplyKind.ARTICLE and article.body and "ti offiserer" in article.body
    assert render(article).startswith("Nato enige om å styrke innsatsen i Irak\n[1] februar 2020\n\nNatos forsvarsministre")
    assert conversation.cited_article("chat", 99, NORWEGIAN).kind is ReplyKind.INFO


def test_more_without_a_question_asks_for_one(core: ConversationCore):
    assert Conversation(core, MemoryConversations(Bounds())).more("chat", NORWEGIAN).kind is ReplyKind.INFO


def test_unknown_article_id_is_expired(core: ConversationCore):
    assert "utløpt" in core.article("gone", NORWEGIAN).lead


def test_welcome_tells_how_many_articles_and_when(core: ConversationCore):
    assert core.welcome(NORWEGIAN).lead.startswith("Jeg kjenner 1 artikkel fra februar 2020")


def test_rendering_marks_matches_and_cites(core: ConversationCore):
    reply = core.answer("Hvor mange offiserer kan Norge stille med?", NORWEGIAN)
    text = render(reply)
    assert "*offiserer*" in text
    assert "[1] «" in text and "Nato enige om å styrke innsatsen i Irak — februar 2020" in text
    assert highlight(reply.quotes[0], lambda w: w).replace("*", "") == reply.quotes[0].text


def test_markup_in_a_question_is_not_searched_for(core: ConversationCore):
    reply = core.answer("<b>Hvor mange</b> offiserer kan <i>Norge</i> stille med?", NORWEGIAN)
    assert reply.kind is ReplyKind.ANSWER and "ti offiserer" in reply.quotes[0].text
    assert reply.question == "<b>Hvor mange</b> offiserer kan <i>Norge</i> stille med?"  # echoed as typed
