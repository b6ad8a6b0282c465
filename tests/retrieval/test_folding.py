import pytest

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.retriever import Retriever
from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.folding import MAX_SWAPS, fold_diacritics, respellings


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Khíos", "Khios"),
        ("São Paulo", "Sao Paulo"),
        ("Señor", "Senor"),
        ("café", "cafe"),
        ("Zürich", "Zurich"),
        ("Sjöström", "Sjøstrøm"),
    ],
)
def test_an_accented_word_matches_its_plain_spelling(written, typed):
    analyzer = Analyzer(AnalyzerSettings())
    assert analyzer(written) == analyzer(typed) != []


@pytest.mark.parametrize(("norwegian", "plain"), [("ære", "aere"), ("bør", "bor"), ("år", "ar"), ("Ørsta", "Orsta"), ("ÅSE", "ASE")])
def test_aeoeaa_stay_letters_of_their_own(norwegian, plain):
    analyzer = Analyzer(AnalyzerSettings())
    assert analyzer(norwegian) != analyzer(plain)
    assert fold_diacritics(norwegian.lower()) == norwegian.lower()


def test_a_decomposed_aa_is_kept_and_a_stray_mark_is_dropped():
    assert fold_diacritics("a\u030apen") == "åpen"
    assert Analyzer(AnalyzerSettings())("a\u030apen") == Analyzer(AnalyzerSettings())("åpen")
    assert fold_diacritics("ø\u0301y") == "øy"


def test_letters_without_a_decomposition_are_spelled_out():
    assert fold_diacritics("straße") == "strasse"
    assert fold_diacritics("łódź") == "lodz"


def test_swedish_and_german_umlauts_become_aeoe():
    assert fold_diacritics("malmö") == "malmø"
    assert fold_diacritics("lagerbäck") == "lagerbæck"
    assert fold_diacritics("björn") == "bjørn"


def test_respellings_swap_o_oe_and_a_ae_aa_fewest_first():
    assert list(respellings("bodo"))[:2] == ["bødo", "bodø"]
    assert "sjøstrøm" in respellings("sjostrom")
    assert "tromsø" in respellings("tromso")
    assert "bor" in respellings("bør")
    assert all(sum(a != b for a, b in zip(r, "arbeidsmarkedsavtale")) <= MAX_SWAPS for r in respellings("arbeidsmarkedsavtale"))


def test_folding_is_a_setting_and_changes_only_terms():
    text = "Hun bor på Khíos."
    folded = Analyzer(AnalyzerSettings())
    kept = Analyzer(AnalyzerSettings(fold_accents=False))
    assert folded(text) != kept(text)
    assert folded.words(text) == kept.words(text) == ["hun", "bor", "på", "khíos"]
    assert [text[t.start : t.end] for t in folded.tokens(text)] == ["Hun", "bor", "på", "Khíos"]


def test_an_emphasised_stop_word_is_still_one_but_a_name_is_kept():
    analyzer = Analyzer(AnalyzerSettings())
    assert analyzer("Dét var én av dem") == []
    assert analyzer("André") == [analyzer.stem("andré")]


def test_a_question_without_accents_quotes_the_article_as_written():
    articles = [
        Article("hellas", "Brann på Khíos", "En skogbrann herjer på øya Khíos i Hellas. Tusenvis er evakuert fra landsbyene."),
        Article("brasil", "Flom i São Paulo", "Kraftig regn har gitt flom i São Paulo. Flere veier er stengt."),
        Article("norge", "Været", "Det blir regn på Vestlandet i helgen, og snø i fjellet."),
    ]
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    asked = (("Hvor mange er evakuert fra Khios?", "hellas", "Khíos"), ("Hva skjedde i Sao Paulo?", "brasil", "São Paulo"))
    for question, article, written in asked:
        found = retriever.answer(question, k=1).results[0]
        assert found.article.id == article
        assert written in found.quote
        assert found.quote == found.article.text[found.excerpt.start : found.excerpt.end]
        highlighted = {found.article.text[start:end] for start, end in found.excerpt.highlights}
        assert written.split()[0] in highlighted


def test_folding_agrees_with_its_plain_definition_on_random_words():
    """Decompose, drop the marks, keep æ, ø and å, ä/ö as æ/ø, plain spellings of ß and the like."""
    import random
    import unicodedata

    from retrieval.text.folding import _NORDIC_UMLAUTS, _NORWEGIAN_LETTERS, _PLAIN

    def plain(word: str) -> str:
        word = unicodedata.normalize("NFC", word).translate(_NORDIC_UMLAUTS)
        kept = []
        for char in word:
            if char in _NORWEGIAN_LETTERS or char.isascii():
                kept.append(char)
            else:
                kept.extend(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        return "".join(kept).translate(_PLAIN)

    generator = random.Random(5)
    alphabet = "aoøæåÆØÅzZ9-é\u030a\u0301äöß"
    for _ in range(20000):
        word = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 8)))
        assert fold_diacritics(word) == plain(word), word
