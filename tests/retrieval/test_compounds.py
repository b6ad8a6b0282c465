from retrieval.news.article import Article
from retrieval.text.compounds import CompoundSplitter
from retrieval.index.passage_index import IndexSettings, PassageIndex


def identity(word: str) -> str:
    return word


def test_splits_a_compound_of_known_words_with_linking_s():
    splitter = CompoundSplitter.from_terms({"forsvar": 3, "minister": 3, "møte": 3})
    assert splitter.parts("forsvarsministermøte", identity) == ("forsvar", "minister", "møte")


def test_unknown_or_rare_parts_are_not_split():
    splitter = CompoundSplitter.from_terms({"minister": 3, "kultur": 1})
    assert splitter.parts("kulturminister", identity) == ()


def test_a_question_word_the_corpus_lacks_is_searched_by_its_parts():
    articles = [
        Article("nato", "Forsvarsministrene møttes", "Forsvarsministeren åpnet møtet i Brussel. Møtet varte i to dager."),
        Article("vaer", "Kaldt vær", "Forsvarsministeren var ikke til stede. Det var kaldt i Brussel."),
        Article("fotball", "Fotball", "Et møte mellom lagene endte uavgjort. Forsvarsministeren så kampen."),
    ]
    index = PassageIndex.build(articles, IndexSettings())
    terms = index.query_terms("Hvor ble forsvarsministermøtet holdt?")
    analyzer = index.analyzer
    assert {analyzer.stem("forsvarsminister"), analyzer.stem("møte")} <= terms
    hits = index.search("Hvor ble forsvarsministermøtet holdt?", k=1, min_coverage=0.5).hits
    assert [index.articles[h.passage.article].id for h in hits] == ["nato"]


def test_a_known_word_is_never_split():
    articles = [Article("a", "Liverpool vant", "Liverpool vant kampen. Liv og pool er to ord. Liv og pool igjen.")]
    index = PassageIndex.build(articles, IndexSettings())
    assert index.query_terms("Liverpool") == {index.analyzer.stem("liverpool")}
