"""A chat's recent turns, bounded in number and age, kept in memory or in the bot's SQLite file.

A follow-up («hvem sa det?») needs the question before it and the articles that
answered it; paging needs the question and how far it was shown; a reply to an old
answer needs that answer's turn, found by the id of the message it was sent in. That
is all a turn holds — never the quoted text — so the state stays small. Old turns
and idle conversations are dropped: a question asked an hour later is a new topic.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from retrieval.news.database import DatabaseOwner

# Conversations kept in memory at most (least recently used dropped first).
MEMORY_CHATS = 10_000


@dataclass
class Turn:
    """One answered question: what was asked, what was searched, what was cited, how far it was paged."""

    id: int
    question: str  # as the user wrote it
    query: str  # as it was searched (a follow-up rewritten with its context)
    articles: list[str]  # cited article ids, citation N is articles[N - 1]
    shown: int  # results shown so far
    has_more: bool = False
    restricted: list[str] = field(default_factory=list)  # searched only in these articles (a follow-up)
    at: float = 0.0
    # Articles telling the same story as a cited one («Også i»): a follow-up searches them
    # too, so its answer names them again instead of losing them.
    related: list[str] = field(default_factory=list)


@dataclass
class ConversationState:
    """The recent turns of one chat (or chat thread, or console session)."""

    turns: list[Turn] = field(default_factory=list)
    messages: dict[int, int] = field(default_factory=dict)  # bot message id → turn id
    next_id: int = 1
    told_language: bool = False  # the user was told once that the news is in another language
    updated_at: float = 0.0

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def turn(self, turn_id: int) -> Turn | None:
        return next((t for t in self.turns if t.id == turn_id), None)

    def for_message(self, message_id: int) -> Turn | None:
        """The turn answered in bot message ``message_id`` (a reply to it continues that thread)."""
        turn_id = self.messages.get(message_id)
        return self.turn(turn_id) if turn_id is not None else None

    def add(
        self,
        question: str,
        query: str,
        articles: list[str],
        shown: int,
        has_more: bool,
        restricted: Sequence[str],
        now: float,
        related: Sequence[str] = (),
    ) -> Turn:
        """A new turn, the last of the conversation."""
        turn = Turn(self.next_id, question, query, articles, shown, has_more, list(restricted), now, list(related))
        self.next_id += 1
        self.turns.append(turn)
        return turn

    def remember_message(self, message_id: int, turn: Turn) -> None:
        self.messages[message_id] = turn.id

    def trim(self, max_turns: int) -> None:
        """Keep the last ``max_turns`` turns and the message ids that point at them."""
        self.turns = self.turns[-max_turns:] if max_turns > 0 else []
        alive = {t.id for t in self.turns}
        self.messages = {m: t for m, t in self.messages.items() if t in alive}

    def to_json(self) -> str:
        return json.dumps(
            {
                "turns": [asdict(t) for t in self.turns],
                "messages": [[m, t] for m, t in self.messages.items()],
                "next_id": self.next_id,
                "told_language": self.told_language,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, updated_at: float) -> ConversationState:
        """The stored state; anything unreadable starts a fresh conversation rather than failing the chat."""
        try:
            data: dict[str, Any] = json.loads(text)
            turns = [Turn(**t) for t in data.get("turns", [])]
            messages = {int(m): int(t) for m, t in data.get("messages", [])}
            return cls(turns, messages, int(data.get("next_id", 1)), bool(data.get("told_language")), updated_at)
        except (ValueError, TypeError, KeyError):
            return cls()


class ConversationStore(Protocol):
    """Where conversations live between messages."""

    def load(self, chat_key: str) -> ConversationState: ...

    def save(self, chat_key: str, state: ConversationState) -> None: ...


@dataclass(frozen=True)
class Bounds:
    """How much a conversation remembers: the last ``turns`` turns, for ``max_age`` seconds of silence."""

    turns: int = 5
    max_age: float = 30 * 60

    def fresh(self, state: ConversationState, now: float) -> ConversationState:
        """``state``, or an empty one when the chat has been quiet longer than ``max_age``."""
        if state.updated_at and now - state.updated_at > self.max_age:
            return ConversationState()
        return state


def conversation_store(database: Path | None, turns: int, minutes: float) -> ConversationStore:
    """Conversations in the bot's database when it has one (a restart keeps them), else in memory."""
    bounds = Bounds(turns, minutes * 60)
    return StoredConversations(database, bounds) if database is not None else MemoryConversations(bounds)


class MemoryConversations:
    """Conversations in memory (console, or a bot without a data folder); lost on restart."""

    def __init__(self, bounds: Bounds, clock: Callable[[], float] = time.time) -> None:
        self.bounds = bounds
        self.clock = clock
        self._states: OrderedDict[str, ConversationState] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, chat_key: str) -> ConversationState:
        with self._lock:
            state = self._states.get(chat_key)
        return self.bounds.fresh(state, self.clock()) if state is not None else ConversationState()

    def save(self, chat_key: str, state: ConversationState) -> None:
        state.trim(self.bounds.turns)
        state.updated_at = self.clock()
        with self._lock:
            self._states[chat_key] = state
            self._states.move_to_end(chat_key)
            while len(self._states) > MEMORY_CHATS:
                self._states.popitem(last=False)


class StoredConversations(DatabaseOwner):
    """Conversations in the ``conversations`` table, so a restart keeps every chat's thread."""

    def __init__(self, path: str | Path, bounds: Bounds, clock: Callable[[], float] = time.time) -> None:
        super().__init__(path)
        self.bounds = bounds
        self.clock = clock

    def load(self, chat_key: str) -> ConversationState:
        rows = self._db.query("SELECT state, updated_at FROM conversations WHERE chat_key = ?", (chat_key,))
        if not rows:
            return ConversationState()
        return self.bounds.fresh(ConversationState.from_json(rows[0]["state"], rows[0]["updated_at"]), self.clock())

    def save(self, chat_key: str, state: ConversationState) -> None:
        """Store ``state`` and drop conversations idle past the age bound (they would start afresh anyway)."""
        state.trim(self.bounds.turns)
        now = self.clock()
        state.updated_at = now
        with self._db.transaction() as connection:
            connection.execute(
                "INSERT INTO conversations (chat_key, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(chat_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                (chat_key, state.to_json(), now),
            )
            connection.execute("DELETE FROM conversations WHERE updated_at < ?", (now - self.bounds.max_age,))
