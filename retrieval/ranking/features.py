"""The second stage's view of a candidate passage: a short vector of general features.

Every feature describes how a passage relates to a question (how much of it the
passage, its sentences and its article cover; where the passage stands in its
story), never which question or which article it is, so weights fitted on one set
of questions carry over to another. The rerank score is the dot product of the
features named in :attr:`~retrieval.ranking.rerank.RerankSettings.features` with its
``weights``; only the named features are computed, so unused ones cost nothing at
query time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from retrieval.ranking.answer_clues import AnswerShape, Shape
from retrieval.ranking.letter_grams import gram_shares
from retrieval.ranking.rerank import SentenceScores, sentence_value
from retrieval.text.analysis import Analyzer


class CandidateFacts(Protocol):
    """What the index knows about each of a question's candidates (arrays over candidates).

    Implementations may compute attributes on first use; a feature reads only what it needs.
    """

    passage: np.ndarray  # first-stage score of the passage's own words, [0, 1]
    article: np.ndarray  # first-stage score of its article (times ``article_weight``)
    articles: np.ndarray  # article position of each candidate
    # terms weighted by their rarity inside the article (``exact`` and ``plain``: the question's IDF shares)
    rarity_sentences: SentenceScores
    # the same for the sentences of the passage before each candidate in its article (``owner``: the candidate)
    preceding_sentences: SentenceScores
    plain_sentences: SentenceScores  # terms weighted by the question's IDF shares, no cue
    term_weights: np.ndarray  # terms × candidates: normalised passage weight of each question term
    in_headline: np.ndarray  # terms × candidates: the term is in the candidate's article headline
    query_weights: np.ndarray  # shares of the question's terms (dampened IDF, see ``RerankSettings.idf_exponent``)
    order_in_article: np.ndarray  # 0 for the article's first passage
    article_sizes: np.ndarray  # passages in the candidate's article
    words: np.ndarray  # indexed words in the passage
    texts: list[bytes]  # each candidate passage's text, UTF-8
    question_grams: np.ndarray  # the question's letter sequences (:func:`~retrieval.ranking.letter_grams.question_grams`)
    new_cue_words: np.ndarray  # holds a wanted word that neither the question nor the article's headline has
    expected_words: np.ndarray  # holds a word the question's opening expects of its answer (a unit, an amount)
    # per sentence of ``rarity_sentences``: weight of the question terms it lacks but holds a synonym of
    related_coverage: np.ndarray  # per sentence of ``rarity_sentences``: weight of the question terms it lacks but holds a synonym of
    answer_shape: AnswerShape  # the question's shape (:func:`~retrieval.ranking.answer_clues.read_shape`)
    analyzer: Analyzer
    cue_weight: float


def best_per_candidate(values: np.ndarray, owners: np.ndarray, candidates: int) -> np.ndarray:
    """The largest of ``values`` per candidate (0 where it has none)."""
    best = np.zeros(candidates)
    np.maximum.at(best, owners, values)
    return best


def second_per_candidate(values: np.ndarray, owners: np.ndarray, candidates: int) -> np.ndarray:
    """The second-largest of ``values`` per candidate (0 where it has fewer than two)."""
    second = np.zeros(candidates)
    if values.size == 0:
        return second
    order = np.lexsort((-values, owners))
    ranked = owners[order]
    first = np.r_[True, ranked[1:] != ranked[:-1]]
    follows = np.r_[False, first[:-1]] & ~first
    second[ranked[follows]] = values[order][follows]
    return second


def _sentence(f: CandidateFacts) -> np.ndarray:
    s = f.rarity_sentences
    return best_per_candidate(sentence_value(s.coverage, s.has_cue, f.cue_weight), s.owner, f.passage.size)


def _second_sentence(f: CandidateFacts) -> np.ndarray:
    s = f.rarity_sentences
    return second_per_candidate(sentence_value(s.coverage, s.has_cue, f.cue_weight), s.owner, f.passage.size)


def last_per_candidate(values: np.ndarray, owners: np.ndarray, candidates: int) -> np.ndarray:
    """The last of ``values`` per candidate (0 where it has none); ``owners`` list each candidate's values in order."""
    last = np.full(candidates, -1)
    np.maximum.at(last, owners, np.arange(owners.size))
    return np.where(last >= 0, values[np.maximum(last, 0)] if values.size else 0.0, 0.0)


def _preceding_sentence(f: CandidateFacts) -> np.ndarray:
    s = f.preceding_sentences
    return last_per_candidate(sentence_value(s.coverage, s.has_cue, f.cue_weight), s.owner, f.passage.size)


def _related_sentence(f: CandidateFacts) -> np.ndarray:
    """How much a candidate's best sentence value rises when synonyms of the question's words count as the words.

    The rise rather than the raised value, so the feature's weight is the share a
    synonym counts at beside ``sentence``'s own matches.
    """
    s, count = f.rarity_sentences, f.passage.size
    related = f.related_coverage
    if not related.any():
        return np.zeros(count)
    plain = best_per_candidate(sentence_value(s.coverage, s.has_cue, f.cue_weight), s.owner, count)
    return best_per_candidate(sentence_value(s.coverage + related, s.has_cue, f.cue_weight), s.owner, count) - plain


def _cue_sentence(f: CandidateFacts) -> np.ndarray:
    s = f.rarity_sentences
    return best_per_candidate(s.coverage * s.has_cue, s.owner, f.passage.size)


