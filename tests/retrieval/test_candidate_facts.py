"""What the second stage reads about its candidates from the token rows equals what the postings hold."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.index.passage_index import PassageIndex, _Facts
from retrieval.ranking.features import FEATURES
from retrieval.ranking.rerank import Query, sentence_scores
from tests.retrieval.test_first_stage_top import random_index, random_queries


def facts_of(index: PassageIndex, query: Query) -> _Facts:
    """The candidate facts of ``query``'s first-stage top 20 (no article part in the features)."""
    top, own = index._top_of_reached(index._reached(query.terms), index._article_part(query.terms), 20, None)
    return _Facts(index, query, top, own, np.zeros(top.size, dtype=np.float32))


@pytest.mark.parametrize("seed", range(8))
def test_term_counts_headlines_and_places_match_the_postings(seed: int):
    index, rng = random_index(seed)
    for query in random_queries(index, rng, 10):
        facts = facts_of(index, query)
        top = facts._top
        np.testing.assert_array_equal(facts._term_counts, index._values("p", query.terms, top))
        np.testing.assert_array_equal(facts.in_headline, index._values("h", query.terms, index._passage_article[top]) > 0)
        places = []
        for slot in top.tolist():  # counted in the passage's own segment
            segment, local = index._locate_passage(slot)
            places.append(local - int(segment.a_passages[segment.p_article[local]]))
        np.testing.assert_array_equal(facts.order_in_article, places)
        # the stories and headline rows shared between features equal those found afresh
        distinct, owner = np.unique(index._passage_article[facts._passages], return_inverse=True)
        stories = facts._passage_stories
        np.testing.assert_array_equal(stories[0], distinct)
        np.testing.assert_array_equal(stories[1], owner)
        np.testing.assert_array_equal(facts._headlines, index._in_headlines(query.terms, distinct))
        np.testing.assert_array_equal(
            index._within_article_weights(query, facts._passages, facts._headlines, stories),
            index._within_article_weights(query, facts._passages),
        )
        # the sentence scores from the shared term matches equal those searched afresh
        weights = index._within_article_weights(query, facts._passages)
        shared, afresh = facts._rarity_scores, sentence_scores(facts._table, None, query, weights)
        for name in ("coverage", "has_cue", "owner", "exact", "exact_passage", "plain"):
            np.testing.assert_array_equal(getattr(shared, name), getattr(afresh, name))



def test_topic_equals_its_plain_definition_with_and_without_headline_terms():
    asked = without = 0
    for seed in range(4):
        index, rng = random_index(seed)
        for query in random_queries(index, rng, 20):
            facts = facts_of(index, query)
            plain = (facts.term_weights * facts.in_headline).sum(axis=0)
            fresh = facts_of(index, query)
            np.testing.assert_array_equal(FEATURES["topic"](fresh), plain)
            asked += 1
            without += not facts.in_headline.any()
    assert 0 < without < asked  # both ways are taken
