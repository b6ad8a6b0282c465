import pickle

from retrieval.analysis import Analyzer, AnalyzerSettings


def test_definite_and_indefinite_forms_share_a_term():
    analyzer = Analyzer(AnalyzerSettings())
    assert analyzer.term("statsminister") == analyzer.term("statsministeren") == analyzer.term("statsministerens")


def test_single_pass_keeps_snowball_behaviour():
    analyzer = Analyzer(AnalyzerSettings(stem_passes=1))
    assert analyzer.term("statsminister") != analyzer.term("statsministeren")


def test_stop_words_are_dropped_and_analyser_pickles():
    analyzer = Analyzer(AnalyzerSettings())
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored("Hun er i Tromsø") == analyzer("Hun er i Tromsø") == [analyzer.stem("tromsø")]
