"""The second stage's view of a candidate passage: a short vector of general features.

Every feature describes how a passage relates to a question (how much of it the
passage, its sentences and its article cover; where the passage stands in its
story), never which question or which article it is, so weights fitted on one set
of questions carry over to another. The rerank score is the dot product of these
features with :attr:`~retrieval.rerank.RerankSettings.weights`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.rerank import SentenceScores, best_per_candidate, sentence_value

FEATURES = (
    "passage",  # first-stage score of the passage's own words, [0, 1]
    "article",  # first-stage score of the whole article, [0, 1]
    "sentence",  # best sentence value, terms weighted by their rarity inside the article
    "second_sentence",  # the second-best such sentence: an answer told over two sentences
    "plain_sentence",  # best sentence coverage with the question's own IDF shares, no cue
    "cue_sentence",  # best coverage of a sentence that holds a word of the wanted kind
    "topic",  # passage weight of question terms that are in the article's headline
    "coverage",  # IDF share of the question's terms found anywhere in the passage
    "rarest",  # the passage holds the question's rarest term
    "lead",  # the passage opens its article
    "position",  # place in the article, 0 (first) to 1 (last)
    "length",  # ln(1 + indexed words of the passage)
    "article_rank",  # 1 / rank of the passage's article among the candidates' articles
)


@dataclass(frozen=True)
class CandidateFacts:
    """What the index knows about each candidate, from which the features are derived.

    Arrays over candidates unless stated; ``term_weights`` and ``in_headline`` are
    terms × candidates.
    """

    passage: np.ndarray
    article: np.ndarray
    articles: np.ndarray  # article position of each candidate
    rarity_sentences: SentenceScores
    plain_sentences: SentenceScores
    term_weights: np.ndarray  # normalised passage weight of each question term
    in_headline: np.ndarray
    query_weights: np.ndarray  # IDF shares of the question's terms
    order_in_article: np.ndarray  # 0 for the first passage
    article_sizes: np.ndarray  # passages in the candidate's article
    words: np.ndarray  # indexed words in the passage


def candidate_features(facts: CandidateFacts, cue_weight: float) -> np.ndarray:
    """Candidates × :data:`FEATURES`."""
    n = facts.passage.size
    rarity = facts.rarity_sentences
    best, second = best_per_candidate(sentence_value(rarity.coverage, rarity.has_cue, cue_weight), rarity.owner, n)
    cued, _ = best_per_candidate(rarity.coverage * rarity.has_cue, rarity.owner, n)
    plain, _ = best_per_candidate(facts.plain_sentences.coverage, facts.plain_sentences.owner, n)
    present = facts.term_weights > 0
    rarest = present[int(np.argmax(facts.query_weights))] if facts.query_weights.size else np.zeros(n, dtype=bool)
    columns = (
        facts.passage,
        facts.article,
        best,
        second,
        plain,
        cued,
        (facts.term_weights * facts.in_headline).sum(axis=0),
        facts.query_weights @ present if facts.query_weights.size else np.zeros(n),
        rarest,
        facts.order_in_article == 0,
        facts.order_in_article / np.maximum(facts.article_sizes - 1, 1),
        np.log1p(facts.words),
        1 / _article_ranks(facts.articles, facts.article),
    )
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns]) if n else np.zeros((0, len(FEATURES)))


def _article_ranks(articles: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Rank (1 = best) of each candidate's article by article score, ties by first appearance."""
    distinct, first, owner = np.unique(articles, return_index=True, return_inverse=True)
    order = np.lexsort((first, -scores[first]))
    ranks = np.empty(distinct.size)
    ranks[order] = np.arange(1, distinct.size + 1)
    return ranks[owner]
