from dataclasses import replace

import numpy as np

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.letter_grams import gram_shares, question_grams


def test_a_questions_sequences_are_its_padded_words_in_lower_case_without_punctuation():
    # « hvem » and « vant »: three four-letter sequences each
    assert question_grams("Hvem vant?").size == 6
    np.testing.assert_array_equal(question_grams("Hvem vant?"), question_grams("– HVEM «vant»"))
    assert question_grams("?!").size == 0


def test_shares_count_each_texts_own_sequences_only():
    grams = question_grams("hvem vant")
    texts = [t.encode() for t in ("hvem", "vant", "Hvem vant?", "Været")]
    np.testing.assert_allclose(gram_shares(grams, texts), [0.5, 0.5, 1.0, 0.0])
    # a text holding NUL itself still keeps its boundaries
    np.testing.assert_allclose(gram_shares(grams, [b"hvem\0", b"vant"]), [0.5, 0.5])
    assert gram_shares(grams, []).size == 0
    np.testing.assert_allclose(gram_shares(question_grams(""), [b"hvem vant"]), [0.0])


def test_compounds_and_other_inflections_share_sequences_that_stems_do_not():
    grams = question_grams("Hvor mange direktører har millionlønn?")
    about, other = gram_shares(
        grams,
        [
            "Direktøren tjener over en million kroner i lønn.".encode(),
            "Styret møttes i Oslo for å diskutere saken.".encode(),
        ],
    )
    assert about > 2 * other


def test_capital_ae_o_a_match_their_lower_case():
    grams = question_grams("Hva sa Østberg om Ålesund?")
    upper, lower = gram_shares(grams, ["ØSTBERG I ÅLESUND".encode(), "østberg i ålesund".encode()])
    assert upper == lower > 0.4


def _index() -> PassageIndex:
    articles = [
        Article(
            "lonn",
            "Lønninger i selskapet",
            "Selskapet har 49 direktører med millionlønn, viser årsrapporten.\n"
            "Det var flere enn året før.",
        ),
        Article(
            "styret",
            "Styret i selskapet",
            "Styret i selskapet har direktører fra mange land, viser årsrapporten.\n"
            "Lønn og millioner ble ikke diskutert.",
        ),
    ]
    return PassageIndex.build(articles, IndexSettings())


def test_letter_grams_are_a_candidate_feature_that_orders_but_leaves_the_score():
    index = _index()
    question = "Hvor mange direktører har millionlønn?"
    candidates = index.candidates(question, ("letter_grams",))
    texts = index._passage_bytes(candidates.top)
    passages = [index.passages[slot] for slot in candidates.top.tolist()]
    assert texts == [index.articles[p.article].text[p.start : p.end].encode() for p in passages]
    np.testing.assert_allclose(candidates.features[:, 0], gram_shares(question_grams(question), texts))
    rerank = index.settings.rerank
    assert "letter_grams" in rerank.features and "letter_grams" in rerank.unscored
    without = replace(rerank, weights=rerank.scored_weights, within_weights=None)
    plain = PassageIndex.build(list(index.articles), replace(index.settings, rerank=without))
    scores = {index.articles[h.passage.article].id: h.score for h in index.search(question, 2).hits}
    plain_scores = {plain.articles[h.passage.article].id: h.score for h in plain.search(question, 2).hits}
    assert scores == plain_scores
    assert index.articles[index.search(question, 1).hits[0].passage.article].id == "lonn"


def test_a_story_writing_the_questions_word_inside_a_compound_is_chosen():
    articles = [
        Article("kamp", "Fotball i helgen", "Molde vant kampen søndag."),
        Article("cup", "Fotball i helgen", "Molde vant cupfinalen søndag."),
    ]
    settings = IndexSettings()
    rerank = settings.rerank
    question = "Hvem vant finalen?"  # «finalen» is no index term: only «vant» matches, in both stories alike
    without = PassageIndex.build(articles, replace(settings, rerank=replace(rerank, weights=rerank.scored_weights)))
    assert [without.articles[h.passage.article].id for h in without.search(question, 2).hits] == ["kamp", "cup"]
    index = PassageIndex.build(articles, settings)
    hits = index.search(question, 2).hits
    assert [index.articles[h.passage.article].id for h in hits] == ["cup", "kamp"]
    assert hits[0].score == hits[1].score  # the words found are the same: so is the score


def test_a_questions_characters_are_spaced_as_the_bytes_of_a_passage_are():
    from retrieval.ranking.letter_grams import _spaced, _spaced_text

    rng = np.random.default_rng(3)
    # ASCII, the marks and capitals the bytes are changed for and their neighbours, dashes and quotes, others
    pool = [chr(c) for c in [*range(0x250), *range(0x2000, 0x2070)]] + ["\ud800", "😀", "€"]
    for _ in range(2000):
        text = "".join(rng.choice(pool, size=int(rng.integers(0, 30))))
        assert _spaced_text(text) == _spaced(text.encode("utf-8", "surrogatepass")).tobytes()
