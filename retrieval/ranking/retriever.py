"""Questions in, quotable excerpts out: the index search plus excerpt choice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial

import numpy as np

from retrieval.news.article import Article
from retrieval.ranking.answer_clues import AnswerShape, read_shape
from retrieval.ranking.answer_span import AnswerFinder, AnswerSpan
from retrieval.ranking.duplicates import DuplicateFinder
from retrieval.ranking.excerpts import MAX_CHARS, Excerpt, ExcerptPicker
from retrieval.ranking.phrases import Pair, question_pairs
from retrieval.index.passage_index import PassageIndex
from retrieval.text.cues import Cue


@dataclass(frozen=True)
class Found:
    """One ranked result: the article, the passage score and the excerpt to quote.

    The excerpt is picked when first read. Choosing it is most of the cost of an
    answer, and many results are never quoted: the one fetched only to know whether
    there are more, the ones before a later page, a «siste nytt» pool ordered by date.

    ``answer`` is the short answer inside the excerpt, when one is certain enough
    (see :mod:`retrieval.ranking.answer_span`); it is found when first read, too.
    """

    article: Article
    score: float
    passage_start: int
    passage_end: int
    pick: Callable[[], Excerpt] = field(repr=False, compare=False)
    also_in: tuple[Article, ...] = ()  # other articles telling the same story, folded into this result
    find_answer: Callable[[Excerpt], AnswerSpan | None] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _picked(self) -> Excerpt:
        """The excerpt the picker chose, before the short answer is weighed (see :attr:`excerpt`)."""
        return self.pick()

    @cached_property
    def excerpt(self) -> Excerpt:
        """What to quote, with the matched words.

        A quote of two parts is made from a quote of one slice (``Excerpt.alone``)
        whose first part shrank to make room for the second; when that cost the short
        answer the one slice held, the one slice is quoted: a second part never hides
        the answer shown in bold.
        """
        picked = self._picked
        if picked.alone is not None and self.answer is not None and not picked.shows(self.answer.start, self.answer.end):
            return picked.alone
        return picked

    @cached_property
    def answer(self) -> AnswerSpan | None:
        """The short answer, or ``None``: looked for once, in the quote's single slice (see :attr:`excerpt`)."""
        if self.find_answer is None:
            return None
        return self.find_answer(self._picked.alone or self._picked)

    @property
    def quote(self) -> str:
        """The excerpt as shown: its parts word for word, joined by « … » when there are two."""
        return self.excerpt.text(self.article.text)


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
        shape = read_shape(question, self.index.analyzer) if hits else AnswerShape()
        pairs = question_pairs(question, self.index.analyzer) if hits else frozenset()
        stories = self.duplicates.fold([hit.passage.article for hit in hits])[:k]
        found = []
        for index, others in stories:
            hit = hits[index]
            passage = hit.passage
            article = self.index.articles[passage.article]
            pick = partial(self._pick, article, passage.start, passage.end, result.terms, result.cue, shape, pairs)
            find_answer = partial(self._find_answer, article, result.terms, result.cue, question)
            also_in = tuple(self.index.articles[p] for p in others)
            found.append(Found(article, hit.score, passage.start, passage.end, pick, also_in, find_answer))
        return Answer(found, result.terms, result.empty_reason)

    def _pick(
        self,
        article: Article,
        start: int,
        end: int,
        terms: frozenset[str],
        cue: Cue,
        shape: AnswerShape,
        pairs: frozenset[Pair],
    ) -> Excerpt:
        """The excerpt of passage ``article.text[start:end]``; headline terms weigh less (see :meth:`ExcerptPicker.pick`)."""
        topic = terms.intersection(self.index.analyzer(article.headline))
        return self.picker.pick(article.text, start, end, terms, cue, topic, shape, pairs)

    def _find_answer(
        self, article: Article, terms: frozenset[str], cue: Cue, question: str, excerpt: Excerpt
    ) -> AnswerSpan | None:
        """The short answer inside ``excerpt`` (see :class:`AnswerFinder`)."""
        return self.answers.find(article.text, excerpt.start, excerpt.end, terms, cue, question)

    def lead(self, position: int) -> Found:
        """The opening of article ``position`` as an excerpt, for listings by date."""
        article = self.index.articles[position]
        pick = partial(self.picker.pick, article.text, 0, len(article.text), frozenset())
        return Found(article, 0.0, 0, len(article.text), pick)
