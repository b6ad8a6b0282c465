"""A conversation around the stateless core: small talk, follow-ups, paging and threads per chat.

:class:`ConversationCore` answers one question at a time; :class:`Conversation` reads
each message against the chat's recent turns (:mod:`bot.conversation.state`), decides
with :mod:`bot.conversation.followups` what to search, and remembers what it answered
so the next message, a «more» or a reply to an old answer can follow it.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot import messages
from bot.conversation.followups import FollowUpReader, Move, Previous, Reading, Rules
from bot.conversation.languages import message_language
from bot.conversation.smalltalk import small_talk
from bot.conversation.state import ConversationState, ConversationStore, Turn
from bot.core import ConversationCore, tidy
from bot.reply import Action, Reply, ReplyKind

# The reply language for a message language.
_INTERFACE = {"norwegian": messages.NORWEGIAN, "english": messages.ENGLISH}


@dataclass(frozen=True)
class Answered:
    """A reply and the turn it started (``None`` when it started none: small talk, no answer)."""

    reply: Reply
    turn: int | None


class Conversation:
    """Answers messages in the context of each chat's last turns."""

    def __init__(
        self,
        core: ConversationCore,
        store: ConversationStore,
        rules: Rules = Rules(),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.core = core
        self.store = store
        self.rules = rules
        self.clock = clock
        self._locks = ChatLocks()

    def respond(self, chat_key: str, message: str, language: str, reply_to: int | None = None) -> Answered:
        """The reply to ``message`` in chat ``chat_key``; ``reply_to`` is the bot message it answers, if any."""
        message = tidy(message)
        if refusal := self.core.check_question(message, language):
            return Answered(refusal, None)
        if (talk := small_talk(message)) is not None:
            return Answered(self._small_talk(talk.kind.value, talk.language or language), None)
        with self._locks.hold(chat_key):
            return self._respond(chat_key, message, language, reply_to)

    def _respond(self, chat_key: str, message: str, language: str, reply_to: int | None) -> Answered:
        state = self.store.load(chat_key)
        previous = state.for_message(reply_to) if reply_to is not None else None
        previous = previous or state.last
        reading = self._reader().read(message, self._previous(previous, state))
        reply, restricted = self._search(reading, message, language)
        notes = self._language_notice(state, message)
        if notes:
            reply = dataclasses.replace(reply, notes=(*reply.notes, *notes))
        turn = None
        if reply.kind is ReplyKind.ANSWER:
            articles = [q.citation.article_id for q in reply.quotes]
            query = reading.query if reading.move is not Move.NEW else message
            turn = state.add(
                message,
                query,
                articles,
                len(reply.quotes),
                _has_more(reply),
                reading.articles if restricted else (),
                self.clock(),
                _also_in(reply),
            )
        if turn is not None or notes:
            self.store.save(chat_key, state)
        return Answered(reply, turn.id if turn else None)

    def remember(self, chat_key: str, turn_id: int, message_ids: list[int]) -> None:
        """Note that turn ``turn_id`` was sent as ``message_ids``, so replies and buttons find it."""
        with self._locks.hold(chat_key):
            state = self.store.load(chat_key)
            turn = state.turn(turn_id)
            if turn is None:
                return
            for message_id in message_ids:
                state.remember_message(message_id, turn)
            self.store.save(chat_key, state)

    def page(self, chat_key: str, message_id: int, offset: int, language: str) -> Reply | None:
        """The page at ``offset`` of the answer sent as ``message_id``, or ``None`` when that answer is forgotten."""
        state = self.store.load(chat_key)
        turn = state.for_message(message_id)
        if turn is None:
            return None
        return self._page(turn, offset, language)

    def more(self, chat_key: str, language: str) -> Reply:
        """The next results of the chat's last answer (the console's ``more``)."""
        with self._locks.hold(chat_key):
            state = self.store.load(chat_key)
            turn = state.last
            if turn is None:
                return Reply(ReplyKind.INFO, messages.text(language, "nothing_asked"))
            reply = self._page(turn, turn.shown, language)
            if reply.kind is ReplyKind.ANSWER:
                turn.shown += len(reply.quotes)
                turn.has_more = _has_more(reply)
                turn.articles.extend(q.citation.article_id for q in reply.quotes)
                turn.related.extend(_also_in(reply))
                self.store.save(chat_key, state)
            return reply

    def cited_article(self, chat_key: str, number: int, language: str) -> Reply:
        """Source ``number`` of the chat's last answer (the console's ``article N``)."""
        turn = self.store.load(chat_key).last
        if turn is None or not 1 <= number <= len(turn.articles):
            return Reply(ReplyKind.INFO, messages.text(language, "unknown_article", number=number))
        return self.core.article(turn.articles[number - 1], language, number)

    # --- the parts -----------------------------------------------------------------------

    def _reader(self) -> FollowUpReader:
        analyzer = self.core.library.snapshot.retriever.index.analyzer
        return FollowUpReader(analyzer.term, analyzer.profile, self.rules)

    def _previous(self, turn: Turn | None, state: ConversationState) -> Previous | None:
        if turn is None:
            return None
        found = self.core.library.snapshot.articles_by_id
        articles = tuple(a for a in dict.fromkeys([*turn.articles, *turn.related]) if a in found)
        texts = tuple(f"{found[a].headline}\n{found[a].text}" for a in articles)
        return Previous(turn.query, articles, texts, _base(turn, state))

    def _search(self, reading: Reading, message: str, language: str) -> tuple[Reply, bool]:
        """The reply for ``reading``, and whether it came from the previous answer's articles."""
        if reading.move is Move.ABOUT_ANSWER:
            within = self.core.search_within(reading.query, reading.articles, language)
            if within.kind is ReplyKind.ANSWER:
                lead = messages.text(language, "followup_intro", question=message)
                return dataclasses.replace(within, lead=lead, question=reading.query), True
            reply = self.core.answer(message, language)
            if reply.kind is ReplyKind.NO_ANSWER and reply.reason != "empty_period":
                # «hvorfor?» alone has no words for the corpus: say where it was looked for, not that it is empty.
                reply = dataclasses.replace(reply, lead=messages.text(language, "followup_none", question=message))
            return reply, False
        if reading.move is Move.ELLIPTICAL:
            reply = self.core.answer(reading.query, language)
            if reply.kind is ReplyKind.ANSWER:
                reply = self._on_subject(reply, reading, language)
            elif reply.kind is ReplyKind.NO_ANSWER and reply.reason != "empty_period":
                # Say how the message was read, or «Hva med Danmark?» seems to have been ignored.
                reply = dataclasses.replace(reply, lead=messages.text(language, "elliptical_no_answer", question=reading.query))
            return reply, False
        return self.core.answer(message, language), False

    def _on_subject(self, reply: Reply, reading: Reading, language: str) -> Reply:
        """An elliptical answer, kept only when its quotes name the new subject.

        «Hva med Danmark?» after a question about Norway re-asks it about Denmark; on
        a corpus without Denmark the other words still find the Norwegian passage, and
        «ti» in bold would answer for the wrong country. The quote (or its headline)
        must name the subject, not just its article: an article that mentions Denmark
        somewhere shows nothing about it in a quote about Norway. Time words are left
        to the core, which reads them as dates or text and says which (:mod:`bot.periods`).
        """
        analyzer = self.core.library.snapshot.retriever.index.analyzer
        wanted = set(analyzer(self.core.without_time(reading.subject)))
        held = []
        for quote in reply.quotes:
            terms = set(analyzer(f"{quote.citation.headline}\n{quote.text}"))
            held.append(len(wanted & terms) >= self.rules.min_own_share * len(wanted))
        if not any(held):
            lead = messages.text(language, "elliptical_none", question=reading.query, subject=reading.subject)
            return Reply(ReplyKind.NO_ANSWER, lead, question=reading.query, reason="below_threshold")
        lead = messages.text(language, "elliptical_intro", question=reading.query)
        return dataclasses.replace(reply, lead=lead, answer=reply.answer if held[0] else None)

    def _page(self, turn: Turn, offset: int, language: str) -> Reply:
        """A page of the turn's results; a follow-up's pages name the question as the user asked it."""
        if not turn.restricted:
            return self.core.answer(turn.query, language, offset)
        reply = self.core.search_within(turn.query, turn.restricted, language, offset)
        if reply.kind is not ReplyKind.ANSWER:
            return reply
        key = "more_intro" if offset else "followup_intro"
        return dataclasses.replace(reply, lead=messages.text(language, key, question=turn.question))

    def _small_talk(self, kind: str, language: str) -> Reply:
        return Reply(ReplyKind.INFO, messages.text(language, f"smalltalk_{kind}", example=self.core.examples.first()))

    def _language_notice(self, state: ConversationState, message: str) -> tuple[str, ...]:
        """Once per conversation: the news is in another language than the user writes, and the question was tried."""
        written = message_language(message)
        corpus = self.core.library.snapshot.retriever.index.analyzer.profile.name
        if state.told_language or written is None or written == corpus:
            return ()
        state.told_language = True
        user = _INTERFACE[written]
        news = messages.text(user, f"language_{corpus}")
        return (messages.text(user, "language_notice", news_language=news),)


class ChatLocks:
    """One lock per chat, so two messages of one chat are answered one after the other.

    A message loads the chat's turns and saves them with its own; two messages of one
    chat answered at once (Telegram handles updates concurrently, in worker threads)
    would both load the same turns, and the second save would drop the first's turn.
    Chats do not wait for each other. A chat's lock lives only while someone holds or
    waits for it, so idle chats cost nothing.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: weakref.WeakValueDictionary[str, _Lock] = weakref.WeakValueDictionary()

    @contextmanager
    def hold(self, chat_key: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.get(chat_key)
            if lock is None:
                lock = self._locks[chat_key] = _Lock()
        with lock.lock:
            yield


class _Lock:
    """A lock that a weak reference can point to (a bare ``threading.Lock`` cannot)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()


def _base(turn: Turn, state: ConversationState) -> str:
    """The query of the last turn up to ``turn`` that was a question of its own, not one about an answer."""
    earlier = state.turns[: state.turns.index(turn) + 1] if turn in state.turns else [turn]
    return next((t.query for t in reversed(earlier) if not t.restricted), turn.query)


def _also_in(reply: Reply) -> list[str]:
    """The articles named under the reply's quotes as telling the same story."""
    return [other.article_id for quote in reply.quotes for other in quote.also_in]


def _has_more(reply: Reply) -> bool:
    return any(f.action is Action.MORE for f in reply.follow_ups)
