import pickle
import random
import re

from retrieval.text.analysis import _WORD, Analyzer, AnalyzerSettings, normalise_word

NORWEGIAN = AnalyzerSettings(language="norwegian")


def test_stems_join_inflections():
    analyzer = Analyzer(NORWEGIAN)
    assert analyzer("offiserer") == analyzer("offiseren")
    assert analyzer("irakiske") == analyzer("irakisk")


def test_stop_words_are_dropped_and_all_stop_words_give_nothing():
    analyzer = Analyzer(NORWEGIAN)
    assert analyzer("og det er ikke noe som de har") == []
    assert analyzer("Hva er det med Stoltenberg?") == ["stoltenberg"]


def test_aeoeaa_survive_normalisation_and_case():
    analyzer = Analyzer(NORWEGIAN)
    assert normalise_word("ØKONOMI") == "økonomi"
    assert analyzer("Møtet i BRÜSSEL") == analyzer("møtet i brüssel")
    assert all(any(c in term for c in "øæå") for term in analyzer("søknad ærlig sår"))
    # A decomposed å (a + combining ring) matches the composed one.
    assert analyzer("a\u030apen") == analyzer("åpen")


def test_tokens_keep_offsets_into_the_original_text():
    analyzer = Analyzer(NORWEGIAN)
    text = "Nato-ministrene møttes i Brussel."
    tokens = analyzer.tokens(text)
    assert [text[t.start : t.end] for t in tokens] == ["Nato", "ministrene", "møttes", "i", "Brussel"]
    assert tokens[3].term is None  # "i" is a stop word


def test_english_is_a_configuration_change():
    analyzer = Analyzer(AnalyzerSettings(language="english"))
    assert analyzer("The officers were running") == ["offic", "run"]


def test_analyzer_pickles_with_its_settings():
    analyzer = Analyzer(AnalyzerSettings(language="english"))
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored.settings == analyzer.settings
    assert restored("The officers were running") == analyzer("The officers were running")


def test_definite_and_indefinite_forms_share_a_term():
    analyzer = Analyzer(AnalyzerSettings())
    assert analyzer.term("statsminister") == analyzer.term("statsministeren") == analyzer.term("statsministerens")


def test_single_pass_keeps_snowball_behaviour():
    analyzer = Analyzer(AnalyzerSettings(stem_passes=1, lemmatise=False))
    assert analyzer.term("statsminister") != analyzer.term("statsministeren")


def test_stop_words_are_dropped_and_analyser_pickles():
    analyzer = Analyzer(AnalyzerSettings())
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored("Hun er i Tromsø") == analyzer("Hun er i Tromsø") == [analyzer.stem("tromsø")]


def test_words_are_found_exactly_as_their_plain_definition_finds_them():
    # A word: a letter or digit, then letters, digits and combining accents; ``_WORD`` spells it faster.
    plain = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
    alphabet = ["a", "Ø", "9", "_", "-", " ", "\u0301", "\u030a", "\u0363", "\u0370", "ß", ".", "\u00a0", "é"]
    generator = random.Random(3)
    for _ in range(20000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))
        assert Analyzer.written_words(text) == plain.findall(text), text
        assert [m.span() for m in _WORD.finditer(text)] == [m.span() for m in plain.finditer(text)], text
