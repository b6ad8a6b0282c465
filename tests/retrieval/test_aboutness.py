"""The aboutness score that decides topic alerts: headline words and repeated names count, passing mentions do not."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.aboutness import FULL_MENTIONS, AboutnessScorer, about_topic
from retrieval.ranking.retriever import Retriever

ARTICLES = [
    Article("headline", "Giske vil kutte bompenger", "Partiet vil endre finansieringen av veier i hele landet."),
    Article("repeated", "Ny strid i Arbeiderpartiet", "Giske svarte. Giske ble kritisert. Til slutt gikk Giske av."),
    Article("twice", "Budsjettet er klart", "Giske var ikke til stede. Senere kom Giske likevel."),
    Article("passing", "Vinter i Trøndelag", "Snøen kom tidlig i år. Blant de frammøtte var Giske."),
    Article("unrelated", "Fotballfest i Bergen", "Brann vant hjemme foran fullsatt tribune."),
]


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    return Retriever(PassageIndex.build(ARTICLES, IndexSettings()))


def test_a_word_counts_fully_in_the_headline_or_named_often_enough(retriever: Retriever) -> None:
    scorer = AboutnessScorer(retriever.index)
    weights = scorer.topic_weights("Giske")
    scores = {a.id: round(scorer.score(weights, a), 3) for a in ARTICLES}
    assert scores == {"headline": 1.0, "repeated": 1.0, "twice": round(2 / FULL_MENTIONS, 3), "passing": round(1 / FULL_MENTIONS, 3), "unrelated": 0.0}


def test_words_weigh_by_rarity_and_unknown_words_count_as_missing(retriever: Retriever) -> None:
    scorer = AboutnessScorer(retriever.index)
    both = scorer.topic_weights("Giske bompenger")
    assert scorer.score(both, ARTICLES[0]) == 1.0
    assert 0 < scorer.score(both, ARTICLES[1]) < 1.0  # Giske, but no word of bompenger
    unknown = scorer.topic_weights("Giske kvantedatamaskin")
    assert scorer.score(unknown, ARTICLES[0]) < 0.5  # the unknown word weighs as the rarest
    assert scorer.score(scorer.topic_weights("og i"), ARTICLES[0]) == 0.0  # stop words only: nothing to be about


def test_about_topic_keeps_only_articles_about_it_best_first(retriever: Retriever) -> None:
    scorer = AboutnessScorer(retriever.index)
    found = about_topic(retriever, scorer, "Giske", min_score=0.7)
    assert sorted(item.article.id for item, _ in found) == ["headline", "repeated"]
    assert all(score == 1.0 for _, score in found)
    only_new = [a.id == "repeated" for a in retriever.articles]
    found = about_topic(retriever, scorer, "Giske", min_score=0.7, allowed_articles=np.array(only_new))
    assert [item.article.id for item, _ in found] == ["repeated"]
