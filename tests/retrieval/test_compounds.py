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


def test_an_unknown_word_is_read_with_o_oe_and_a_ae_aa_swapped():
    splitter = CompoundSplitter.from_terms({"sjøstrøm": 3, "tromsø": 2, "bor": 5, "lagerbæck": 2})
    assert splitter.parts("sjostrom", identity) == ("sjøstrøm",)
    assert splitter.parts("tromso", identity) == ("tromsø",)
    assert splitter.parts("lagerback", identity) == ("lagerbæck",)
    assert splitter.parts("sjoberg", identity) == ()


def test_a_swedish_name_is_found_as_written_without_dots_or_with_norwegian_letters():
    articles = [
        Article("svoemming", "Sjöström vant igjen", "Sarah Sjöström vant 100 meter butterfly i Budapest."),
        Article("rekord", "Ny rekord", "Sjöström satte verdensrekord i fjor. Hun er svensk."),
        Article("ski", "Bør vinne", "Klæbo bør vinne sprinten i Falun, sier treneren."),
    ]
    index = PassageIndex.build(articles, IndexSettings())
    for spelling in ("Sjöström", "Sjostrom", "Sjøstrøm"):
        assert index.query_terms(f"Hvem er {spelling}?") == {index.analyzer.stem("sjöström")}, spelling
        hits = index.search(f"Hvem er {spelling}?", k=2, min_coverage=0.5).hits
        assert {index.articles[h.passage.article].id for h in hits} == {"svoemming", "rekord"}, spelling
    assert index.query_terms("bør") == {index.analyzer.stem("bør")} != {index.analyzer.stem("bor")}
