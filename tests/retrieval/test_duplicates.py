"""Near-duplicate articles: the same story from two outlets becomes one result that names the other."""

from __future__ import annotations

import pytest

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.duplicates import DuplicateFinder
from retrieval.ranking.retriever import Retriever
from retrieval.text.analysis import Analyzer, AnalyzerSettings

STORY = (
    "Et kraftig uvær traff Vestlandet natt til fredag. Over tusen husstander mistet strømmen, og flere veier "
    "ble stengt av trær som blåste ned. Politiet ber folk holde seg innendørs til vinden har løyt. "
    "Meteorologisk institutt har sendt ut rødt farevarsel for kysten fra Stad til Lindesnes."
)

ARTICLES = [
    Article("nrk", "Uvær stengte veier på Vestlandet", f"Uvær stengte veier på Vestlandet\n{STORY}", source="NRK"),
    Article(
        "vg",
        "Storm over Vestlandet: tusen uten strøm",
        f"Storm over Vestlandet: tusen uten strøm\n{STORY} Mannskaper jobber med å rydde veiene.",
        source="VG",
    ),
    Article(
        "annen",
        "Strømmen tilbake etter stormen i Nordland",
        "Strømmen tilbake etter stormen i Nordland\nEtter stormen i Nordland har alle husstander fått strømmen "
        "tilbake, melder nettselskapet. Flere veier var stengt i to døgn.",
        source="NRK",
    ),
]


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    return Retriever(PassageIndex.build(ARTICLES, IndexSettings()))


def test_two_outlets_with_the_same_story_are_one_result(retriever: Retriever):
    results = retriever.answer("Hvor mange husstander mistet strømmen på Vestlandet?", k=3).results
    ids = [found.article.id for found in results]
    assert ids.count("nrk") + ids.count("vg") == 1
    leader = next(found for found in results if found.article.id in {"nrk", "vg"})
    assert [a.id for a in leader.also_in] == [({"nrk", "vg"} - {leader.article.id}).pop()]
    assert "annen" in ids  # a different story about a storm stays its own result


def test_a_different_story_on_the_same_topic_is_not_a_duplicate():
    finder = DuplicateFinder(ARTICLES, Analyzer(AnalyzerSettings()))
    assert finder.same_story(0, 1)  # the same text with one sentence added (an update)
    assert not finder.same_story(0, 2) and not finder.same_story(1, 2)


def test_fold_keeps_order_and_leaves_several_passages_of_one_article_alone():
    finder = DuplicateFinder(ARTICLES, Analyzer(AnalyzerSettings()))
    assert finder.fold([1, 2, 0, 1]) == [(0, (0,)), (1, ()), (3, ())]


def test_short_texts_are_never_folded():
    short = [Article("a", "Kort", "Snø i natt."), Article("b", "Kort", "Snø i natt.")]
    assert not DuplicateFinder(short, Analyzer(AnalyzerSettings())).same_story(0, 1)
