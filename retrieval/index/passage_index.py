"""A two-stage passage index: scikit-learn TF-IDF with article fusion, then a sentence-level rerank.

First stage (all passages, vectorised)::

    first(q, p) = tfidf(q, p) + article_weight * tfidf(q, a(p))

where ``tfidf`` is scikit-learn TF-IDF whose tf part is BM25's saturating,
length-normalised term frequency (see :mod:`retrieval.index.bm25`), and ``a(p)`` is the
whole article of passage ``p`` with its headline counted ``headline_weight`` times,
so the headline and the rest of the story vouch for a passage whose own words only
partly match. Both scores are normalised to [0, 1].

Second stage (the ``rerank.depth`` best only): the dot product of a few features —
the first-stage scores, the passage's best sentence (coverage of the question, the
kind of word it asks for, its own word forms), its headline terms — with the weights
in :class:`~retrieval.ranking.rerank.RerankSettings` (see :mod:`retrieval.ranking.features`); within a
story, its passages are reordered by a second set of weights. The final score is
scaled by the share of the question the index knows at all, and lies in roughly
[0, 2.6].

Question words the corpus does not know are searched by their parts when they are
compounds of known terms (see :mod:`retrieval.text.compounds`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.news.article import Article
from retrieval.index.bm25 import Bm25Settings, Bm25Tfidf, lookup, sklearn_idf
from retrieval.text.compounds import CompoundSplitter
from retrieval.text.cues import Cue, QuestionCue, question_cue
from retrieval.ranking.features import candidate_features
from retrieval.news.passages import Passage, split_passages
from retrieval.ranking.rerank import Query, RerankSettings, SentenceScores, sentence_scores
from retrieval.index.token_table import TokenTable

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` during long work."""

_PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class IndexSettings:
    """Everything that shapes the index; part of its cache key."""

    analyzer: AnalyzerSettings = field(default_factory=AnalyzerSettings)
    passage_words: int = 80
    headline_weight: int = 2
    article_weight: float = 1.0
    passage_bm25: Bm25Settings = field(default_factory=Bm25Settings)
    article_bm25: Bm25Settings = field(default_factory=Bm25Settings)
    rerank: RerankSettings = field(default_factory=RerankSettings)


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
    cue: Cue = Cue.NONE  # the kind of answer the question asks for
    # Why ``hits`` is empty: "no_terms" (only stop words) or "below_threshold" (nothing relevant).
    empty_reason: str | None = None


@dataclass(frozen=True)
class Candidates:
    """One question's second-stage candidates with their features, and the other matching passages."""

    top: np.ndarray  # passage positions, best first by first stage
    articles: np.ndarray  # article position of each of ``top``
    features: np.ndarray  # top × :data:`~retrieval.ranking.features.FEATURES`
    rest: np.ndarray  # the other passages with a positive first-stage score, best first
    scores: np.ndarray  # first-stage score of every passage


@dataclass(frozen=True)
class _Reading:
    """A question as the index reads it.

    ``content`` is what it asks about: its terms without the words that only ask
    («hvor mange»), unknown words included (they count against coverage); ``terms``
    is the part of that the index knows, searched for.
    """

    cue: QuestionCue
    content: frozenset[str]
    terms: frozenset[str]


