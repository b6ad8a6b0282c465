"""The question's word pairs a sentence repeats (retrieval.ranking.phrases)."""

from retrieval.ranking.phrases import question_pairs, shared_share, telling_pairs
from retrieval.text.analysis import Analyzer, AnalyzerSettings

ANALYZER = Analyzer(AnalyzerSettings())
QUESTION = "Hvilke land vant sine første gull i Vinter-OL 2010?"


def _telling(topic_text: str) -> frozenset[tuple[str, str]]:
    terms = frozenset(ANALYZER(QUESTION))
    return telling_pairs(question_pairs(QUESTION, ANALYZER), ANALYZER, terms, terms & frozenset(ANALYZER(topic_text)))


def test_pairs_are_the_questions_consecutive_words():
    pairs = question_pairs(QUESTION, ANALYZER)
    assert {("vant", "sine"), ("sine", "første"), ("vinter", "ol")} <= pairs
    assert ("land", "sine") not in pairs


def test_a_pair_tells_only_with_a_question_term_outside_the_headline():
    telling = _telling("Vinter-OL 2010 i Vancouver")
    assert ("vant", "sine") in telling and ("første", "gull") in telling
    assert ("vinter", "ol") not in telling and ("ol", "2010") not in telling  # the story's topic
    assert ("vinter", "ol") in _telling("Medaljer i Vancouver")


def test_the_share_of_telling_pairs_a_sentence_repeats():
    telling = _telling("Vinter-OL 2010 i Vancouver")
    answer = "Slovakia og Hviterussland vant sine første gullmedaljer i Vinter-OL 2010."
    other = "Canada vant 14 gull i Vinter-OL 2010, og det var ny rekord."
    answer_share = shared_share(answer, ANALYZER.tokens(answer), 0, telling)
    other_share = shared_share(other, ANALYZER.tokens(other), 0, telling)
    assert answer_share == 2 / len(telling)  # «vant sine», «sine første»
    assert other_share == 1 / len(telling)  # «gull i»
    assert shared_share(answer, ANALYZER.tokens(answer), 0, frozenset()) == 0.0
