"""The conversation over a small corpus: follow-ups, small talk, the language notice, examples, views."""

from pathlib import Path

import pytest

from bot.console import Console
from bot.conversation.dialogue import Conversation
from bot.conversation.state import Bounds, MemoryConversations
from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.messages import ENGLISH, NORWEGIAN
from bot.render_text import plain_emphasis, render
from bot.reply import ReplyKind
from bot.settings import Settings
from tests.telegram.conftest import write_corpus


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> ConversationCore:
    corpus = write_corpus(tmp_path_factory.mktemp("corpus"))
    settings = Settings(corpus=corpus, cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    return ConversationCore(settings, library)


@pytest.fixture
def conversation(core: ConversationCore) -> Conversation:
    return Conversation(core, MemoryConversations(Bounds()))


def test_a_question_about_the_answer_is_answered_from_the_cited_article(conversation: Conversation):
    first = conversation.respond("chat", "Hvor mange offiserer kan Norge stille med?", NORWEGIAN).reply
    nato = first.quotes[0].citation.article_id
    follow = conversation.respond("chat", "Hvem sa det?", NORWEGIAN).reply
    assert follow.lead == "Dette fant jeg om «Hvem sa det?» i saken fra forrige svar:"
    assert {q.citation.article_id for q in follow.quotes} == {nato}
    assert "Stoltenberg" in follow.quotes[0].text or "Bakke-Jensen" in follow.quotes[0].text
    without_context = conversation.respond("other chat", "Hvem sa det?", NORWEGIAN).reply
    assert "forrige svar" not in without_context.lead


def test_an_elliptical_question_re_asks_the_previous_one_with_the_new_subject(conversation: Conversation):
    conversation.respond("chat", "vindkraft Nordland", NORWEGIAN)
    reply = conversation.respond("chat", "og Troms?", NORWEGIAN).reply
    assert reply.lead == "Jeg leste det som «vindkraft Troms». Dette fant jeg:"
    assert "Troms" in reply.quotes[0].text


def test_a_reply_to_an_old_answer_continues_that_answer(conversation: Conversation):
    nato = conversation.respond("chat", "Hvor mange offiserer kan Norge stille med?", NORWEGIAN)
    conversation.remember("chat", nato.turn, [501])
    conversation.respond("chat", "vindkraft Nordland", NORWEGIAN)
    follow = conversation.respond("chat", "Hvem sa det?", NORWEGIAN, reply_to=501).reply
    assert follow.quotes[0].citation.article_id == nato.reply.quotes[0].citation.article_id


@pytest.mark.parametrize(("message", "start"), [("takk!", "Bare hyggelig"), ("hei", "Hei! Spør meg"), ("👍", "Greit"), ("thanks", "You are welcome")])
def test_small_talk_gets_a_friendly_reply_and_never_a_quote(conversation: Conversation, message: str, start: str):
    conversation.respond("chat", "Hvor mange offiserer kan Norge stille med?", NORWEGIAN)
    reply = conversation.respond("chat", message, NORWEGIAN).reply
    assert reply.kind is ReplyKind.INFO and not reply.quotes and reply.lead.startswith(start)
    assert conversation.respond("chat", "Hvem sa det?", NORWEGIAN).reply.lead.endswith("i saken fra forrige svar:")


def test_a_user_writing_english_on_a_norwegian_corpus_is_told_once(conversation: Conversation):
    first = conversation.respond("chat", "What did Stoltenberg say about Iraq?", ENGLISH).reply
    assert any(note.startswith("The news I know is in Norwegian") for note in first.notes)
    second = conversation.respond("chat", "Who is the defence minister of Norway?", ENGLISH).reply
    assert not any("Norwegian" in note for note in second.notes)
    norwegian = conversation.respond("another chat", "Hva sa Stoltenberg om Irak?", NORWEGIAN).reply
    assert norwegian.notes == ()


def test_examples_come_from_the_corpus_and_are_answered(core: ConversationCore):
    examples = core.examples.questions()
    assert examples and all(e.startswith(("Hva er nytt om ", "Hva er det med ")) for e in examples)
    assert all(core.answer(e, NORWEGIAN).kind is ReplyKind.ANSWER for e in examples)
    assert examples[0] in core.help(ENGLISH).lead
    assert examples[0] in core.answer("hva er det?", NORWEGIAN).lead  # the no-terms reply suggests one


def test_latest_on_an_undated_corpus_does_not_claim_newest_first(tmp_path: Path):
    corpus = tmp_path / "undated.jsonl"
    corpus.write_text(
        '{"id": "a", "title": "Vindkraft i Nordland", "text": "Vindkraft i Nordland skaper strid."}\n'
        '{"id": "b", "title": "Ny vindkraft", "text": "Ny vindkraft til havs utenfor Troms."}\n',
        "utf-8",
    )
    settings = Settings(corpus=corpus, cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    core = ConversationCore(settings, library)
    on_topic, everything = core.latest("vindkraft", NORWEGIAN).lead, core.latest(None, NORWEGIAN).lead
    assert not on_topic.startswith("Siste nytt") and "ingen dato" in on_topic
    assert not everything.startswith("Siste nytt") and "ingen dato" in everything


def test_the_article_view_has_no_bare_number_and_no_repeated_headline(tmp_path: Path):
    corpus = tmp_path / "plain.jsonl"
    corpus.write_text('{"id": "a", "title": "Vindkraft i Nordland", "text": "Vindkraft i Nordland\\nVindkraft skaper strid."}\n', "utf-8")
    settings = Settings(corpus=corpus, cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    text = render(ConversationCore(settings, library).article("a", NORWEGIAN))
    assert text == "Vindkraft i Nordland\n\nVindkraft skaper strid."


def test_the_console_hints_at_more_only_when_there_is_more(conversation: Conversation):
    console = Console(conversation, NORWEGIAN, plain_emphasis)
    many = console.respond("vindkraft Nordland")
    assert many.endswith("Skriv «more» for flere treff eller «article N» for å lese kilde N.")
    one = console.respond("eiendomsskatt Oslo")
    assert "more" not in one and one.endswith("Skriv «article N» for å lese kilde N.")


def test_pages_of_a_follow_up_stay_in_the_cited_article_and_name_the_question_asked(conversation: Conversation):
    conversation.respond("chat", "vindkraft Nordland", NORWEGIAN)
    follow = conversation.respond("chat", "Hvor protesterte de?", NORWEGIAN)
    assert follow.reply.lead.endswith("i saken fra forrige svar:")
    conversation.remember("chat", follow.turn, [77])
    again = conversation.page("chat", 77, 0, NORWEGIAN)
    assert again is not None and again.lead == follow.reply.lead
    assert [q.citation.article_id for q in again.quotes] == [q.citation.article_id for q in follow.reply.quotes]
    assert conversation.page("chat", 78, 0, NORWEGIAN) is None  # a message this conversation never sent


@pytest.mark.parametrize("line", ["/hjelp", "/help", "hjelp", " HELP "])
def test_the_console_takes_telegram_style_commands(conversation: Conversation, line: str):
    console = Console(conversation, NORWEGIAN, plain_emphasis)
    assert console.respond(line) == console.respond("help")
    assert "Jeg fant" not in console.respond(line)  # a command, not a search
