import numpy as np

from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.cues import Cue
from retrieval.news.passages import split_passages
from retrieval.ranking.rerank import Query, best_sentences, sentence_scores, sentence_value
from retrieval.index.token_table import TokenTable


def test_sentence_value_rewards_the_wanted_kind():
    assert sentence_value(0.5, True, 0.5) > sentence_value(0.5, False, 0.5)
    assert sentence_value(0.0, True, 0.5) == 0.0


def build(articles):
    analyzer = Analyzer(AnalyzerSettings())
    passages = split_passages(articles, 12)
    terms = sorted({t for a in articles for t in analyzer(a.text)})
    vocabulary = {t: i for i, t in enumerate(terms)}
    return analyzer, passages, vocabulary, TokenTable.build(articles, passages, analyzer, vocabulary)


def test_passage_where_terms_meet_in_one_sentence_with_a_number_wins(articles):
    analyzer, passages, vocabulary, table = build(articles[:1])
    ids = np.array(sorted(vocabulary[analyzer.stem(w)] for w in ("gullplater", "svensken")), dtype=np.int32)
    query = Query(ids, np.full(ids.size, 0.5), Cue.NUMBER)
    candidates = np.arange(len(passages))
    values = best_sentences(table, candidates, query, cue_weight=0.5)
    best = passages[int(values.argmax())]
    assert "30 gullplater" in articles[0].text[best.start : best.end]
    assert values.max() == sentence_value(0.5, True, 0.5)  # gullplater shares a sentence with "30"


def test_no_candidates_and_no_terms():
    _, _, _, table = build([])
    assert best_sentences(table, np.array([], dtype=np.int64), Query(np.array([], np.int32), np.array([]), Cue.NONE), 0.5).size == 0


def test_per_candidate_weights_replace_the_query_weights(articles):
    analyzer, passages, vocabulary, table = build(articles[:1])
    ids = np.array(sorted(vocabulary[analyzer.stem(w)] for w in ("gullplater", "svensken")), dtype=np.int32)
    query = Query(ids, np.full(ids.size, 0.5), Cue.NONE)
    candidates = np.arange(len(passages))
    same = np.full((ids.size, candidates.size), 0.5)
    np.testing.assert_allclose(
        best_sentences(table, candidates, query, 0.5, same), best_sentences(table, candidates, query, 0.5)
    )
    only_first = np.zeros((ids.size, candidates.size))
    only_first[0] = 1.0
    values = best_sentences(table, candidates, query, 0.5, only_first)
    assert values.max() == 1.0  # a sentence holding the first term now covers the whole question


def test_exact_coverage_counts_only_the_questions_own_word_forms():
    from retrieval.news.article import Article

    text = "Hun sendte brevet.\nHan sender brevet i morgen."
    analyzer, passages, vocabulary, table = build([Article("a", "Brev", text)])
    ids = np.array(sorted({vocabulary[analyzer.stem(w)] for w in ("sendte", "brevet")}), dtype=np.int32)
    forms = table.known_forms(["sendte", "brevet", "ukjent"])
    assert forms.size == 2  # an unknown word has no form id
    query = Query(ids, np.full(ids.size, 0.5), Cue.NONE, forms)
    everything = np.arange(len(passages))
    scores = sentence_scores(table, everything, query)
    assert analyzer.stem("sendte") == analyzer.stem("sender")
    np.testing.assert_allclose(scores.coverage, [1.0, 1.0])  # both sentences match on stems ...
    np.testing.assert_allclose(scores.exact, [1.0, 0.5])  # ... only the first uses the question's forms
    np.testing.assert_allclose(scores.exact_passage, [1.0] * len(passages))


def test_exact_passage_coverage_joins_the_sentences_of_a_passage():
    from retrieval.news.article import Article

    text = "Hun sendte det. Han har brevet. De sender brev."
    analyzer, passages, vocabulary, table = build([Article("a", "Brev", text)])
    ids = np.array(sorted({vocabulary[analyzer.stem(w)] for w in ("sendte", "brevet")}), dtype=np.int32)
    query = Query(ids, np.array([0.25, 0.75]), Cue.NONE, table.known_forms(["sendte", "brevet"]))
    scores = sentence_scores(table, np.arange(len(passages)), query)
    assert len(passages) == 1
    np.testing.assert_allclose(scores.exact_passage, [1.0])  # "sendte" and "brevet" in different sentences
    assert scores.exact.max() < 1.0


def test_term_matches_agree_with_searching_every_word():
    from retrieval.ranking.rerank import term_matches

    rng = np.random.default_rng(7)
    words = rng.integers(0, 60, size=500).astype(np.int32)
    for size in (0, 1, 3, 16, 17, 30):  # compared term by term up to sixteen terms, searched beyond
        terms = np.sort(rng.choice(70, size=size, replace=False)).astype(np.int64)
        hit, slots = term_matches(terms, words)
        np.testing.assert_array_equal(hit, np.isin(words, terms))
        np.testing.assert_array_equal(slots, [list(terms).index(w) for w in words[hit]])
        empty_hit, empty_slots = term_matches(terms, words[:0])
        assert empty_hit.size == 0 and empty_slots.size == 0
