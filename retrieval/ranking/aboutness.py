"""How much an article is *about* a topic, for topic alerts.

A question wants the passage that answers it; an alert wants the article that is
about the topic, and not the one that names it once in passing. The passage score
answers the first and serves the second badly: a feed item's headline is not part of
its text, so a topic that is the very headline of a new item scored below the alert
bar (4 of 20 such topics got their alert), while a long story that repeats one of
the topic's words scored high.

So an alert is decided per article, on the topic's words weighted by their rarity
(IDF, as the index has them): a word counts fully when it is in the headline or
mentioned :data:`FULL_MENTIONS` times in the text, and in proportion below that. The
result runs from 0 (none of the topic) to 1 (all of it, prominently). Counting a
word in the lead as in the headline was tried and not kept: key-phrase precision fell
from 97.8% to 87.0% (lead of 40 words) in the same benchmark.
``benchmarks/alerts.py`` measures recall and precision of this score against the
passage score and sets ``alert_min_score``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from retrieval.index.passage_index import PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.retriever import Found, Retriever

# Mentions in the text that make a word of the topic as prominent as being in the headline.
FULL_MENTIONS = 3
# Articles the search considers per topic, more than a round of alerts will ever send.
CANDIDATES = 20


@dataclass
class AboutnessScorer:
    """Scores articles against topics; each article's words are counted once per scorer."""

    index: PassageIndex
    _idf: Mapping[str, float] = field(init=False)
    _unknown_idf: float = field(init=False)
    _words: dict[str, tuple[frozenset[str], Counter[str]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._idf = self.index.term_weights
        # Read from the index's statistics: iterating every term's weight cost a step per
        # vocabulary term (half a million at 1M passages) on every feed round.
        self._unknown_idf = self.index.rarest_idf or 1.0

    def topic_weights(self, topic: str) -> dict[str, float]:
        """The topic's terms and their weights; a term the index does not know weighs as the rarest."""
        return {term: self._idf.get(term, self._unknown_idf) for term in self.index.analyzer(topic)}

    def score(self, weights: Mapping[str, float], article: Article) -> float:
        """The weighted share of the topic the article is about, from 0 to 1."""
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        headline, mentions = self._article_words(article)
        credit = sum(
            weight * (1.0 if term in headline else min(1.0, mentions[term] / FULL_MENTIONS))
            for term, weight in weights.items()
        )
        return credit / total

    def _article_words(self, article: Article) -> tuple[frozenset[str], Counter[str]]:
        if article.id not in self._words:
            analyzer = self.index.analyzer
            self._words[article.id] = (frozenset(analyzer(article.headline)), Counter(analyzer(article.text)))
        return self._words[article.id]


def about_topic(
    retriever: Retriever,
    scorer: AboutnessScorer,
    topic: str,
    min_score: float,
    allowed_articles: np.ndarray | None = None,
    candidates: int = CANDIDATES,
) -> list[tuple[Found, float]]:
    """The articles (among ``allowed_articles``) about ``topic``, best first, each with its best passage.

    The search finds the candidates and the passage to quote; :class:`AboutnessScorer`
    decides which of them are about the topic (score at least ``min_score``).
    """
    found = retriever.answer(topic, k=candidates, max_per_article=1, allowed_articles=allowed_articles).results
    weights = scorer.topic_weights(topic)
    scored = [(item, scorer.score(weights, item.article)) for item in found]
    kept = [(item, score) for item, score in scored if score >= min_score]
    return sorted(kept, key=lambda pair: -pair[1])
