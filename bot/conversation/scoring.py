"""Scoring labelled dialogues: how often a turn's first quote holds its answer.

The dialogues (``tests/fixtures/dialogues.jsonl``) are two or three turns each, every
turn labelled with the article and a short answer string that must appear in the
first quote, or ``smalltalk`` (a reply without quotes is right) or ``no_answer``.
The same dialogues run with the conversation's context and without it (every turn
in a fresh chat), so the difference is what the context is worth.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bot.conversation.dialogue import Answered
from bot.reply import Reply

SMALLTALK = "smalltalk"
NO_ANSWER = "no_answer"


@dataclass(frozen=True)
class LabelledTurn:
    text: str
    article: str | None
    answer: str


@dataclass(frozen=True)
class Dialogue:
    id: str
    kind: str
    language: str
    turns: tuple[LabelledTurn, ...]


def load_dialogues(path: Path) -> list[Dialogue]:
    """The labelled dialogues of a JSON Lines file."""
    dialogues = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        turns = tuple(
            LabelledTurn(t["text"], None if t["article"] is None else str(t["article"]), t["answer"]) for t in record["turns"]
        )
        dialogues.append(Dialogue(record["id"], record["kind"], record["language"], turns))
    return dialogues


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def correct(reply: Reply, turn: LabelledTurn) -> bool:
    """Whether ``reply`` is what ``turn`` expects."""
    if turn.answer in (SMALLTALK, NO_ANSWER):
        return not reply.quotes
    if not reply.quotes:
        return False
    first = reply.quotes[0]
    return first.citation.article_id == turn.article and _normal(turn.answer) in _normal(first.text)


@dataclass
class Score:
    """Correct turns out of all, overall and by dialogue kind, for first turns and follow-ups apart."""

    first: list[bool] = field(default_factory=list)
    later: list[bool] = field(default_factory=list)
    # Follow-ups whose earlier turns were all right: the context led to the right story.
    on_track: list[bool] = field(default_factory=list)
    by_kind: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)

    @staticmethod
    def share(results: list[bool]) -> float:
        return 100.0 * sum(results) / len(results) if results else 0.0


class Responder(Protocol):
    """What is scored: a :class:`~bot.conversation.dialogue.Conversation`, or a stand-in for the bare core."""

    def respond(self, chat_key: str, message: str, language: str, reply_to: int | None = None) -> Answered: ...


def score(conversation: Responder, dialogues: Iterable[Dialogue], context: bool, language: str = "nb") -> Score:
    """Run every dialogue; with ``context`` off each turn is asked in a fresh chat."""
    result = Score()
    for dialogue in dialogues:
        so_far = True
        for number, turn in enumerate(dialogue.turns):
            chat = f"{dialogue.id}" if context else f"{dialogue.id}/{number}"
            reply = conversation.respond(f"score:{chat}", turn.text, language).reply
            ok = correct(reply, turn)
            (result.later if number else result.first).append(ok)
            if number:
                result.by_kind[dialogue.kind].append(ok)
                if so_far:
                    result.on_track.append(ok)
            so_far = so_far and ok
            if not ok:
                result.failures.append(f"{dialogue.id}#{number + 1} {turn.text!r}: {reply.lead[:90]!r}")
    return result
