"""A TF-IDF passage index and its search.

Scoring (all vectors TF-IDF with sublinear tf, L2-normalised)::

    score(q, p) = cos(q, p) + article_weight * cos(q, a(p))

where ``a(p)`` is the whole article of passage ``p`` with its headline counted
``headline_weight`` times. The article term lets the headline and the rest of the
story vouch for a passage whose own words only partly match the question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from retrieval.analysis import Analyzer, AnalyzerSettings
from retrieval.article import Article
from retrieval.passages import Passage, split_passages

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` during long work."""

_PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class IndexSettings:
    """Everything that shapes the index; part of its cache key."""

    analyzer: AnalyzerSettings = field(default_factory=AnalyzerSettings)
    passage_words: int = 80
    headline_weight: int = 2
    article_weight: float = 0.5


@dataclass(frozen=True)
class Hit:
    """A passage and its score for one question."""

    passage: Passage
    score: float


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits, the question's index terms, and why nothing was found if so."""

    hits: list[Hit]
    terms: frozenset[str]
    # Why ``hits`` is empty: "no_terms" (only stop words) or "below_threshold" (nothing relevant).
    empty_reason: str | None = None


class PassageIndex:
    """Passages of a list of articles, vectorised for cosine search."""

    def __init__(
        self,
        settings: IndexSettings,
        articles: Sequence[Article],
        passages: Sequence[Passage],
        vectorizer: TfidfVectorizer,
        passage_vectors: sparse.csr_matrix,
        article_vectors: sparse.csr_matrix,
    ) -> None:
        self.settings = settings
        self.articles = list(articles)
        self.passages = list(passages)
        self.vectorizer = vectorizer
        self.passage_vectors = passage_vectors
        self.article_vectors = article_vectors
        self._passage_article = np.fromiter((p.article for p in self.passages), dtype=np.int64, count=len(self.passages))

    @property
    def analyzer(self) -> Analyzer:
        """The analyser the index was built with; questions go through the same one."""
        return self.vectorizer.analyzer

    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        settings: IndexSettings,
        progress: Progress | None = None,
        passages: Sequence[Passage] | None = None,
    ) -> PassageIndex:
        """Split, analyse and vectorise ``articles``; ``passages`` overrides the split (evaluation)."""
        if passages is None:
            passages = split_passages(articles, settings.passage_words)
        analyzer = Analyzer.fit(settings.analyzer, (a.text for a in articles))
        vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32)
        passage_texts = (articles[p.article].text[p.start : p.end] for p in passages)
        passage_vectors = vectorizer.fit_transform(_reporting(passage_texts, len(passages), "passages", progress))
        article_texts = ((a.headline + "\n") * settings.headline_weight + a.text for a in articles)
        article_vectors = vectorizer.transform(_reporting(article_texts, len(articles), "articles", progress))
        return cls(settings, articles, passages, vectorizer, passage_vectors.tocsr(), article_vectors.tocsr())

    def query_terms(self, question: str) -> frozenset[str]:
        """The question's terms that the index knows."""
        vocabulary = self.vectorizer.vocabulary_
        return frozenset(t for t in self.analyzer(question) if t in vocabulary)

    def search(
        self,
        question: str,
        k: int,
        max_per_article: int = 1,
        min_score: float = 0.0,
        allowed_articles: np.ndarray | None = None,
    ) -> SearchResult:
        """The ``k`` best passages for ``question``, at most ``max_per_article`` from one article.

        ``allowed_articles`` is an optional boolean mask over articles (e.g. a date filter).
        A question of stop words only is the explicit ``no_terms`` outcome; one whose
        terms the index does not know, or whose best score is below ``min_score``,
        is ``below_threshold``.
        """
        if not self.analyzer(question):
            return SearchResult([], frozenset(), "no_terms")
        terms = self.query_terms(question)
        if not terms:
            return SearchResult([], terms, "below_threshold")
        scores = self.score(question)
        if allowed_articles is not None:
            scores = np.where(allowed_articles[self._passage_article], scores, 0.0)
        hits = self._top(scores, k, max_per_article, min_score)
        return SearchResult(hits, terms, None if hits else "below_threshold")

    def score(self, question: str) -> np.ndarray:
        """Score of every passage for ``question`` (see the module docstring)."""
        query = self.vectorizer.transform([question])
        passage_scores = (self.passage_vectors @ query.T).toarray().ravel()
        article_scores = (self.article_vectors @ query.T).toarray().ravel()
        return passage_scores + self.settings.article_weight * article_scores[self._passage_article]

    def _top(self, scores: np.ndarray, k: int, max_per_article: int, min_score: float) -> list[Hit]:
        candidates = np.flatnonzero(scores > min_score)
        # Sorting a short list is enough unless per-article caps exhaust it.
        shortlist = min(candidates.size, 4 * k + 16)
        hits = self._collect(scores, candidates, shortlist, k, max_per_article)
        if len(hits) < k and shortlist < candidates.size:
            hits = self._collect(scores, candidates, candidates.size, k, max_per_article)
        return hits

    def _collect(
        self, scores: np.ndarray, candidates: np.ndarray, shortlist: int, k: int, max_per_article: int
    ) -> list[Hit]:
        if shortlist < candidates.size:
            candidates = candidates[np.argpartition(-scores[candidates], shortlist - 1)[:shortlist]]
        order = candidates[np.argsort(-scores[candidates], kind="stable")]
        hits: list[Hit] = []
        per_article: dict[int, int] = {}
        for position in order:
            passage = self.passages[position]
            if per_article.get(passage.article, 0) >= max_per_article:
                continue
            per_article[passage.article] = per_article.get(passage.article, 0) + 1
            hits.append(Hit(passage, float(scores[position])))
            if len(hits) == k:
                break
        return hits


def _reporting(items: Iterable[str], total: int, stage: str, progress: Progress | None) -> Iterator[str]:
    """Pass ``items`` through, calling ``progress`` every few thousand and at the end."""
    done = 0
    for done, item in enumerate(items, start=1):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(stage, done, total)
        yield item
    if progress is not None:
        progress(stage, done, total)