def _plain_cue_sentence(f: CandidateFacts) -> np.ndarray:
    s = f.rarity_sentences
    plain = s.coverage if s.plain is None else s.plain
    return best_per_candidate(plain * s.has_cue, s.owner, f.passage.size)


def _shape_clue(f: CandidateFacts) -> np.ndarray:
    """1 where the passage answers in the form the question's shape wants (only shaped questions read the texts)."""
    if f.answer_shape.kind is Shape.NONE:
        return np.zeros(f.passage.size)
    return np.array(
        [f.answer_shape.shown_anywhere(str(text, "utf-8", "surrogatepass"), f.analyzer) for text in f.texts], dtype=np.float64
    )


def _topic(f: CandidateFacts) -> np.ndarray:
    """Passage weight of the question's terms that are in each candidate's headline.

    About half the questions have none of their terms in any candidate's headline
    (1M passages, the benchmark questions): then every sum is 0 and the passage
    weights are not computed (0.04 ms a question when they are).
    """
    if not f.in_headline.any():
        return np.zeros(f.passage.size)
    return (f.term_weights * f.in_headline).sum(axis=0)


def _rarest(f: CandidateFacts) -> np.ndarray:
    if f.query_weights.size == 0:
        return np.zeros(f.passage.size)
    return f.term_weights[int(np.argmax(f.query_weights))] > 0


def _article_rank(f: CandidateFacts) -> np.ndarray:
    """1 / rank of each candidate's article by article score, ties by first appearance."""
    distinct, first, owner = np.unique(f.articles, return_index=True, return_inverse=True)
    order = np.lexsort((first, -f.article[first]))
    ranks = np.empty(distinct.size)
    ranks[order] = np.arange(1, distinct.size + 1)
    return 1 / ranks[owner]


FEATURES: dict[str, Callable[[CandidateFacts], np.ndarray]] = {
    "passage": lambda f: f.passage,
    "article": lambda f: f.article,
    # best sentence value, terms weighted by their rarity inside the article
    "sentence": _sentence,
    # the second-best such sentence: an answer told over two sentences
    "second_sentence": _second_sentence,
    # best sentence coverage with the question's own IDF shares, no cue
    "plain_sentence": lambda f: best_per_candidate(f.plain_sentences.coverage, f.plain_sentences.owner, f.passage.size),
    # best coverage of a sentence by words in the question's very forms ("sendte", not "sender"): a
    # sentence that agrees with the question's inflections is likelier the one it was asked from
    "exact_sentence": lambda f: best_per_candidate(f.rarity_sentences.exact, f.rarity_sentences.owner, f.passage.size),
    # IDF share of the question's terms found in the passage in the question's very forms
    "exact_passage": lambda f: f.rarity_sentences.exact_passage,
    # value of the sentence just before the passage (the end of the previous one in its article):
    # a subheading or a sentence naming the question's subject often introduces the answer that follows
    "preceding_sentence": _preceding_sentence,
    # best coverage of a sentence that holds a word of the wanted kind
    "cue_sentence": _cue_sentence,
    # the same with the question's own IDF shares (``cue_sentence`` weighs terms by their rarity inside the
    # article, which discounts the story's recurring words in a sentence that answers with a name or number)
    "plain_cue_sentence": _plain_cue_sentence,
    # the passage answers in the form the question's shape wants: «49 direktører» for «Hvor mange direktører …?»,
    # «skipsreder John Fredriksen» for «Hvem er John Fredriksen?» (see :mod:`retrieval.ranking.answer_clues`)
    "shape_clue": _shape_clue,
    # the passage holds a word of the wanted kind that neither the question nor its article's headline has:
    # a story about the name asked for is no answer to «Hvem …?»
    "new_cue_word": lambda f: f.new_cue_words,
    # the passage holds a word that answers to the question's opening tend to hold and the question lacks:
    # «kroner» for «Hvor mye koster …?», «år» or «måneder» for «Hvor lenge …?» (see :mod:`retrieval.ranking.answer_clues`)
    "expected_word": lambda f: f.expected_words,
    # the rise of the best sentence's value when synonyms of the question's words count as the words
    # («raskest» for «fortest», «etablert» for «startet»; see :mod:`retrieval.text.synonyms`)
    "related_sentence": _related_sentence,
    # passage weight of question terms that are in the article's headline (they say which story, not which passage)
    "topic": _topic,
    # IDF share of the question's terms found anywhere in the passage
    "coverage": lambda f: f.query_weights @ (f.term_weights > 0),
    # the passage holds the question's rarest term
    "rarest": _rarest,
    "lead": lambda f: f.order_in_article == 0,
    # place in the article, 0 (first) to 1 (last)
    "position": lambda f: f.order_in_article / np.maximum(f.article_sizes - 1, 1),
    "length": lambda f: np.log1p(f.words),
    "article_rank": _article_rank,
    # share of the question's four-letter sequences in the passage: its words however compounded or inflected,
    # and its small words too (see :mod:`retrieval.ranking.letter_grams`)
    "letter_grams": lambda f: gram_shares(f.question_grams, f.texts),
}
"""Every feature the second stage can use, by name."""


def candidate_features(facts: CandidateFacts, names: Sequence[str]) -> np.ndarray:
    """Candidates × ``names``."""
    columns = [np.asarray(FEATURES[name](facts), dtype=np.float64) for name in names]
    return np.column_stack(columns) if columns else np.zeros((facts.passage.size, 0))
