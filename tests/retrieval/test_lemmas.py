import pytest

from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.lemmas import Lemmatiser


@pytest.mark.parametrize(
    "forms",
    [
        ("tilskuer", "tilskuere", "tilskuerne", "tilskuerens"),
        ("grunnla", "grunnlagt", "grunnlegge"),
        ("offisiell", "offisielle", "offisielt"),
        ("statsminister", "statsministeren", "statsministerens"),
        ("spillerne", "spiller"),
    ],
)
def test_inflections_snowball_keeps_apart_meet(forms):
    analyzer = Analyzer(AnalyzerSettings())
    assert len({analyzer.term(form) for form in forms}) == 1


def test_two_snowball_passes_alone_kept_them_apart():
    snowball = Analyzer(AnalyzerSettings(lemmatise=False))
    assert snowball.term("tilskuere") != snowball.term("tilskuerne")
    assert snowball.term("grunnla") != snowball.term("grunnlagt")
    assert snowball.term("offisielle") != snowball.term("offisielt")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("bedre", "god"),  # a lemma that does not begin like the word is another word to a searcher
        ("flere", "mange"),
        ("sett", "se"),
        ("funnet", "finne"),
        ("tilskudd", "tilskuer"),
        ("grunnlov", "grunnlegge"),
        ("offiser", "offisiell"),
        ("politiet", "politikken"),
    ],
)
def test_different_words_stay_apart(one, other):
    analyzer = Analyzer(AnalyzerSettings())
    assert analyzer.term(one) != analyzer.term(other)


def test_words_the_dictionary_lacks_pass_through():
    lemma = Lemmatiser("norwegian")
    assert lemma("tilskuerne") == "tilskuer"
    assert lemma("khios") == "khios"
    assert lemma("stoltenberg") == "stoltenberg"


def test_a_language_without_a_dictionary_is_a_clear_error():
    with pytest.raises(ValueError, match="no lemma dictionary for 'english'"):
        Lemmatiser("english")


def test_a_language_without_a_dictionary_keeps_its_snowball_stems():
    assert Lemmatiser.for_language("english") is None
    assert Analyzer(AnalyzerSettings(language="english"))("The officers were running") == ["offic", "run"]
