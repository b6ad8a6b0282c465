from dataclasses import replace

import numpy as np

from retrieval.index.passage_index import IndexSettings, PassageIndex, rank
from retrieval.news.article import Article
from retrieval.news.passages import Passage
from retrieval.ranking.features import FEATURES, best_per_candidate, last_per_candidate, second_per_candidate
from retrieval.ranking.rerank import RerankSettings


def test_best_and_second_per_candidate():
    values = np.array([0.2, 0.9, 0.5, 0.4])
    owners = np.array([0, 0, 0, 2])
    np.testing.assert_allclose(best_per_candidate(values, owners, 3), [0.9, 0.0, 0.4])
    np.testing.assert_allclose(second_per_candidate(values, owners, 3), [0.5, 0.0, 0.0])


def test_last_per_candidate_takes_each_candidates_final_value():
    values = np.array([0.2, 0.9, 0.5, 0.4])
    owners = np.array([0, 0, 2, 2])
    np.testing.assert_allclose(last_per_candidate(values, owners, 3), [0.9, 0.0, 0.4])
    np.testing.assert_allclose(last_per_candidate(np.zeros(0), np.zeros(0, dtype=np.int64), 2), [0.0, 0.0])


def test_preceding_sentence_is_the_previous_passages_last_sentence():
    text = (
        "Festival i byen\n"
        "Arrangørene gleder seg til sommeren.\n"
        "Hovedartist på festivalen\n"  # a subheading ends the second passage
        "Svenske Zara Larsson spiller lørdag kveld.\n"
        "Billettene er snart utsolgt."
    )
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    passages = [
        Passage(0, 0, starts[1] - 1),
        Passage(0, starts[1], starts[3] - 1),
        Passage(0, starts[3], len(text)),
    ]
    index = PassageIndex.build([Article("fest", "Festival i byen", text)], IndexSettings(), passages=passages)
    candidates = index.candidates("Hvem er hovedartist på festivalen?", ("preceding_sentence",))
    by_slot = dict(zip(candidates.top.tolist(), candidates.features[:, 0].tolist()))
    # the third passage follows the subheading that holds the question's words (the second only the
    # headline, which shares one); the first has no predecessor
    assert by_slot[2] > 2 * by_slot[1] > 0
    assert by_slot[0] == 0.0


def test_order_in_article_counts_from_each_articles_first_passage(articles):
    index = PassageIndex.build(articles, IndexSettings(passage_words=10))
    slots = np.arange(len(index.passages))
    owners = np.array([p.article for p in index.passages])
    places = index._order_in_article(slots)
    for article in np.unique(owners):
        np.testing.assert_array_equal(places[owners == article], np.arange((owners == article).sum()))


def test_candidates_carry_the_named_features_and_rank_like_search(articles):
    index = PassageIndex.build(articles, IndexSettings(passage_words=10))
    question = "Hvor mange gullplater har Zara Larsson?"
    candidates = index.candidates(question, tuple(FEATURES))
    assert candidates.features.shape == (candidates.top.size, len(FEATURES))
    column = dict(zip(FEATURES, candidates.features.T))
    assert set(np.unique(column["lead"])) <= {0.0, 1.0}
    assert np.all((0 <= column["position"]) & (column["position"] <= 1))
    assert column["article_rank"].max() == 1.0
    rerank = RerankSettings()
    own = index.candidates(question, rerank.features)
    order, _ = rank(own, rerank.weights, rerank.within_weights)
    hits = index.search(question, k=3, max_per_article=3).hits
    assert [index.passages[p] for p in order[:3]] == [h.passage for h in hits]


def test_unknown_question_has_no_candidates(articles):
    index = PassageIndex.build(articles, IndexSettings())
    assert index.candidates("xyzzy", ("passage",)) is None


def test_features_are_computed_only_when_named(articles):
    index = PassageIndex.build(articles, IndexSettings())
    candidates = index.candidates("Zara Larsson", ())
    assert candidates.features.shape == (candidates.top.size, 0)


def test_within_weights_reorder_inside_an_article_only(articles):
    index = PassageIndex.build(articles, IndexSettings(passage_words=10))
    candidates = index.candidates("Zara Larsson gullplater", ("passage", "lead"))
    by_score, _ = rank(candidates, (1.0, 0.0))
    lead_first, _ = rank(candidates, (1.0, 0.0), within_weights=(0.0, 1.0))
    article_of = [index.passages[p].article for p in by_score]
    assert article_of == [index.passages[p].article for p in lead_first]
    first_of_article = next(p for p in lead_first if index.passages[p].article == article_of[0])
    assert index._order_in_article(np.array([first_of_article]))[0] == 0


