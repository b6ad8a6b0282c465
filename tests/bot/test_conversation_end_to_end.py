"""Issue 9 end to end through the conversation: follow-ups over time as a topic, honest elliptical answers, one chat at a time."""

import json
import threading
import time
from pathlib import Path

import pytest

from bot.conversation.dialogue import Conversation
from bot.conversation.state import Bounds, ConversationState, MemoryConversations, StoredConversations
from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.messages import NORWEGIAN
from bot.reply import ReplyKind
from bot.settings import Settings
from tests.conftest import SEEDS

# Undated, like the NorQuAD articles: a year can only be words of the story.
UNDATED = [
    {"id": "skatt2020", "title": "Disse nye skattereglene innføres i 2020", "text": "Regjeringen innfører nye skatteregler i 2020. NRK-lisensen forsvinner."},
    {"id": "skatt2018", "title": "Skatteendringene fra nyttår", "text": "Nye skatteregler innføres i 2018: formuesskatten går ned."},
    {"id": "fotball", "title": "Haaland scoret ni mål", "text": "Erling Braut Haaland scoret ni mål mot Honduras i VM."},
    {"id": "sverige", "title": "Haaland avgjorde mot Sverige", "text": "Erling Braut Haaland scoret to mål mot Sverige i kvalifiseringen."},
]


def _core(corpus: Path) -> ConversationCore:
    settings = Settings(corpus=corpus, cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    return ConversationCore(settings, library)


@pytest.fixture(scope="module")
def seeds_core() -> ConversationCore:
    return _core(SEEDS)


@pytest.fixture(scope="module")
def undated_core(tmp_path_factory: pytest.TempPathFactory) -> ConversationCore:
    corpus = tmp_path_factory.mktemp("undated") / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in UNDATED), encoding="utf-8")
    return _core(corpus)


def chat(core: ConversationCore) -> Conversation:
    return Conversation(core, MemoryConversations(Bounds()))


def test_a_year_in_a_follow_up_is_searched_in_the_text_of_an_undated_corpus(undated_core: ConversationCore):
    conversation = chat(undated_core)
    first = conversation.respond("c", "Hvilke nye skatteregler innføres i 2020?", NORWEGIAN).reply
    assert first.quotes[0].citation.article_id == "skatt2020"
    follow = conversation.respond("c", "hva med i 2018?", NORWEGIAN).reply
    assert follow.kind is ReplyKind.ANSWER
    assert follow.lead.startswith("Jeg leste det som «Hvilke nye skatteregler innføres i 2018?»")
    assert follow.quotes[0].citation.article_id == "skatt2018"
    assert "Ingen artikler er datert; jeg søkte etter «2018» i teksten." in follow.notes


def test_a_year_no_article_mentions_is_not_passed_off_as_found(seeds_core: ConversationCore):
    conversation = chat(seeds_core)
    found = conversation.respond("c", "Hvor mange soldater sendte Nato i 2018?", NORWEGIAN).reply
    assert found.answer is not None and found.answer.text == "500"
    assert "Jeg har ingen artikler fra 2018; jeg søkte etter «2018» i teksten." in found.notes
    other_year = conversation.respond("c", "hva med i 2019?", NORWEGIAN).reply
    assert other_year.kind is ReplyKind.ANSWER and "2019" in other_year.lead
    assert other_year.answer is None  # «500» is the 2018 figure
    assert "Jeg har ingen artikler fra 2019, og ingen nevner «2019»; dette er det nærmeste jeg fant." in other_year.notes


def test_an_elliptical_subject_the_news_lacks_gets_no_quote_and_keeps_the_thread(seeds_core: ConversationCore):
    conversation = chat(seeds_core)
    norway = conversation.respond("c", "Hvor mange offiserer kan Norge stille med?", NORWEGIAN).reply
    assert norway.answer is not None and norway.answer.text == "ti"
    denmark = conversation.respond("c", "Hva med Danmark?", NORWEGIAN).reply
    assert denmark.kind is ReplyKind.NO_ANSWER and not denmark.quotes and denmark.answer is None
    assert denmark.lead == (
        "Jeg leste det som «Hvor mange offiserer kan Danmark stille med?», men ingen av treffene sier noe om «Danmark»."
    )
    who = conversation.respond("c", "hvem sa det?", NORWEGIAN).reply  # still about the answer on Norway
    assert who.lead.endswith("i saken fra forrige svar:")
    assert who.quotes[0].citation.article_id == norway.quotes[0].citation.article_id


def test_an_elliptical_subject_the_news_holds_is_answered(undated_core: ConversationCore):
    conversation = chat(undated_core)
    honduras = conversation.respond("c", "Hvor mange mål scoret Haaland mot Honduras?", NORWEGIAN).reply
    assert honduras.answer is not None and honduras.answer.text == "ni"
    sweden = conversation.respond("c", "Hva med Sverige?", NORWEGIAN).reply
    assert sweden.lead == "Jeg leste det som «Hvor mange mål scoret Haaland mot Sverige?». Dette fant jeg:"
    assert sweden.quotes[0].citation.article_id == "sverige"
    assert sweden.answer is not None and sweden.answer.text == "to"