class PassageIndex:
    """Passages of a list of articles with their TF-IDF (BM25 tf) weights and word table."""

    def __init__(
        self,
        settings: IndexSettings,
        articles: Sequence[Article],
        passages: Sequence[Passage],
        vectorizer: TfidfVectorizer,
        passage_weights: Bm25Tfidf,
        article_weights: Bm25Tfidf,
        tokens: TokenTable,
        headlines: sparse.csc_matrix,
        compounds: CompoundSplitter,
    ) -> None:
        self.settings = settings
        self.compounds = compounds
        self.articles = list(articles)
        self.passages = list(passages)
        self.vectorizer = vectorizer
        self.passage_weights = passage_weights
        self.article_weights = article_weights
        self.tokens = tokens
        self.headlines = headlines
        self._passage_article = np.fromiter((p.article for p in self.passages), dtype=np.int64, count=len(self.passages))
        self._article_sizes = np.bincount(self._passage_article, minlength=len(self.articles))
        self._order_in_article = _order_in_article(self._passage_article, np.array([p.start for p in self.passages]))
        self._passage_frequencies = _passage_frequencies(passage_weights.matrix, self._passage_article, len(self.articles))

    @property
    def analyzer(self) -> Analyzer:
        """The analyser the index was built with; questions go through the same one."""
        return self.vectorizer.analyzer

    @property
    def term_weights(self) -> dict[str, float]:
        """Each index term's passage-level IDF, for weighting matches outside the index."""
        idf = self.passage_weights.idf
        return {term: float(idf[i]) for term, i in self.vectorizer.vocabulary_.items()}

    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        settings: IndexSettings,
        progress: Progress | None = None,
        passages: Sequence[Passage] | None = None,
    ) -> PassageIndex:
        """Split, analyse and index ``articles``; ``passages`` overrides the split (evaluation)."""
        if passages is None:
            passages = split_passages(articles, settings.passage_words)
        analyzer = Analyzer(settings.analyzer)
        passage_texts = (articles[p.article].text[p.start : p.end] for p in passages)
        passage_terms = [analyzer(t) for t in _reporting(passage_texts, len(passages), "passages", progress)]
        # Fitted on the analysed terms, then given the analyser, so ``vectorizer`` keeps
        # working on raw text for callers without analysing the passages twice.
        # Headlines join the vocabulary: where the headline is not part of the text (seed
        # files, feeds), its words would otherwise be unknown and could not be searched.
        headline_terms = [analyzer(a.headline) for a in articles]
        vectorizer = TfidfVectorizer(analyzer=_given_terms, norm=None, smooth_idf=False, dtype=np.float32)
        vectorizer.fit([*passage_terms, *headline_terms])
        counter = CountVectorizer(analyzer=_given_terms, vocabulary=vectorizer.vocabulary_, dtype=np.float32)
        vectorizer.set_params(analyzer=analyzer)
        article_texts = ((a.headline + "\n") * settings.headline_weight + a.text for a in articles)
        article_terms = [analyzer(t) for t in _reporting(article_texts, len(articles), "articles", progress)]
        article_counts = counter.transform(article_terms)
        passage_counts = counter.transform(passage_terms)
        passages_with = np.diff(passage_counts.tocsc().indptr)
        return cls(
            settings,
            articles,
            passages,
            vectorizer,
            Bm25Tfidf(passage_counts, vectorizer.idf_, settings.passage_bm25),
            Bm25Tfidf(article_counts, sklearn_idf(article_counts), settings.article_bm25),
            TokenTable.build(articles, passages, analyzer, vectorizer.vocabulary_),
            counter.transform(headline_terms).tocsc(),
            CompoundSplitter.from_terms({t: int(passages_with[i]) for t, i in vectorizer.vocabulary_.items()}),
        )

    def query_terms(self, question: str) -> frozenset[str]:
        """The question's terms that the index knows, without the words that only ask.

        ``mange`` in "hvor mange" or ``heter`` in "hva heter" say what kind of answer
        is wanted (see :func:`~retrieval.text.cues.question_cue`), not what it is about.
        """
        return self._read(question).terms

    def question_cue(self, question: str) -> QuestionCue:
        """What kind of answer ``question`` wants, from the language's question words."""
        return question_cue(self.analyzer.words(question), self.analyzer.profile)

    def _question_terms(self, question: str) -> frozenset[str]:
        """The question's terms; a word the corpus does not know stands for its parts when it is a compound of known terms."""
        vocabulary = self.vectorizer.vocabulary_
        terms: set[str] = set()
        for word in self.analyzer.words(question):
            term = self.analyzer.term(word)
            if term is None:
                continue
            parts = () if term in vocabulary else self.compounds.parts(word, self.analyzer.stem)
            terms.update(parts or (term,))
        return frozenset(terms)

    def _read(self, question: str) -> _Reading:
        """The question analysed once for everything a search needs."""
        cue = self.question_cue(question)
        asked = self._question_terms(question)
        asking = {self.analyzer.stem(w) for w in cue.words}
        known = frozenset(t for t in asked if t in self.vectorizer.vocabulary_)
        return _Reading(cue, asked - asking or asked, known - asking or known)

    def search(
        self,
        question: str,
        k: int,
        max_per_article: int = 1,
        min_score: float = 0.0,
        allowed_articles: np.ndarray | None = None,
        min_coverage: float = 0.0,
    ) -> SearchResult:
        """The ``k`` best passages for ``question``, at most ``max_per_article`` from one article.

        ``allowed_articles`` is an optional boolean mask over articles (e.g. a date filter).
        A passage counts only when its score exceeds ``min_score`` and its article (headline
        or text) holds at least ``min_coverage`` of the question's content words, weighted
        by IDF (see :meth:`_coverage_of`). A question of stop words only is the explicit
        ``no_terms`` outcome; one whose terms the index does not know, or with no passage
        passing both bars, is ``below_threshold``.
        """
        if not self.analyzer(question):
            return SearchResult([], frozenset(), Cue.NONE, "no_terms")
        reading = self._read(question)
        if not reading.terms:
            return SearchResult([], reading.terms, reading.cue.kind, "below_threshold")
        rerank = self.settings.rerank
        candidates = self._candidates(self._query(question, reading), allowed_articles, rerank.features)
        order, final = rank(candidates, rerank.weights, rerank.within_weights)
        covers = self._coverage_test(reading.content, min_coverage)
        hits = self._collect(order, final * self._known_share(reading), k, max_per_article, min_score, covers)
        return SearchResult(hits, reading.terms, reading.cue.kind, None if hits else "below_threshold")

    def _coverage_of(self, content: frozenset[str], articles: np.ndarray) -> np.ndarray:
        """The IDF share of the question's ``content`` words that each of ``articles`` holds.

        Content words are the question's terms without the words that only ask
        («hvor mange»); a word the index does not know counts as the rarest term and is
        never found. A lexical score alone cannot tell a passage that answers from one
        that shares a single common word with the question («Hva er hovedstaden i
        Australia?» against a story about Australia); requiring most of the question's
        weight in the article can.
        """
        vocabulary = self.vectorizer.vocabulary_
        idf = self.passage_weights.idf
        known = np.array(sorted(vocabulary[t] for t in content if t in vocabulary), dtype=np.int32)
        total = float(idf[known].sum()) + (len(content) - known.size) * float(idf.max())
        if total <= 0:
            return np.zeros(articles.size)
        m = self.article_weights.matrix
        present = lookup(m.indptr, m.indices, m.data, known, articles) > 0
        return (idf[known, None] * present).sum(axis=0) / total

    def _coverage_test(self, content: frozenset[str], minimum: float) -> Callable[[int], bool]:
        """Whether an article covers enough of the question's ``content`` words, memoised per article."""
        if minimum <= 0:
            return lambda article: True
        seen: dict[int, bool] = {}

        def covers(article: int) -> bool:
            if article not in seen:
                seen[article] = bool(self._coverage_of(content, np.array([article]))[0] >= minimum)
            return seen[article]

        return covers

    def candidates(self, question: str, features: Sequence[str]) -> Candidates | None:
        """The second stage's candidates for ``question`` with the named features (``None`` without terms).

        For fitting and judging feature weights offline (``benchmarks/fit_rerank.py``):
        :func:`rank` turns them into the ranking :meth:`search` would return.
        """
        reading = self._read(question)
        return self._candidates(self._query(question, reading), None, features) if reading.terms else None

    def score(self, question: str) -> np.ndarray:
        """First-stage score of every passage for ``question`` (before the rerank and before scaling by the known share of the question)."""
        return self._first_stage(self._query(question, self._read(question)).terms)

    def _known_share(self, reading: _Reading) -> float:
        """The IDF share of the question's terms that the index knows at all.

        Scores are normalised by the best a passage could reach on the known terms; a
        question about "Peer Gynt" in a corpus without him would otherwise score as
        high as a real match on its one common word. Unknown terms count as the
        rarest possible term. Scaling every passage alike leaves the ranking as it is
        and makes ``min_score`` mean "how much of the question was found".
        """
        unknown = len(reading.content - reading.terms)
        if not unknown:
            return 1.0
        vocabulary = self.vectorizer.vocabulary_
        idf = self.passage_weights.idf
        found = float(sum(idf[vocabulary[t]] for t in reading.terms))
        return found / (found + unknown * float(idf.max()))

    def _query(self, question: str, reading: _Reading) -> Query:
        vocabulary = self.vectorizer.vocabulary_
        terms = reading.terms
        ids = np.array(sorted(vocabulary[t] for t in terms), dtype=np.int32)
        idf = self.passage_weights.idf[ids].astype(np.float64) ** self.settings.rerank.idf_exponent
        weights = idf / idf.sum() if idf.sum() > 0 else idf
        forms = self.tokens.known_forms(w for w in self.analyzer.words(question) if self.analyzer.term(w) in terms)
        return Query(ids, weights, reading.cue.kind, forms)

    def _first_stage(self, terms: np.ndarray) -> np.ndarray:
        return sum(self._first_stage_parts(terms))

    def _first_stage_parts(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per passage: its own score and ``article_weight`` times its article's score."""
        article_scores = self.article_weights.scores(terms)
        return self.passage_weights.scores(terms), self.settings.article_weight * article_scores[self._passage_article]

    def _candidates(self, query: Query, allowed_articles: np.ndarray | None, features: Sequence[str]) -> Candidates:
        """The ``rerank.depth`` best passages by first stage, with their ``features``, and the rest."""
        passage_scores, article_scores = self._first_stage_parts(query.terms)
        scores = passage_scores + article_scores
        if allowed_articles is not None:
            scores = np.where(allowed_articles[self._passage_article], scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        depth = min(self.settings.rerank.depth, candidates.size)
        if depth < candidates.size:
            split = np.argpartition(-scores[candidates], depth - 1)
            top, rest = candidates[split[:depth]], candidates[split[depth:]]
        else:
            top, rest = candidates, candidates[:0]
        top = top[np.argsort(-scores[top], kind="stable")]
        rest = rest[np.argsort(-scores[rest], kind="stable")]
        facts = _Facts(self, query, top, passage_scores[top], article_scores[top])
        return Candidates(top, facts.articles, candidate_features(facts, features), rest, scores)

    def _within_article_weights(self, query: Query, passages: np.ndarray) -> np.ndarray:
        """Query-term weights for telling apart passages of the same article (terms × passages).

        A term found in every passage of a story says which story, not which passage
        (the article score has already counted it); so for the best-sentence feature
        each term's IDF share is scaled by its IDF among the article's own ``n``
        passages, ``ln((n + 1) / (df + 0.5)) / ln((n + 1) / 0.5)``, and the shares are
        renormalised per passage. Measured on the development questions: ans@1 +0.5,
        ans@3 +0.9, MRR@10 +0.6, excerpt@1 +0.5, doc@1 -0.3.
        """
        articles, owner = np.unique(self._passage_article[passages], return_inverse=True)
        f = self._passage_frequencies
        frequencies = lookup(f.indptr, f.indices, f.data, query.terms, articles)
        sizes = self._article_sizes[articles]
        rarity = np.log((sizes + 1) / (frequencies + 0.5)) / np.log((sizes + 1) / 0.5)
        weights = query.weights[:, None] * rarity[:, owner]
        return weights / np.maximum(weights.sum(axis=0, keepdims=True), np.finfo(np.float64).tiny)

    def _collect(
        self,
        order: np.ndarray,
        final: np.ndarray,
        k: int,
        max_per_article: int,
        min_score: float,
        covers: Callable[[int], bool],
    ) -> list[Hit]:
        hits: list[Hit] = []
        per_article: dict[int, int] = {}
        for position in order:
            score = float(final[position])
            if score <= min_score:
                continue
            passage = self.passages[position]
            if per_article.get(passage.article, 0) >= max_per_article or not covers(passage.article):
                continue
            per_article[passage.article] = per_article.get(passage.article, 0) + 1
            hits.append(Hit(passage, score))
            if len(hits) == k:
                break
        return hits


def rank(
    candidates: Candidates, weights: Sequence[float], within_weights: Sequence[float] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Passages best first (the reranked top, then the rest by first stage) and every passage's score.

    The top is ordered by ``features @ weights``; with ``within_weights`` each article's
    passages are then reordered among the ranks that article holds.
    """
    top, features = candidates.top, candidates.features
    final = candidates.scores.copy()
    final[top] = features @ np.asarray(weights, dtype=np.float64)
    order = np.argsort(-final[top], kind="stable")
    top = top[order]
    if within_weights is not None:
        within = features[order] @ np.asarray(within_weights, dtype=np.float64)
        top = _reorder_within_articles(top, candidates.articles[order], within)
    return np.concatenate([top, candidates.rest]), final


class _Facts:
    """:class:`~retrieval.ranking.features.CandidateFacts` of one question's candidates, each computed on first use."""

    def __init__(self, index: PassageIndex, query: Query, top: np.ndarray, passage: np.ndarray, article: np.ndarray) -> None:
        self._index = index
        self._query = query
        self._top = top
        self.passage = passage
        self.article = article
        self.articles = index._passage_article[top]
        self.query_weights = query.weights
        self.cue_weight = index.settings.rerank.cue_weight

    @cached_property
    def rarity_sentences(self) -> SentenceScores:
        weights = self._index._within_article_weights(self._query, self._top)
        return sentence_scores(self._index.tokens, self._top, self._query, weights)

    @cached_property
    def plain_sentences(self) -> SentenceScores:
        plain = Query(self._query.terms, self._query.weights, Cue.NONE)
        return sentence_scores(self._index.tokens, self._top, plain)

    @cached_property
    def term_weights(self) -> np.ndarray:
        return self._index.passage_weights.weights(self._query.terms, self._top)

    @cached_property
    def in_headline(self) -> np.ndarray:
        h = self._index.headlines
        return lookup(h.indptr, h.indices, h.data, self._query.terms, self.articles) > 0

    @property
    def order_in_article(self) -> np.ndarray:
        return self._index._order_in_article[self._top]

    @property
    def article_sizes(self) -> np.ndarray:
        return self._index._article_sizes[self.articles]

    @property
    def words(self) -> np.ndarray:
        tokens = self._index.tokens
        return tokens.ends[self._top] - tokens.starts[self._top]


def _reorder_within_articles(ranked: np.ndarray, articles: np.ndarray, within: np.ndarray) -> np.ndarray:
    """Permute each article's passages among the ranks that article holds, best ``within`` first.

    Articles keep their places (so which stories are found does not change); only the
    choice of passage inside a story follows the within-article score.
    """
    slots = np.argsort(articles, kind="stable")  # each article's ranks, in rank order
    best_first = np.lexsort((-within, articles))  # each article's passages, best first
    reordered = ranked.copy()
    reordered[slots] = ranked[best_first]
    return reordered


def _passage_frequencies(weights: sparse.csc_matrix, passage_article: np.ndarray, articles: int) -> sparse.csc_matrix:
    """Articles × terms: in how many of the article's passages each term occurs."""
    membership = sparse.csr_matrix(
        (np.ones(passage_article.size, dtype=np.float32), (passage_article, np.arange(passage_article.size))),
        shape=(articles, passage_article.size),
    )
    present = weights.tocsr().astype(bool).astype(np.float32)
    frequencies = sparse.csc_matrix(membership @ present)
    frequencies.sort_indices()
    return frequencies


def _order_in_article(passage_article: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each passage's place in its article by text offset (0 for the first)."""
    order = np.lexsort((starts, passage_article))
    grouped = passage_article[order]
    first = np.r_[True, grouped[1:] != grouped[:-1]] if grouped.size else np.zeros(0, dtype=bool)
    group_start = np.maximum.accumulate(np.where(first, np.arange(grouped.size), 0)) if grouped.size else grouped
    places = np.empty(passage_article.size, dtype=np.int64)
    places[order] = np.arange(grouped.size) - group_start
    return places


def _given_terms(terms: list[str]) -> list[str]:
    """Identity "analyser" for fitting the vectorizer on already analysed passages."""
    return terms


def _reporting(items: Iterable[str], total: int, stage: str, progress: Progress | None) -> Iterator[str]:
    """Pass ``items`` through, calling ``progress`` every few thousand and at the end."""
    done = 0
    for done, item in enumerate(items, start=1):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(stage, done, total)
        yield item
    if progress is not None:
        progress(stage, done, total)
