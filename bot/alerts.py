"""Topic alerts: chats follow topics; new articles that match a topic well are sent once.

Front-end neutral: this module decides *what* to send to *which* chat and records it;
the front end queues it for delivery. Articles are stored with a pending flag; matching
them, recording each alert as sent, queueing it and clearing the flag happen in one
transaction, so a crash at any point either leaves the articles pending (the next round
matches them again) or has every alert queued — none lost, none sent twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot import messages
from bot.core import ConversationCore, tidy
from bot.reply import Reply, ReplyKind
from bot.subscriptions import Subscriptions, count_sent_since, normalise_topic, record_sent
from retrieval.news.store import ArticleStore
from retrieval.ranking.aboutness import AboutnessScorer, about_topic


@dataclass(frozen=True)
class Alert:
    """One message to deliver: a cited excerpt of a new article for a followed topic."""

    chat_id: int
    topic: str
    article_id: str
    reply: Reply


class TopicAlerts:
    """Following, unfollowing and matching new articles against followed topics."""

    def __init__(
        self,
        core: ConversationCore,
        subscriptions: Subscriptions,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self.core = core
        self.settings = core.settings
        self.subscriptions = subscriptions
        self.now = now

    def follow(self, chat_id: int, topic: str, language: str) -> Reply:
        """Start following ``topic``, within the per-chat limit."""
        topic = tidy(topic)
        if not topic:
            return Reply(ReplyKind.INFO, messages.text(language, "follow_usage"))
        if len(topic) > self.settings.max_question_chars:
            return Reply(ReplyKind.REFUSAL, messages.text(language, "too_long", length=len(topic), limit=self.settings.max_question_chars))
        topics = self.subscriptions.topics(chat_id)
        if normalise_topic(topic) in {normalise_topic(t) for t in topics}:
            return Reply(ReplyKind.INFO, messages.text(language, "follow_already", topic=topic))
        if len(topics) >= self.settings.max_topics_per_chat:
            return Reply(ReplyKind.REFUSAL, messages.text(language, "follow_limit", limit=self.settings.max_topics_per_chat))
        self.subscriptions.follow(chat_id, topic)
        return Reply(ReplyKind.INFO, messages.text(language, "follow_added", topic=topic))

    def unfollow(self, chat_id: int, topic: str, language: str) -> Reply:
        """Stop following ``topic``."""
        topic = tidy(topic)
        if not topic:
            return Reply(ReplyKind.INFO, messages.text(language, "unfollow_usage"))
        key = "unfollow_done" if self.subscriptions.unfollow(chat_id, topic) else "unfollow_unknown"
        return Reply(ReplyKind.INFO, messages.text(language, key, topic=topic))

    def following(self, chat_id: int, language: str) -> Reply:
        """The chat's topics."""
        topics = self.subscriptions.topics(chat_id)
        if not topics:
            return Reply(ReplyKind.INFO, messages.text(language, "following_none"))
        return Reply(ReplyKind.INFO, messages.text(language, "following", topics=", ".join(f"«{t}»" for t in topics)))

    def queue_pending(
        self, store: ArticleStore, language: str, queue: Callable[[sqlite3.Connection, Alert], None]
    ) -> int:
        """Match the articles still pending against the followed topics they are about and ``queue`` each alert; return how many.

        Call after the index holding the new articles is current; pending articles the
        index does not hold yet stay pending. A chat gets at most ``max_alerts_per_hour``
        alerts in any hour; the rest are dropped, not queued, so a burst of news never
        turns into a flood later.
        """
        snapshot = self.core.library.snapshot
        pending = [i for i in store.alerts_pending() if i in snapshot.articles_by_id]
        if not pending:
            return 0
        retriever = snapshot.retriever
        scorer = AboutnessScorer(retriever.index)
        is_new = snapshot.mask(pending)
        found_per_topic = [
            (chat_id, topic, found)
            for chat_id, topic in self.subscriptions.all()
            for found, _ in about_topic(retriever, scorer, topic, self.settings.alert_min_score, is_new)
        ]
        now = self.now()
        queued = 0

        def record_and_queue(connection: sqlite3.Connection) -> None:
            nonlocal queued
            for chat_id, topic, found in found_per_topic:
                if count_sent_since(connection, chat_id, now - timedelta(hours=1)) >= self.settings.max_alerts_per_hour:
                    continue
                if record_sent(connection, chat_id, found.article.id, now.timestamp()):
                    queue(connection, Alert(chat_id, topic, found.article.id, self.core.alert(topic, found, language)))
                    queued += 1

        store.finish_alerts(pending, record_and_queue)
        return queued

    def forget_chat(self, chat_id: int) -> None:
        """Unsubscribe a chat that can no longer be reached (it blocked the bot)."""
        self.subscriptions.remove_chat(chat_id)
