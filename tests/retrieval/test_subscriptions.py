"""Topic subscriptions and sent alerts, sharing the article store's file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from retrieval.news.article import Article
from retrieval.news.store import ArticleStore
from bot.subscriptions import Subscriptions, normalise_topic

CHAT, OTHER = 1001, -2002


@pytest.fixture
def path(tmp_path):
    return tmp_path / "bot.sqlite"


def test_follow_is_case_and_space_insensitive(path) -> None:
    with Subscriptions(path) as subs:
        assert subs.follow(CHAT, "  Krigen i   Ukraina ")
        assert not subs.follow(CHAT, "krigen i ukraina")
        assert not subs.follow(CHAT, "KRIGEN I UKRAINA")
        assert subs.topics(CHAT) == ["Krigen i Ukraina"]


def test_unfollow(path) -> None:
    with Subscriptions(path) as subs:
        subs.follow(CHAT, "Equinor")
        subs.follow(CHAT, "Strøm")
        assert subs.unfollow(CHAT, "equinor ")
        assert not subs.unfollow(CHAT, "equinor")
        assert not subs.unfollow(OTHER, "strøm")
        assert subs.topics(CHAT) == ["Strøm"]


def test_empty_topic_is_refused(path) -> None:
    with Subscriptions(path) as subs, pytest.raises(ValueError):
        subs.follow(CHAT, "   ")


def test_all_lists_every_chat_and_topic(path) -> None:
    with Subscriptions(path) as subs:
        subs.follow(CHAT, "Equinor")
        subs.follow(OTHER, "Equinor")
        subs.follow(CHAT, "Nato")
        assert subs.all() == [(OTHER, "Equinor"), (CHAT, "Equinor"), (CHAT, "Nato")]
        assert subs.topics(12345) == []


def test_remove_chat_forgets_topics_and_sent_alerts(path) -> None:
    with Subscriptions(path) as subs:
        subs.follow(CHAT, "Equinor")
        subs.follow(CHAT, "Nato")
        subs.follow(OTHER, "Nato")
        subs.mark_sent(CHAT, "feed-1")
        assert subs.remove_chat(CHAT) == 2
        assert subs.topics(CHAT) == [] and not subs.was_sent(CHAT, "feed-1")
        assert subs.all() == [(OTHER, "Nato")]


def test_mark_sent_is_idempotent(path) -> None:
    with Subscriptions(path) as subs:
        assert not subs.was_sent(CHAT, "feed-1")
        assert subs.mark_sent(CHAT, "feed-1")
        assert not subs.mark_sent(CHAT, "feed-1")
        assert subs.was_sent(CHAT, "feed-1")
        assert not subs.was_sent(OTHER, "feed-1")
        assert subs.mark_sent(OTHER, "feed-1")


def test_sent_since_counts_for_rate_limits(path) -> None:
    now = datetime(2021, 2, 10, 12, 0, tzinfo=timezone.utc)
    with Subscriptions(path) as subs:
        subs.mark_sent(CHAT, "old", at=now - timedelta(hours=2))
        subs.mark_sent(CHAT, "recent", at=now - timedelta(minutes=30))
        subs.mark_sent(CHAT, "now", at=now)
        subs.mark_sent(OTHER, "elsewhere", at=now)
        assert subs.sent_since(CHAT, now - timedelta(hours=1)) == 2
        assert subs.sent_since(CHAT, now - timedelta(days=1)) == 3
        assert subs.sent_since(CHAT, now + timedelta(seconds=1)) == 0


def test_default_sent_time_is_now(path) -> None:
    with Subscriptions(path) as subs:
        subs.mark_sent(CHAT, "feed-1")
        assert subs.sent_since(CHAT, datetime.now(timezone.utc) - timedelta(minutes=1)) == 1


def test_subscriptions_and_sent_alerts_survive_restart(path) -> None:
    with Subscriptions(path) as subs:
        subs.follow(CHAT, "Equinor")
        subs.mark_sent(CHAT, "feed-1")
    with Subscriptions(path) as reopened:
        assert reopened.topics(CHAT) == ["Equinor"]
        assert not reopened.mark_sent(CHAT, "feed-1")  # a restart never sends twice
        assert not reopened.follow(CHAT, "equinor")


def test_shares_the_file_with_the_article_store(path) -> None:
    with ArticleStore(path) as store, Subscriptions(path) as subs:
        assert store.add([Article("feed-1", "Equinor kjøper", "Tekst.")], "https://x.example/rss") == 1
        assert subs.follow(CHAT, "Equinor")
        assert subs.mark_sent(CHAT, "feed-1")
    with ArticleStore(path) as store, Subscriptions(path) as subs:
        assert [a.id for a in store.articles()] == ["feed-1"]
        assert subs.topics(CHAT) == ["Equinor"] and subs.was_sent(CHAT, "feed-1")


def test_normalise_topic() -> None:
    assert normalise_topic(" Krigen\ti  UKRAINA ") == "krigen i ukraina"
    assert normalise_topic("Stra\u00dfe") == normalise_topic("STRASSE")
