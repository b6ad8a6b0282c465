"""The English profile: its stop words, possessives with a curly apostrophe, its own index settings,
and a quiz-style question answered from a tiny English corpus written here."""

import pytest

from retrieval.index.language_settings import settings_for_language
from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.retriever import Retriever
from retrieval.text.analysis import Analyzer, AnalyzerSettings

ENGLISH = settings_for_language("english")

ARTICLES = [
    Article(
        "carey",
        "",
        "Carey’s holiday earworm, “All I Want for Christmas Is You,” topped the Billboard chart in the 1990s, "
        "2000s, 2010s and finally, the 2020s. The song went back to No. 1 in the first week of January.",
    ),
    Article(
        "embassy",
        "",
        "Pro-Iranian demonstrators tried to storm the US embassy in Baghdad. They were protesting five US "
        "airstrikes on militia-controlled facilities in Iraq and Syria.",
    ),
    Article(
        "airline",
        "",
        "Qatar Airways was named the world’s best airline for the second year in a row at the Skytrax awards.",
    ),
    Article(
        "chart",
        "",
        "The Billboard Hot 100 chart counts streams, radio play and sales; a new rule this year changed how "
        "holiday songs are counted.",
    ),
]


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    return Retriever(PassageIndex.build(ARTICLES, ENGLISH))


def test_a_possessive_with_a_curly_apostrophe_meets_the_bare_name():
    analyzer = Analyzer(ENGLISH.analyzer)
    assert analyzer("Carey’s") == analyzer("Carey") == analyzer("Carey's")
    assert analyzer("the world’s best") == analyzer("world best")


def test_news_words_are_not_english_stop_words():
    analyzer = Analyzer(ENGLISH.analyzer)
    # the stop-words package's English list drops every one of these
    assert len(analyzer("world first best million bill fire microsoft uk state")) == 9
    assert analyzer("which of the following is it?") == ["follow"]
    assert analyzer("won’t they’re") == []  # the pieces an apostrophe splits off are stop words


def test_english_gets_one_snowball_pass_and_norwegian_keeps_its_defaults():
    assert settings_for_language("norwegian", 80) == IndexSettings()
    assert settings_for_language("nb", 60) == IndexSettings(analyzer=AnalyzerSettings(language="nb"), passage_words=60)
    assert ENGLISH.analyzer.stem_passes == 1
    assert Analyzer(ENGLISH.analyzer)("increase proposed") == ["increas", "propos"]


def test_irregular_english_forms_meet_their_lemma_but_suppletive_ones_do_not():
    analyzer = Analyzer(ENGLISH.analyzer)
    assert analyzer("bought children ran") == analyzer("buy child run")
    assert analyzer("went better") != analyzer("go good")


def test_a_quiz_style_question_is_answered_from_the_right_paragraph(retriever: Retriever):
    answer = retriever.answer("This artist is the first to score a No. 1 hit on the Billboard chart across four different decades.", 1)
    assert answer.results[0].article.id == "carey"
    assert "Carey" in answer.results[0].quote


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("A US embassy in what country was attacked by protesters demonstrating against American airstrikes?", "embassy"),
        ("Which airline was named the world’s best?", "airline"),
    ],
)
def test_quiz_questions_find_their_paragraph(retriever: Retriever, question: str, article: str):
    assert retriever.answer(question, 1).results[0].article.id == article
