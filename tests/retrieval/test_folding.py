import pytest

from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.folding import fold_diacritics


@pytest.mark.parametrize(
    ("written", "typed"),
    [("Khíos", "Khios"), ("Sjöström", "Sjostrom"), ("São Paulo", "Sao Paulo"), ("Señor", "Senor"), ("café", "cafe"), ("Zürich", "Zurich")],
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


def test_nordic_umlauts_fold_to_aeoe_when_asked():
    assert fold_diacritics("malmö", nordic_umlauts=True) == "malmø"
    assert fold_diacritics("lagerbäck", nordic_umlauts=True) == "lagerbæck"
    assert fold_diacritics("malmö") == "malmo"


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