def test_a_question_about_the_answer_the_story_cannot_answer_says_so(seeds_core: ConversationCore):
    conversation = chat(seeds_core)
    conversation.respond("c", "Hvor mange offiserer kan Norge stille med?", NORWEGIAN)
    reply = conversation.respond("c", "og når skjedde det?", NORWEGIAN).reply
    assert reply.kind is ReplyKind.NO_ANSWER and not reply.quotes
    assert reply.lead == "Jeg fant ikke svar på «og når skjedde det?» i saken fra forrige svar."


class SlowStore(StoredConversations):
    """The real SQLite store, with time between loading a chat and saving it, as a slow search would leave."""

    def load(self, chat_key: str) -> ConversationState:
        state = super().load(chat_key)
        time.sleep(0.05)
        return state


def test_two_messages_of_one_chat_at_once_both_keep_their_turn(seeds_core: ConversationCore, tmp_path: Path):
    with SlowStore(tmp_path / "bot.sqlite3", Bounds()) as store:
        conversation = Conversation(seeds_core, store)
        questions = ["Hvor mange offiserer kan Norge stille med?", "Hvor mange soldater sendte Nato i 2018?"]
        threads = [threading.Thread(target=conversation.respond, args=("c", q, NORWEGIAN)) for q in questions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(t.question for t in store.load("c").turns) == sorted(questions)
        assert [t.id for t in store.load("c").turns] == [1, 2]


def test_a_follow_up_answer_keeps_the_short_answer_and_the_same_story_elsewhere(tmp_path: Path):
    from bot.render_text import render as render_text
    from bot.telegram.render_html import render as render_html
    from tests.bot.test_answers_first import ARTICLES as STORIES

    corpus = tmp_path / "stories.jsonl"
    corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in STORIES), encoding="utf-8")
    conversation = chat(_core(corpus))
    first = conversation.respond("c", "Hvorfor mistet husstander strømmen på Vestlandet?", NORWEGIAN).reply
    (other,) = first.quotes[0].also_in
    follow = conversation.respond("c", "hvor mange mistet strømmen?", NORWEGIAN).reply
    assert follow.lead.endswith("i saken fra forrige svar:")
    assert follow.answer is not None and follow.answer.text == "Over tusen"
    assert [o.article_id for o in follow.quotes[0].also_in] == [other.article_id]
    text = render_text(follow)
    assert "*Over tusen* [1]" in text and f"Også i: {other.headline}" in text
    html = "\n".join(render_html(follow, NORWEGIAN))
    assert "<b>Over tusen</b> [1]" in html and f"Også i: <i>{other.headline}</i>" in html


def test_an_elliptical_question_after_a_question_about_the_answer_re_asks_the_question_before(undated_core: ConversationCore):
    conversation = chat(undated_core)
    conversation.respond("c", "Hvor mange mål scoret Haaland mot Honduras?", NORWEGIAN)
    assert conversation.respond("c", "hvem scoret?", NORWEGIAN).reply.lead.endswith("i saken fra forrige svar:")
    sweden = conversation.respond("c", "Hva med Sverige?", NORWEGIAN).reply
    assert sweden.lead == "Jeg leste det som «Hvor mange mål scoret Haaland mot Sverige?». Dette fant jeg:"


def test_an_elliptical_question_that_finds_nothing_says_how_it_was_read(undated_core: ConversationCore):
    conversation = chat(undated_core)
    assert conversation.respond("c", "Hvilke skatteregler innføres?", NORWEGIAN).reply.kind is ReplyKind.ANSWER
    reply = conversation.respond("c", "hva med kvinnelandslaget?", NORWEGIAN).reply
    assert reply.kind is ReplyKind.NO_ANSWER and not reply.quotes
    assert reply.lead.startswith("Jeg leste det som «") and "kvinnelandslaget" in reply.lead
    assert reply.lead.endswith("», men fant ikke noe i nyhetene som svarer på det.")



@pytest.fixture(scope="module")
def norquad_core() -> ConversationCore:
    from tests.conftest import norquad_dir

    folder = norquad_dir()
    if folder is None:
        pytest.fail("the NorQuAD development set (../shared/norquad-news) is needed; set NYHETSBOT_NORQUAD_DIR")
    return _core(folder / "articles.jsonl")


def test_the_issue_dialogue_on_the_development_articles(norquad_core: ConversationCore):
    conversation = chat(norquad_core)
    first = conversation.respond("c", "Hvor mange mål scoret Haaland mot Honduras?", NORWEGIAN).reply
    assert first.answer is not None and first.answer.text == "ni"
    haaland = first.quotes[0].citation.article_id
    when = conversation.respond("c", "og når skjedde det?", NORWEGIAN).reply
    assert when.lead.endswith("i saken fra forrige svar:") and {q.citation.article_id for q in when.quotes} == {haaland}
    who = conversation.respond("c", "hvem sa det?", NORWEGIAN).reply
    assert who.lead.endswith("i saken fra forrige svar:") and {q.citation.article_id for q in who.quotes} == {haaland}
    thanks = conversation.respond("c", "takk!", NORWEGIAN).reply
    assert thanks.kind is ReplyKind.INFO and not thanks.quotes
    # An article among the results mentions Denmark, but no quote shows anything about it.
    denmark = conversation.respond("c", "Hva med Danmark?", NORWEGIAN).reply
    assert denmark.kind is ReplyKind.NO_ANSWER and not denmark.quotes
    assert denmark.lead.endswith("men ingen av treffene sier noe om «Danmark».")
