"""The short answer: shown only when the best sentence holds exactly one candidate of the wanted kind."""

from __future__ import annotations

import pytest

from retrieval.evaluation import AnswerScore, Question, answer_tokens, token_f1
from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.retriever import Retriever

ARTICLES = [
    Article(
        "nato",
        "Nato styrker innsatsen i Irak",
        "Nato styrker innsatsen i Irak\n"
        "Forsvarsministeren sier Norge kan stille med ti offiserer som instruktører i Irak.\n"
        "Nato inngikk i 2018 en avtale om å sende 500 soldater for å trene irakiske styrker.\n"
        "På torsdag ledet generalsekretær Jens Stoltenberg møtet i Brussel.",
    ),
    Article(
        "budsjett",
        "Forsvaret får mer penger",
        "Forsvaret får mer penger\n"
        "Regjeringen vil bruke minst 2,7 milliarder kroner på oppgraderinger på Ørland og Evenes.\n"
        "Budsjettet ble lagt fram i oktober 2019 av finansminister Siv Jensen og statsminister Erna Solberg.",
    ),
    Article(
        "skole",
        "Ny rektor ved skolen",
        "Ny rektor ved skolen\nSkolen har fått ny rektor. Elevene var glade for nyheten om den nye rektoren.",
    ),
]


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    return Retriever(PassageIndex.build(ARTICLES, IndexSettings()))


def shown(retriever: Retriever, question: str) -> str | None:
    found = retriever.answer(question, 1).results[0]
    span = found.answer
    if span is None:
        return None
    assert found.excerpt.start <= span.start < span.end <= found.excerpt.end  # inside the quote shown under it
    return found.article.text[span.start : span.end]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Hvor mange offiserer kan Norge stille med?", "ti"),
        ("Hvor mange soldater skulle Nato sende til Irak?", "500"),
        ("Hvor mye vil regjeringen bruke på oppgraderinger på Ørland?", "minst 2,7 milliarder kroner"),
        ("Hvem ledet Nato-møtet i Brussel?", "Jens Stoltenberg"),
        ("Når ledet Stoltenberg møtet i Brussel?", "På torsdag"),
        ("Hvor ledet Stoltenberg møtet?", "i Brussel"),
    ],
)
def test_one_candidate_next_to_the_question_words_is_the_answer(retriever: Retriever, question: str, answer: str):
    assert shown(retriever, question) == answer


def test_two_candidates_of_the_kind_show_nothing(retriever: Retriever):
    # «Siv Jensen» and «Erna Solberg» both stand next to «budsjettet … lagt fram»: no guess.
    assert shown(retriever, "Hvem la fram budsjettet?") is None


def test_no_candidate_or_no_cue_shows_nothing(retriever: Retriever):
    assert shown(retriever, "Hvem er ny rektor ved skolen?") is None  # no name in the sentence
    assert shown(retriever, "Hva sa forsvarsministeren om Irak?") is None  # «hva» asks for no kind of word


def test_a_who_is_question_about_a_name_wants_a_description(retriever: Retriever):
    assert shown(retriever, "Hvem er Jens Stoltenberg?") is None


def test_squad_normalisation_drops_punctuation_case_and_articles():
    assert answer_tokens("Den «Nye» skatten, et forslag.") == ["nye", "skatten", "forslag"]
    assert token_f1("ti offiserer", "ti") == pytest.approx(2 / 3)
    assert token_f1("i 2015", "I 2015.") == 1.0 and token_f1("Oslo", "Bergen") == 0.0


def test_answer_score_averages_over_shown_answers():
    score = AnswerScore()
    score.add(Question("q1", "a", ("Arne Jensen",)), True, "Arne Jensen")
    score.add(Question("q2", "a", ("ti offiserer",)), True, "ti")
    score.add(Question("q3", "a", ("x",)), True, None)
    score.add(Question("q4", "a", ("x",)), False, None)
    report = score.report()
    assert report["answer_shown"] == round(100 * 2 / 3, 1)
    assert report["answer_em"] == 50.0 and report["answer_f1"] == round(100 * (1 + 2 / 3) / 2, 1)


def test_english_answers_use_the_english_words():
    from dataclasses import replace

    from retrieval.text.analysis import AnalyzerSettings

    article = Article(
        "nato-en",
        "Nato steps up",
        "Nato steps up\nNorway can provide ten officers as instructors, the minister said. "
        "Secretary General Jens Stoltenberg chaired the meeting in Brussels on Thursday.",
    )
    settings = replace(IndexSettings(), analyzer=AnalyzerSettings(language="english"))
    english = Retriever(PassageIndex.build([article], settings))
    assert shown(english, "How many officers can Norway provide?") == "ten"
    assert shown(english, "Where did Stoltenberg chair the meeting?") == "in Brussels"  # no Norwegian genitive rule
    assert shown(english, "When did Stoltenberg chair the meeting in Brussels?") == "on Thursday"
