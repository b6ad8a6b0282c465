"""Questions in, quotable excerpts out: the index search plus excerpt choice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.news.article import Article
from retrieval.ranking.answer_span import AnswerFinder, AnswerSpan
from retrieval.ranking.duplicates import DuplicateFinder
from retrieval.ranking.excerpts import MAX_CHARS, Excerpt, ExcerptPicker
from retrieval.index.passage_index import PassageIndex


@dataclass(frozen=True)
class Found:
    """One ranked result: the article, the passage score and the excerpt to quote.

    ``answer`` is the short answer inside the excerpt, when one is certain enough
    (see :mod:`retrieval.ranking.answer_span`).
    """

    article: Article
    score: float
    excerpt: Excerpt
    passage_start: int
    passage_end: int
    answer: AnswerSpan | None = None
    also_in: tuple[Article, ...] = ()  # other articles telling the same story, folded into this result

    @property
    def quote(self) -> str:
        """The excerpt's exact text."""
        return self.article.text[self.excerpt.start : self.excerpt.end]


@dataclass(frozen=True)
class Answer:
    """Results for a question; ``empty_reason`` says why there are none."""

    results: list[Found]
    terms: frozenset[str]
    empty_reason: str | None = None


class Retriever:
    """Searches an index and picks each result's excerpt."""

    def __init__(self, index: PassageIndex, max_excerpt_chars: int = MAX_CHARS) -> None:
        self.index = index
        self.picker = ExcerptPicker(
            index.analyzer,
            index.term_weights,
            max_excerpt_chars,
            index.settings.rerank.cue_weight,
        )
        self.answers = AnswerFinder(index.analyzer, index.term_weights)
        self.duplicates = DuplicateFinder(index.articles, index.analyzer)

    @property
    def articles(self) -> Sequence[Article]:
        return self.index.articles

    def answer(
        self,
        question: str,
        k: int,
        max_per_article: int = 1,
        min_score: float = 0.0,
        allowed_articles: np.ndarray | None = None,
        min_coverage: float = 0.0,
    ) -> Answer:
        """The ``k`` best results for ``question``, each with its excerpt (bars as in :meth:`PassageIndex.search`).

        Near-duplicate articles among the results are folded into the best-ranked one
        (``Found.also_in``); enough extra hits are fetched that ``k`` stories remain
        when the corpus has them.
        """
        result = self.index.search(question, 2 * k, max_per_article, min_score, allowed_articles, min_coverage)
        hits = result.hits
        stories = self.duplicates.fold([hit.passage.article for hit in hits])[:k]
        found = []
        for index, others in stories:
            hit = hits[index]
            article = self.index.articles[hit.passage.article]
            topic = result.terms.intersection(self.index.analyzer(article.headline))
            excerpt = self.picker.pick(article.text, hit.passage.start, hit.passage.end, result.terms, result.cue, topic)
            answer = self.answers.find(article.text, excerpt.start, excerpt.end, result.terms, result.cue, question)
            also_in = tuple(self.index.articles[p] for p in others)
            found.append(Found(article, hit.score, excerpt, hit.passage.start, hit.passage.end, answer, also_in))
        return Answer(found, result.terms, result.empty_reason)

    def lead(self, position: int) -> Found:
        """The opening of article ``position`` as an excerpt, for listings by date."""
        article = self.index.articles[position]
        excerpt = self.picker.pick(article.text, 0, len(article.text), frozenset())
        return Found(article, 0.0, excerpt, 0, len(article.text))
