"""Questions with time in them, answered by the core over a small dated corpus."""

import json
from datetime import date

import pytest

from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.messages import ENGLISH, NORWEGIAN
from bot.reply import ReplyKind
from bot.settings import Settings

ARTICLES = [
    {"id": "feb", "title": "Nato styrker innsatsen i Irak", "date": "2020-02", "text": "Nato sender trenere til Irak. Norge stiller med ti offiserer."},
    {"id": "mar12", "title": "Skolene stenger", "date": "2020-03-12", "text": "Regjeringen stenger skolene på grunn av viruset."},
    {"id": "jan", "title": "Irak ber USA dra", "date": "2020-01-05", "text": "Parlamentet i Irak vil at amerikanske soldater forlater landet."},
    {"id": "undated", "title": "Irak uten dato", "text": "En artikkel om Irak uten dato."},
    {"id": "today", "title": "Storm over Vestlandet", "date": "2020-06-15", "text": "Stormen stengte veier over hele Vestlandet i dag."},
]


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> ConversationCore:
    corpus = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    settings = Settings(corpus=corpus, cache_dir=None, data_dir=None, results=3)
    library = NewsLibrary(settings)
    library.load()
    return ConversationCore(settings, library, today=lambda: date(2020, 6, 16))


def ids(reply) -> list[str]:
    return [q.citation.article_id for q in reply.quotes]


def test_a_day_question_finds_a_month_precision_article(core: ConversationCore):
    reply = core.answer("Hva skjedde i Irak 12. februar 2020?", NORWEGIAN)
    assert reply.kind is ReplyKind.ANSWER and ids(reply) == ["feb"]
    assert "12. februar 2020" in reply.lead


def test_time_words_are_not_search_terms(core: ConversationCore):
    reply = core.answer("Hva skjedde i februar 2020?", NORWEGIAN)
    assert ids(reply) == ["feb"] and "februar 2020" in reply.lead


def test_period_without_matching_words_lists_the_period_newest_first(core: ConversationCore):
    reply = core.answer("Hva skjedde i 2020?", NORWEGIAN)
    assert ids(reply) == ["today", "mar12", "feb"]
    assert any("uten dato" in note for note in reply.notes)


def test_empty_period_names_the_nearest_dates(core: ConversationCore):
    reply = core.answer("Hva skjedde i Irak i mars 2019?", NORWEGIAN)
    assert reply.kind is ReplyKind.NO_ANSWER and reply.quotes == ()
    assert "mars 2019" in reply.lead and "januar 2020" in reply.lead.replace("5. januar 2020", "januar 2020")


def test_relative_dates_use_the_injected_today(core: ConversationCore):
    assert ids(core.answer("Hva skjedde i går?", NORWEGIAN)) == ["today"]
    assert ids(core.answer("What happened yesterday?", ENGLISH)) == ["today"]


def test_date_free_question_keeps_undated_articles(core: ConversationCore):
    reply = core.answer("Irak uten dato", NORWEGIAN)
    assert "undated" in ids(reply)


def test_latest_on_a_topic_is_newest_first(core: ConversationCore):
    reply = core.answer("siste nytt om Irak", NORWEGIAN)
    assert ids(reply)[:2] == ["feb", "jan"]
    assert ids(reply)[-1] == "undated"


def test_english_month_question(core: ConversationCore):
    reply = core.answer("What happened in March 2020?", ENGLISH)
    assert ids(reply) == ["mar12"] and "March 2020" in reply.lead
