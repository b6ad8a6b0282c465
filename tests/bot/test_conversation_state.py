"""Conversation state: bounded in turns and age, kept in SQLite across a restart, safe on bad data."""

from pathlib import Path

from bot.conversation.state import Bounds, ConversationState, MemoryConversations, StoredConversations, conversation_store


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _answered(state: ConversationState, question: str, now: float) -> int:
    return state.add(question, question, [f"article-{question}"], 3, True, (), now).id


def test_turns_are_bounded_and_message_ids_of_dropped_turns_forgotten() -> None:
    store = MemoryConversations(Bounds(turns=2, max_age=60))
    state = store.load("chat")
    first = _answered(state, "en", 0)
    state.remember_message(10, state.turn(first))
    for question in ("to", "tre"):
        _answered(state, question, 0)
    store.save("chat", state)
    kept = store.load("chat")
    assert [t.question for t in kept.turns] == ["to", "tre"]
    assert kept.for_message(10) is None and kept.messages == {}


def test_an_idle_conversation_starts_afresh() -> None:
    clock = Clock()
    store = MemoryConversations(Bounds(turns=5, max_age=30 * 60), clock)
    state = store.load("chat")
    _answered(state, "Hvem leder Nato?", clock.now)
    store.save("chat", state)
    clock.now += 29 * 60
    assert store.load("chat").last is not None
    clock.now += 31 * 60
    assert store.load("chat").last is None


def test_stored_conversations_survive_a_restart_and_old_ones_are_dropped(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "bot.sqlite3"
    with StoredConversations(path, Bounds(turns=5, max_age=600), clock) as store:
        state = store.load("42:7")
        turn = state.add("Hvem sa det?", "Hvem sa det? Stoltenberg", ["a1", "a2"], 2, False, ["a1"], clock.now)
        state.remember_message(1001, turn)
        state.told_language = True
        store.save("42:7", state)
        store.save("old", ConversationState())
    with StoredConversations(path, Bounds(turns=5, max_age=600), clock) as reopened:
        state = reopened.load("42:7")
        assert state.for_message(1001) == turn and state.told_language
        assert state.last is not None and state.last.restricted == ["a1"]
        clock.now += 601
        reopened.save("new", ConversationState())  # saving sweeps conversations idle past the bound
        assert reopened._db.query("SELECT chat_key FROM conversations")[0]["chat_key"] == "new"


def test_unreadable_stored_state_starts_a_fresh_conversation() -> None:
    assert ConversationState.from_json("{not json", 0.0).turns == []
    assert ConversationState.from_json('{"turns": [{"id": "x"}]}', 0.0).turns == []


def test_the_store_follows_the_data_folder(tmp_path: Path) -> None:
    assert isinstance(conversation_store(None, 5, 30), MemoryConversations)
    stored = conversation_store(tmp_path / "bot.sqlite3", 5, 30)
    assert isinstance(stored, StoredConversations)
    stored.close()
