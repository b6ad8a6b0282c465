"""Topic alerts: chats follow topics; new articles that match a topic well are sent once.

Front-end neutral: this module decides *what* to send to *which* chat and records it;
the Telegram front end delivers it. An alert is recorded as sent before delivery, so a
restart or a retry never sends the same article to a chat twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot import messages
from bot.core import ConversationCore, tidy
from bot.reply import Reply, ReplyKind
from retrieval.news.article import Article
from retrieval.ranking.aboutness import AboutnessScorer, about_topic
from bot.subscriptions import Subscriptions, normalise_topic


@dataclass(frozen=True)
class Alert:
    """One message to deliver: a cited excerpt of a new article for a followed topic."""

    chat_id: int
    topic: str
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

    def match(self, new_articles: Sequence[Article], language: str) -> list[Alert]:
        """Alerts for the followed topics that ``new_articles`` are about, recorded as sent.

        An article is about a topic when its aboutness (:mod:`retrieval.ranking.aboutness`:
        the topic's words in its headline or named repeatedly in its text) reaches
        ``alert_min_score``. Call after the index holding ``new_articles`` is current.
        A chat gets at most ``max_alerts_per_hour`` alerts in any hour; the rest are
        dropped, not queued, so a burst of news never turns into a flood later.
        """
        if not new_articles:
            return []
        snapshot = self.core.library.snapshot
        retriever = snapshot.retriever
        scorer = AboutnessScorer(retriever.index)
        is_new = snapshot.mask(a.id for a in new_articles)
        hour_ago = self.now() - timedelta(hours=1)
        alerts: list[Alert] = []
        for chat_id, topic in self.subscriptions.all():
            for found, _ in about_topic(retriever, scorer, topic, self.settings.alert_min_score, is_new):
                if self.subscriptions.sent_since(chat_id, hour_ago) >= self.settings.max_alerts_per_hour:
                    break
                if self.subscriptions.mark_sent(chat_id, found.article.id, self.now()):
                    alerts.append(Alert(chat_id, topic, self.core.alert(topic, found, language)))
        return alerts

    def forget_chat(self, chat_id: int) -> None:
        """Unsubscribe a chat that can no longer be reached (it blocked the bot)."""
        self.subscriptions.remove_chat(chat_id)