def _story(lines: list[str], article_id: str = "story") -> tuple[Article, list[Passage]]:
    """An article of ``lines`` whose every line after the headline is a passage of its own (the headline joins the first)."""
    text = "\n".join(lines)
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    ends = [start + len(line) for start, line in zip(starts, lines)]
    passages = [Passage(0, 0, ends[1])] + [Passage(0, s, e) for s, e in zip(starts[2:], ends[2:])]
    return Article(article_id, lines[0], text), passages


def _with_and_without(feature: str, lines: list[str]) -> tuple[PassageIndex, PassageIndex, list[Passage]]:
    """The story of ``lines`` (:func:`_story`) indexed as configured, and with ``feature`` weighing nothing, and its passages."""
    article, passages = _story(lines)
    settings = IndexSettings()
    rerank, position = settings.rerank, settings.rerank.features.index(feature)
    weights = tuple(0.0 if i == position else w for i, w in enumerate(rerank.weights))
    within = tuple(0.0 if i == position else w for i, w in enumerate(rerank.within_weights or ()))
    plain = replace(settings, rerank=replace(rerank, weights=weights, within_weights=within))
    return (
        PassageIndex.build([article], settings, passages=passages),
        PassageIndex.build([article], plain, passages=passages),
        passages,
    )


def test_a_passage_answering_in_the_shapes_form_is_chosen_inside_the_story():
    index, plain, passages = _with_and_without(
        "shape_clue",
        [
            "Rederiet henter penger",
            "Rederiet vil hente 500 millioner kroner i en emisjon, opplyser selskapet.",
            "Hele emisjonen garanteres av John Fredriksen. John Fredriksen tegner seg for halvparten, sier han.",
            "Skipsreder og investor John Fredriksen eier i dag 40 prosent av rederiet.",
        ]
    )
    question = "Hvem er John Fredriksen?"
    candidates = index.candidates(question, ("shape_clue",))
    by_slot = dict(zip(candidates.top.tolist(), candidates.features[:, 0].tolist()))
    # «John Fredriksen tegner …» names him; «Skipsreder og investor John Fredriksen» says who he is
    assert by_slot == {0: 0.0, 1: 0.0, 2: 1.0}
    assert index.search(question, 1).hits[0].passage == passages[2]
    assert plain.search(question, 1).hits[0].passage == passages[1]  # the passage naming him twice, without the feature


def test_plain_cue_sentence_is_the_best_coverage_of_a_sentence_holding_a_wanted_word():
    article, passages = _story(
        [
            "Nytt sykehus i byen",
            "Sykehuset åpner for pasienter i høst. Det nye sykehuset har 300 senger.",
            "Sykehuset har mange senger og er stort.",
        ]
    )
    index = PassageIndex.build([article], IndexSettings(), passages=passages)
    candidates = index.candidates("Hvor mange senger har sykehuset?", ("plain_cue_sentence", "plain_sentence"))
    values = dict(zip(candidates.top.tolist(), candidates.features.tolist()))
    # the first passage's number sentence covers the question as well as the second's sentence without a number
    assert values[0][0] == values[0][1] == values[1][1] > 0
    assert values[1][0] == 0.0


def test_new_cue_word_needs_a_wanted_word_that_neither_question_nor_headline_has():
    about_her = Article(
        "her",
        "Kari Nordmann vant prisen",
        "Kari Nordmann vant prisen\nPrisen ble delt ut i Bergen, og Kari Nordmann takket juryen for prisen.",
    )
    named = Article(
        "named",
        "Prisen delt ut",
        "Prisen delt ut\nPrisen gikk i år til forfatteren Ola Hansen, som tok imot prisen i går.",
    )
    index = PassageIndex.build([about_her, named], IndexSettings())
    candidates = index.candidates("Hvem fikk prisen?", ("new_cue_word",))
    by_article = {index.articles[index.passages[p].article].id: v for p, v in zip(candidates.top, candidates.features[:, 0])}
    # «Bergen» is a name the headline lacks, «Kari Nordmann» is the headline's; «Ola Hansen» is new
    assert by_article == {"her": 1.0, "named": 1.0}
    only_her = PassageIndex.build([Article("her2", "Kari Nordmann vant prisen i Bergen", about_her.text)], IndexSettings())
    assert only_her.candidates("Hvem fikk prisen?", ("new_cue_word",)).features[:, 0].tolist() == [0.0]
    assert only_her.candidates("Hva er prisen?", ("new_cue_word",)).features[:, 0].tolist() == [0.0]  # no kind of word wanted


