"""Index search and the no-answer path, on small built corpora (the index on disk: test_index_growing.py)."""

import pytest

from retrieval.news.article import Article
from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.loaders import load_text_file
from retrieval.ranking.retriever import Retriever
from tests.conftest import SEED_FILE

ARTICLES = [
    Article("nato", "Nato øker innsatsen i Irak", "Nato sender flere soldater til Irak.\nNorge stiller med ti offiserer."),
    Article("vaer", "Kaldt vær i vente", "Meteorologene varsler kulde og snø i hele Sør-Norge.\nDet blir minus ti grader."),
    Article("fotball", "Rosenborg vant", "Rosenborg slo Molde 3–1 i eliteserien.\nKampen ble spilt i Trondheim."),
]


@pytest.fixture(scope="module")
def index() -> PassageIndex:
    return PassageIndex.build(ARTICLES, IndexSettings(passage_words=8))


def test_best_passage_comes_from_the_right_article(index: PassageIndex):
    result = index.search("Hvor mange offiserer sender Norge?", k=3)
    assert index.articles[result.hits[0].passage.article].id == "nato"
    assert result.hits == sorted(result.hits, key=lambda h: -h.score)
    assert "offis" in " ".join(result.terms)


def test_at_most_max_per_article(index: PassageIndex):
    result = index.search("Irak Nato soldater offiserer Norge", k=5, max_per_article=1)
    articles = [h.passage.article for h in result.hits]
    assert len(articles) == len(set(articles))


def test_all_stop_word_question_is_no_terms(index: PassageIndex):
    result = index.search("hva er det som de har?", k=3)
    assert result.hits == [] and result.empty_reason == "no_terms"


def test_unknown_words_and_low_scores_are_below_threshold(index: PassageIndex):
    assert index.search("pannekaker oppskrift", k=3).empty_reason == "below_threshold"
    assert index.search("Irak", k=3, min_score=5.0).empty_reason == "below_threshold"


def test_date_mask_keeps_only_allowed_articles(index: PassageIndex):
    import numpy as np

    only_weather = np.array([False, True, False])
    result = index.search("ti", k=3, allowed_articles=only_weather)
    assert {index.articles[h.passage.article].id for h in result.hits} == {"vaer"}


def test_excerpt_is_an_exact_slice_and_highlights_matches():
    article = load_text_file(SEED_FILE)
    retriever = Retriever(PassageIndex.build([article], IndexSettings()))
    found = retriever.answer("Hvor mange offiserer kan Norge stille med?", k=1).results[0]
    assert found.quote == article.text[found.excerpt.start : found.excerpt.end]
    assert "ti offiserer" in found.quote and len(found.quote) <= 400
    marked = {article.text[s:e].lower() for s, e in found.excerpt.highlights}
    assert "offiserer" in marked and "norge" in marked


def test_a_word_only_in_the_headline_is_searchable():
    articles = [
        Article("a", "Budsjettdebatten varte lenge", "Statsbudsjettet ble debattert i Stortinget."),
        Article("b", "Vindkraft i Nordland", "Kommunene sier nei til vindkraft."),
    ]
    index = PassageIndex.build(articles, IndexSettings())
    result = index.search("budsjettdebatten", k=2)
    assert [index.articles[h.passage.article].id for h in result.hits] == ["a"]
    assert result.hits[0].score > 0.5


def test_coverage_bar_refuses_an_article_sharing_one_common_word():
    articles = [
        Article("aus", "Australia brenner", "Skogbrannene i Australia har herjet i flere måneder."),
        Article("nato", "Nato i Irak", "Nato sender trenere til Irak."),
    ]
    index = PassageIndex.build(articles, IndexSettings())
    question = "Hva er hovedstaden i Australia?"
    assert index.search(question, k=1).hits  # the word Australia alone scores
    refused = index.search(question, k=1, min_coverage=0.5)
    assert refused.hits == [] and refused.empty_reason == "below_threshold"
    covered = index.search("Hvor lenge har skogbrannene i Australia herjet?", k=1, min_coverage=0.5)
    assert [index.articles[h.passage.article].id for h in covered.hits] == ["aus"]


def test_a_question_of_asking_words_and_unknown_words_is_not_covered():
    index = PassageIndex.build(ARTICLES, IndexSettings(passage_words=8))
    assert index.search("Hvor gammel ble Mozart?", k=1, min_coverage=0.5).hits == []
