"""Fetch the configured feeds, store what is new, and bring the index up to date.

One round fetches every feed; a feed that fails is logged and retried on the next
round while the others proceed. Runs in a worker thread (it blocks on the network);
:meth:`NewsLibrary.load` then indexes only what the round stored or replaced (a new
small segment) and swaps in the new snapshot, so questions asked meanwhile are
answered from the old one.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.library import NewsLibrary
from bot.settings import Settings
from retrieval.news.article import Article
from retrieval.news.feeds import fetch_feed, make_client
from retrieval.news.store import ArticleStore


@dataclass(frozen=True)
class FeedReport:
    """What one feed gave in a round."""

    url: str
    new: int
    error: str | None = None


@dataclass(frozen=True)
class RefreshReport:
    """A round over all feeds: per-feed outcomes and the newly stored articles."""

    feeds: list[FeedReport]
    new_articles: list[Article]


def refresh_feeds(settings: Settings, store: ArticleStore, library: NewsLibrary | None = None) -> RefreshReport:
    """Fetch every feed once, store new (and corrected) articles, and bring ``library`` up to date."""
    reports: list[FeedReport] = []
    new_articles: list[Article] = []
    with make_client(settings.feed_timeout_seconds) as client:
        for url in settings.feeds:
            result = fetch_feed(url, store.feed_state(url), client, settings.feed_max_bytes)
            if not result.ok:  # already logged by fetch_feed; the next round retries it
                reports.append(FeedReport(url, 0, result.error))
                continue
            added = store.add_new(result.articles, url)
            if result.state is not None:
                store.save_feed_state(url, result.state)
            reports.append(FeedReport(url, len(added)))
            new_articles.extend(added)
    if library is not None and any(feed.error is None for feed in reports):
        library.load()  # incremental: indexes what was stored or replaced since the last load
    return RefreshReport(reports, new_articles)
