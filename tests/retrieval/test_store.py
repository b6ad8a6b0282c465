"""The SQLite article store: duplicates, restarts, feed state, threads."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime, timezone

import pytest

from retrieval.news.article import Article, ArticleDate
from retrieval.news.database import _MIGRATIONS, SCHEMA_VERSION, Database, SchemaError
from retrieval.news.feeds import FeedState
from retrieval.news.store import ArticleStore
from retrieval.text.timeparse import Period, articles_in_period

FEED = "https://avis.example/rss"


def make(identifier: str, headline: str = "", text: str = "Tekst.", when: str | None = "2021-02-10",
         url: str | None = None) -> Article:
    return Article(
        id=identifier,
        headline=headline or f"Sak {identifier}",
        text=text,
        date=ArticleDate.parse(when) if when else None,
        source="Avisa",
        url=url if url is not None else f"https://avis.example/{identifier}",
    )


@pytest.fixture
def path(tmp_path):
    return tmp_path / "bot.sqlite"


def test_add_counts_new_and_articles_round_trip(path) -> None:
    originals = [make("a", text="Første.\nAndre linje."), make("b", when="2021-02"), make("c", when=None, url="")]
    with ArticleStore(path) as store:
        assert store.add(originals, FEED) == 3
        assert len(store) == 3
        stored = store.articles()
    assert stored[:2] == originals[:2]  # month precision survives the round trip
    assert stored[1].date == ArticleDate.parse("2021-02")
    assert stored[2].date is None


def test_same_id_with_a_corrected_text_replaces_the_stored_version(path) -> None:
    with ArticleStore(path) as store:
        assert store.add([make("a")], FEED) == 1
        first = store.changes_since(0)
        assert store.add([make("a", headline="Oppdatert tittel", url="https://avis.example/other")], FEED) == 0
        assert [(a.id, a.headline, a.url) for a in store.articles()] == [("a", "Oppdatert tittel", "https://avis.example/other")]
        (seq, revision, article), = store.changes_since(first[0][1])
        assert seq == first[0][0] and revision > first[0][1] and article.headline == "Oppdatert tittel"
        assert store.add([make("a", headline="Oppdatert tittel", url="https://avis.example/other")], FEED) == 0
        assert store.changes_since(revision) == []  # the same item again changes nothing


def test_same_link_replaces_the_stored_version(path) -> None:
    with ArticleStore(path) as store:
        store.add([make("a", url="https://avis.example/x")], FEED)
        assert store.add([make("b", headline="Annen", url="https://avis.example/x")], "https://other.example/rss") == 0
        assert [(a.id, a.headline) for a in store.articles()] == [("b", "Annen")]


def test_revisions_grow_with_every_insert(path) -> None:
    with ArticleStore(path) as store:
        store.add([make("a"), make("b")], FEED)
        revisions = [r for _, r, _ in store.changes_since(0)]
        assert revisions == sorted(set(revisions)) and len(revisions) == 2
        assert [a.id for _, _, a in store.changes_since(revisions[0])] == ["b"]


def test_same_normalised_text_is_stored_once(path) -> None:
    with ArticleStore(path) as store:
        store.add([make("a", headline="Streik i Oslo", text="Bussene  står.\nIngen kjører.")], FEED)
        echo = make("b", headline="STREIK I OSLO", text="bussene står. ingen   kjører.", url="https://b.example/1")
        assert store.add([echo], FEED) == 0
        assert len(store) == 1


def test_same_summary_with_different_headlines_is_not_a_duplicate(path) -> None:
    with ArticleStore(path) as store:
        assert store.add([make("a", headline="Én sak", text="Les mer."),
                          make("b", headline="En annen sak", text="Les mer.")], FEED) == 2


def test_duplicates_within_one_batch_and_add_new_returns_the_new_ones(path) -> None:
    with ArticleStore(path) as store:
        store.add([make("old")], FEED)
        new = store.add_new([make("old"), make("x"), make("x"), make("y")], FEED)
        assert [a.id for a in new] == ["x", "y"]
        assert [a.id for a in store.articles()] == ["old", "x", "y"]


def test_reopening_the_file_keeps_everything(path) -> None:
    fetched = datetime(2021, 2, 10, 12, 0, tzinfo=timezone.utc)
    with ArticleStore(path) as store:
        store.add([make("a"), make("b")], FEED)
        store.save_feed_state(FEED, FeedState('"e1"', "Wed, 10 Feb 2021 10:00:00 GMT", fetched))
    with ArticleStore(path) as reopened:
        assert [a.id for a in reopened.articles()] == ["a", "b"]
        assert reopened.feed_state(FEED) == FeedState('"e1"', "Wed, 10 Feb 2021 10:00:00 GMT", fetched)
        assert reopened.add([make("a"), make("c")], FEED) == 1  # old ones still count as seen
        assert [a.id for a in reopened.articles()] == ["a", "b", "c"]


def test_feed_state_unknown_and_overwritten(path) -> None:
    with ArticleStore(path) as store:
        assert store.feed_state(FEED) is None
        store.save_feed_state(FEED, FeedState("1", None, None))
        store.save_feed_state(FEED, FeedState(None, "Thu, 11 Feb 2021 10:00:00 GMT", None))
        assert store.feed_state(FEED) == FeedState(None, "Thu, 11 Feb 2021 10:00:00 GMT", None)


def test_schema_version_and_wal(path) -> None:
    ArticleStore(path).close()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_version_1_file_migrates_and_keeps_its_articles(path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(_MIGRATIONS[0] + "PRAGMA user_version = 1;")
    connection.execute(
        "INSERT INTO articles (id, url, text_hash, headline, text, added_at) VALUES ('a', NULL, 'h', 'H', 'T', 'now')"
    )
    connection.commit()
    connection.close()
    with ArticleStore(path) as store:
        assert [a.id for a in store.articles()] == ["a"]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("SELECT revision, alerts_pending FROM articles").fetchall() == [(1, 0)]
    assert {"inbox", "outbox", "conversations"} <= {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    connection.close()


def test_newer_schema_is_refused(path) -> None:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(SchemaError):
        Database(path)


def test_opened_in_one_thread_used_from_workers(path) -> None:
    store = ArticleStore(path)
    counts: list[int] = []

    def worker(n: int) -> None:
        counts.append(store.add([make(f"{n}-{i}") for i in range(20)] + [make("shared")], FEED))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 4 * 20 + 1
    assert len(store) == 81
    store.close()


def test_articles_without_links_are_not_duplicates_of_each_other(path) -> None:
    with ArticleStore(path) as store:
        assert store.add([make("a", url=""), make("b", url="")], FEED) == 2
        assert [a.url for a in store.articles()] == [None, None]


def test_articles_feed_the_time_filters(path) -> None:
    with ArticleStore(path) as store:
        store.add([make("feb", when="2020-02"), make("mar", when="2020-03-12")], FEED)
        mask = articles_in_period(store.articles(), Period.day(date(2020, 2, 20)))
    assert mask.tolist() == [True, False]
