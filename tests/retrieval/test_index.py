import numpy as np

from retrieval.index.passage_index import IndexSettings, PassageIndex, _reorder_within_articles
from retrieval.news.passages import split_passages
from retrieval.ranking.rerank import RerankSettings


def test_finds_the_answering_passage_and_scores_stay_in_range(articles):
    index = PassageIndex.build(articles, IndexSettings(passage_words=15))
    result = index.search("Hvor mange gullplater har Zara Larsson?", k=3)
    top = result.hits[0]
    assert "30 gullplater" in articles[top.passage.article].text[top.passage.start : top.passage.end]
    assert all(0 < hit.score <= 2.5 for hit in result.hits)


def test_question_words_that_only_ask_are_not_terms(articles):
    index = PassageIndex.build(articles, IndexSettings())
    terms = index.query_terms("Hvor mange gullplater har hun?")
    assert index.analyzer.stem("gullplater") in terms
    assert index.analyzer.stem("mange") not in terms


def test_no_terms_and_threshold_and_article_filter(articles):
    index = PassageIndex.build(articles, IndexSettings())
    assert index.search("og i på", k=3).empty_reason == "no_terms"
    assert index.search("Zara Larsson", k=3, min_score=10).empty_reason == "below_threshold"
    allowed = np.array([False, True, True])
    assert all(h.passage.article != 0 for h in index.search("Zara Larsson Tromsø", k=3, allowed_articles=allowed).hits)


def test_at_most_max_per_article(articles):
    index = PassageIndex.build(articles, IndexSettings(passage_words=10))
    hits = index.search("Zara Larsson gullplater festivalen", k=5, max_per_article=1).hits
    assert len({h.passage.article for h in hits}) == len(hits)


def test_article_fusion_lets_the_story_vouch_for_a_passage(articles):
    passages = split_passages(articles, 10)
    fused = PassageIndex.build(articles, IndexSettings(article_weight=1.0), passages=passages)
    alone = PassageIndex.build(articles, IndexSettings(article_weight=0.0), passages=passages)
    question = "Hvor mange gullplater har Zara Larsson?"
    assert fused.score(question).max() > alone.score(question).max()


def test_reorder_keeps_article_slots_and_orders_inside_them():
    ranked = np.array([10, 20, 11, 12])
    articles = np.array([1, 2, 1, 1])
    within = np.array([0.1, 0.9, 0.5, 0.3])
    np.testing.assert_array_equal(_reorder_within_articles(ranked, articles, within), [11, 20, 12, 10])


def test_within_article_weights_favour_terms_rare_inside_the_story(articles):
    index = PassageIndex.build(articles, IndexSettings(passage_words=15))
    question = "Hvor mange gullplater har Zara Larsson?"
    query = index._query(question, index._read(question))
    passages = np.array([i for i, p in enumerate(index.passages) if p.article == 0])
    weights = index._within_article_weights(query, passages)
    np.testing.assert_allclose(weights.sum(axis=0), 1.0, rtol=1e-6)
    zara, gullplater = (list(query.terms).index(index.term_id(index.analyzer.stem(w))) for w in ("zara", "gullplater"))
    # "zara" is in most of the story's passages, "gullplater" in one: inside the story it weighs more
    assert weights[gullplater, 0] / weights[zara, 0] > query.weights[gullplater] / query.weights[zara]


def test_headline_terms_count_less_for_telling_a_storys_passages_apart(articles):
    question = "Hvor mange gullplater har Zara Larsson?"

    def weights(headline_rarity):
        settings = IndexSettings(passage_words=15, rerank=RerankSettings(headline_rarity=headline_rarity))
        index = PassageIndex.build(articles, settings)
        query = index._query(question, index._read(question))
        passages = np.array([i for i, p in enumerate(index.passages) if p.article == 0])
        terms = list(query.terms)
        larsson, gullplater = (terms.index(index.term_id(index.analyzer.stem(w))) for w in ("larsson", "gullplater"))
        return index._within_article_weights(query, passages), larsson, gullplater

    full, larsson, gullplater = weights(1.0)
    damped, _, _ = weights(0.25)
    # "larsson" is in the headline, "gullplater" is not: only the headline term loses weight
    assert damped[larsson, 0] < full[larsson, 0] and damped[gullplater, 0] > full[gullplater, 0]
    ratio = damped[larsson, 0] / damped[gullplater, 0]
    np.testing.assert_allclose(ratio, 0.25 * full[larsson, 0] / full[gullplater, 0], rtol=1e-5)


def test_idf_exponent_flattens_the_query_weights(articles):
    question = "Hvor mange gullplater har Zara Larsson?"

    def weights(exponent):
        settings = IndexSettings(rerank=RerankSettings(idf_exponent=exponent))
        index = PassageIndex.build(articles, settings)
        query = index._query(question, index._read(question))
        return query.weights, index.statistics.passage_idf(query.terms)

    plain, idf = weights(1.0)
    damped, _ = weights(0.5)
    np.testing.assert_allclose(plain, idf / idf.sum(), rtol=1e-6)
    np.testing.assert_allclose(damped, np.sqrt(idf) / np.sqrt(idf).sum(), rtol=1e-6)
    # the rarest term still weighs most, but less so
    assert np.argmax(damped) == np.argmax(plain) and damped.max() < plain.max()
