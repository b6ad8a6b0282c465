"""A snapshot's date table and id lookups, which period answers, «siste nytt» and follow-ups use."""

import json
from pathlib import Path

from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.messages import NORWEGIAN
from bot.reply import ReplyKind
from bot.settings import Settings
from retrieval.text.timeparse import newest_first

ARTICLES = [
    {"id": "feb", "title": "Nato styrker innsatsen i Irak", "date": "2020-02", "text": "Nato sender trenere til Irak."},
    {"id": "undated", "title": "Irak uten dato", "text": "En artikkel om Irak uten dato."},
    {"id": "mar12", "title": "Skolene stenger", "date": "2020-03-12", "text": "Regjeringen stenger skolene."},
    {"id": "y2020", "title": "Året som gikk i Irak", "date": "2020", "text": "Et år med uro i Irak."},
    {"id": "feb15", "title": "Nato møtes", "date": "2020-02-15", "text": "Nato møtes i Brussel om Irak."},
]


def library(tmp_path: Path) -> NewsLibrary:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    loaded = NewsLibrary(Settings(corpus=corpus, cache_dir=tmp_path / "cache", data_dir=None, results=3))
    loaded.load()
    return loaded


def test_the_snapshot_dates_order_and_count_as_its_articles_do(tmp_path: Path):
    snapshot = library(tmp_path).snapshot
    articles = list(snapshot.retriever.articles)
    assert snapshot.dates.newest_first.tolist() == newest_first(articles)
    assert [articles[p].id for p in snapshot.dates.newest_first] == ["mar12", "feb15", "feb", "y2020", "undated"]
    assert snapshot.dates.undated == snapshot.stats.undated == 1


def test_id_lookups_ignore_ids_the_snapshot_does_not_hold(tmp_path: Path):
    snapshot = library(tmp_path).snapshot
    ids = [a.id for a in snapshot.retriever.articles]
    assert [ids[p] for p in snapshot.positions(["feb15", "gone", "feb"])] == ["feb15", "feb"]
    assert [ids[p] for p in snapshot.mask(["mar12", "gone"]).nonzero()[0]] == ["mar12"]
    assert not snapshot.mask(["gone"]).any()


def test_a_follow_up_searches_only_the_cited_articles(tmp_path: Path):
    loaded = library(tmp_path)
    core = ConversationCore(loaded.settings, loaded)
    reply = core.search_within("Irak", ["feb15", "gone"], NORWEGIAN)
    assert reply.kind is ReplyKind.ANSWER and [q.citation.article_id for q in reply.quotes] == ["feb15"]
    assert core.search_within("Irak", ["gone"], NORWEGIAN).kind is ReplyKind.NO_ANSWER