def test_a_passage_holding_the_word_the_questions_opening_expects_is_chosen_inside_the_story():
    index, plain, passages = _with_and_without(
        "expected_word",
        [
            "Molde henter trener",
            "Klubben presenterte Kari Nordmann på en pressekonferanse.",
            "Kari Nordmann skal være trener i Molde, bekrefter styreleder Ola Hansen.",
            "Kari Nordmann skal lede Molde i tre år, sier hun.",
        ]
    )
    for question in ("Hvor lenge skal Kari Nordmann være trener i Molde?", "Kor lenge skal Kari Nordmann vere trenar i Molde?"):
        candidates = index.candidates(question, ("expected_word",))
        # «år» answers «hvor lenge»; the other passages only say that she is the coach
        assert dict(zip(candidates.top.tolist(), candidates.features[:, 0].tolist())) == {0: 0.0, 1: 0.0, 2: 1.0}
        assert index.search(question, 1).hits[0].passage == passages[2]
        assert plain.search(question, 1).hits[0].passage == passages[1]  # the passage repeating the question, without it
    # a question without such an opening expects nothing
    assert index.candidates("Hvem skal være trener i Molde?", ("expected_word",)).features[:, 0].tolist() == [0.0] * 3


def test_expected_terms_leave_out_the_questions_own_words():
    article = Article("alder", "Jubilant", "Jubilant\nOla Hansen fyller 90 år i dag, og han er like gammel som huset.")
    index = PassageIndex.build([article], IndexSettings())
    terms = {index.term_id(index.analyzer.term(w)): w for w in ("år", "gammel", "fyller")}
    assert {terms[i] for i in index.expected_terms("Hvor gammel er Ola Hansen?").tolist()} == {"år", "fyller"}
    assert {terms[i] for i in index.expected_terms("Kor gammal er Ola Hansen?").tolist()} == {"år", "fyller"}
    assert {terms[i] for i in index.expected_terms("Hvor gammel blir Ola Hansen når han fyller år?").tolist()} == set()
    assert index.expected_terms("Hvem er Ola Hansen?").size == 0


def test_a_sentence_holding_a_synonym_of_the_questions_word_is_chosen():
    index, plain, passages = _with_and_without(
        "related_sentence",
        [
            "Gården på Toten",
            "Naboen kjøpte skogen nord for gården i fjor.",
            "Ola Hansen har alltid drømt om gården.",
            "Ola Hansen anskaffet gården med et lån fra banken i 2015.",
        ]
    )
    for question in ("Hvordan kjøpte Ola Hansen gården?", "Korleis kjøpte Ola Hansen garden?"):
        candidates = index.candidates(question, ("related_sentence",))
        by_slot = dict(zip(candidates.top.tolist(), candidates.features[:, 0].tolist()))
        # «anskaffet» stands for «kjøpte», which its sentence lacks; the first passage holds «kjøpte» itself
        assert by_slot[2] > 0 and by_slot[0] == by_slot[1] == 0.0
        assert index.search(question, 1).hits[0].passage == passages[2]
        assert plain.search(question, 1).hits[0].passage == passages[1]  # the shorter passage without the synonym


def test_related_terms_leave_out_the_questions_own_words_and_say_which_word_each_stands_for():
    article = Article("kamp", "Kampen", "Kampen\nLaget vant matchen, og seieren kom sent. Oppgjøret endte 2-1.")
    index = PassageIndex.build([article], IndexSettings())
    term = {w: index.term_id(index.analyzer.term(w)) for w in ("kampen", "vant", "matchen", "seieren", "oppgjøret")}
    names = {i: w for w, i in term.items()}
    asked = np.array(sorted([term["kampen"], term["vant"]]))
    related, sources = index.related_terms(asked)
    assert {names[i]: names[int(asked[s])] for i, s in zip(related.tolist(), sources.tolist())} == {
        "matchen": "kampen", "oppgjøret": "kampen", "seieren": "vant",
    }
    both = np.array(sorted([term["kampen"], term["matchen"]]))
    assert {names[i] for i in index.related_terms(both)[0].tolist()} == {"oppgjøret"}


def test_a_question_word_no_article_holds_is_searched_by_its_known_synonyms():
    glaciers = Article("breer", "Breene krymper", "Breene krymper\nDet er Gråfjellsbreen ved Folgefonna som smelter raskest.")
    snow = Article("sno", "Snøen smelter", "Snøen smelter\nSnøen i Oslo smelter sakte i år, og breen i parken står.")
    index = PassageIndex.build([snow, glaciers], IndexSettings())
    question = "Hvilken bre smelter fortest?"
    assert index.term_id(index.analyzer.term("fortest")) < 0  # no article holds it
    assert index.analyzer.term("raskest") in index.query_terms(question)
    assert index.articles[index.search(question, 1).hits[0].passage.article].id == "breer"
    # a word the corpus knows is searched as itself only
    assert index.analyzer.term("raskt") not in index.query_terms("Hvilken bre smelter raskest?")
