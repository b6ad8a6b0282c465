"""The labelled follow-up dialogues over the development articles, with the conversation's context on and off."""

import pytest

from bot.conversation.dialogue import Conversation
from bot.conversation.scoring import SMALLTALK, load_dialogues, score
from bot.conversation.state import Bounds, MemoryConversations
from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.settings import Settings
from tests.conftest import REPO, norquad_dir

DIALOGUES = REPO / "tests" / "fixtures" / "dialogues.jsonl"


@pytest.fixture(scope="module")
def conversation_core() -> ConversationCore:
    norquad = norquad_dir()
    if norquad is None:
        pytest.fail("the NorQuAD development set (../shared/norquad-news) is needed; set NYHETSBOT_NORQUAD_DIR")
    settings = Settings(corpus=norquad / "articles.jsonl", cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    return ConversationCore(settings, library)


def test_the_dialogue_set_is_large_and_labelled() -> None:
    dialogues = load_dialogues(DIALOGUES)
    assert len(dialogues) >= 60
    assert all(2 <= len(d.turns) <= 3 for d in dialogues)
    assert {d.language for d in dialogues} == {"nb", "nn", "en"}
    assert {d.kind for d in dialogues} == {"elliptical", "about_answer", "smalltalk", "new_topic"}


def test_context_answers_clearly_more_follow_ups(conversation_core: ConversationCore) -> None:
    dialogues = load_dialogues(DIALOGUES)
    on = score(Conversation(conversation_core, MemoryConversations(Bounds())), dialogues, context=True)
    off = score(Conversation(conversation_core, MemoryConversations(Bounds())), dialogues, context=False)
    # Measured (benchmarks/dialogues.py): 67.1 % of follow-up turns with context, 42.7 % without.
    assert on.share(on.later) >= 60.0
    assert on.share(on.later) - off.share(off.later) >= 15.0
    # Context must not cost the new questions asked mid-conversation.
    assert on.share(on.by_kind["new_topic"]) >= off.share(off.by_kind["new_topic"])


def test_small_talk_never_quotes(conversation_core: ConversationCore) -> None:
    conversation = Conversation(conversation_core, MemoryConversations(Bounds()))
    for dialogue in load_dialogues(DIALOGUES):
        for turn in dialogue.turns:
            reply = conversation.respond(dialogue.id, turn.text, "nb").reply
            if turn.answer == SMALLTALK:
                assert not reply.quotes and reply.lead, turn.text
