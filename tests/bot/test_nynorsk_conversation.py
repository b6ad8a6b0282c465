"""A Nynorsk question in a conversation over Bokmål news: answered like its Bokmål twin, and no language notice."""

import pytest

from bot.conversation.dialogue import Conversation
from bot.conversation.state import Bounds, MemoryConversations
from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.messages import NORWEGIAN
from bot.reply import ReplyKind
from bot.settings import Settings
from tests.conftest import SEED_FILE


@pytest.fixture(scope="module")
def conversation(tmp_path_factory: pytest.TempPathFactory) -> Conversation:
    settings = Settings(corpus=SEED_FILE, cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    return Conversation(ConversationCore(settings, library), MemoryConversations(Bounds()))


@pytest.mark.parametrize(
    ("nynorsk", "bokmal"),
    [
        ("Kor mange offiserer kan Noreg stille med?", "Hvor mange offiserer kan Norge stille med?"),
        ("Kva sa Stoltenberg om Irak?", "Hva sa Stoltenberg om Irak?"),
    ],
)
def test_a_nynorsk_question_gets_the_answer_of_its_bokmal_twin(conversation: Conversation, nynorsk: str, bokmal: str):
    asked = conversation.respond("nynorsk", nynorsk, NORWEGIAN).reply
    twin = conversation.respond("bokmål", bokmal, NORWEGIAN).reply
    assert asked.kind is ReplyKind.ANSWER and asked.notes == ()
    assert [q.text for q in asked.quotes] == [q.text for q in twin.quotes]
    assert asked.answer == twin.answer


def test_kor_mange_asks_for_a_number(conversation: Conversation):
    reply = conversation.respond("tal", "Kor mange offiserer kan Noreg stille med?", NORWEGIAN).reply
    assert reply.answer is not None and reply.answer.text == "ti"
