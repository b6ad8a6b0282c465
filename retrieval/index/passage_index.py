"""A two-stage passage index over segments: BM25-weighted TF-IDF with article fusion, then a sentence-level rerank.

First stage (all passages, vectorised)::

    first(q, p) = tfidf(q, p) + article_weight * tfidf(q, a(p))

where ``tfidf`` is scikit-learn TF-IDF whose tf part is BM25's saturating,
length-normalised term frequency (see :mod:`retrieval.index.bm25`), and ``a(p)`` is the
whole article of passage ``p`` with its headline counted ``headline_weight`` times,
so the headline and the rest of the story vouch for a passage whose own words only
partly match. Both scores are normalised to [0, 1]. The weights are applied here, at
query time, to the raw counts of the question's few terms in each segment
(:mod:`retrieval.index.segment`), with statistics summed over the segments'
live articles (:mod:`retrieval.index.statistics`): so the index can grow by small
segments and still score exactly as if built at once.

Second stage (the ``rerank.depth`` best only): the dot product of a few features —
the first-stage scores, the passage's best sentence (coverage of the question, the
kind of word it asks for, its own word forms), the sentence just before it, its
headline terms — with the weights in :class:`~retrieval.ranking.rerank.RerankSettings`
(see :mod:`retrieval.ranking.features`); within a story, its passages are reordered
by a second set of weights. The final score is
scaled by the share of the question the index knows at all, and lies in roughly
[0, 2.6]. Only the top of the first stage is sorted (found by a sampled threshold,
exactly: :mod:`retrieval.index.top`), from the passages holding a question term (noted
as their sums are added, :mod:`retrieval.index.sums`) and the passages of the articles
scoring high enough alone (:meth:`PassageIndex._top_of_reached`); every slot's score is
spread, and the other matching passages listed and ordered a chunk at a time, only
when the top does not give enough results.

Question words the corpus does not know are searched by their parts when they are
compounds of known terms (see :mod:`retrieval.text.compounds`).

Positions: passages and articles have *slots* in segment order, dead (deleted or
replaced) ones included; the public article positions (:attr:`PassageIndex.articles`,
``allowed_articles``, :attr:`Passage.article` of a hit) count live articles only.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import overload

import numpy as np

from retrieval.index.bm25 import Bm25Settings, bm25_tf, lookup
from retrieval.index.segment import Entry, Progress, Segment, batches, build_segment
from retrieval.index.statistics import Statistics
from retrieval.index.sums import Reached, add_postings
from retrieval.index.terms import TermDictionary
from retrieval.index.token_table import ROW, TokenTable, WrittenWords, form_hashes
from retrieval.index.top import reaching_top, top_slots
from retrieval.news.article import Article, ArticleDate
from retrieval.news.passages import Passage
from retrieval.ranking.answer_clues import AnswerShape, clue_words, expected_words, read_shape
from retrieval.ranking.features import candidate_features
from retrieval.ranking.letter_grams import question_grams
from retrieval.ranking.rerank import (
    Query,
    RerankSettings,
    SentenceScores,
    new_cue_words,
    related_coverage,
    sentence_scores,
    term_matches,
)
from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.compounds import CompoundSplitter
from retrieval.text.cues import Cue, QuestionCue, question_cue
from retrieval.text.synonyms import synonym_terms

__all__ = ["Candidates", "Hit", "IndexSettings", "PassageIndex", "Progress", "SearchResult", "rank"]

# The rest of the matching passages (beyond the reranked top) is sorted this many at a time, growing.
_REST_CHUNK = 64

Runs = tuple[np.ndarray, np.ndarray, list[tuple[Segment, int, int]]]
"""Slots taken in ascending order segment by segment (see :meth:`PassageIndex._runs`)."""


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

    @property
    def cache_key(self) -> str:
        """The settings the index's files depend on, as text: all but :data:`QUERY_TIME_SETTINGS`.

        The second stage only re-scores candidates when a question is asked; a new weight
        in it must not make a million-article index be built again in a new folder (and
        leave the old one behind).
        """
        return ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.name not in QUERY_TIME_SETTINGS)


# Fields of :class:`IndexSettings` that are read only when answering, never stored.
QUERY_TIME_SETTINGS = frozenset({"rerank"})


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
    """One question's second-stage candidates with their features, and the other matching passages (slots)."""

    top: np.ndarray  # passage slots, best first by first stage
    articles: np.ndarray  # article slot of each of ``top``
    features: np.ndarray  # top × :data:`~retrieval.ranking.features.FEATURES`
    first_stage: Callable[[], np.ndarray]  # computes :attr:`scores`

    @cached_property
    def scores(self) -> np.ndarray:
        """The first-stage score of every passage slot (spread over all slots only when asked for)."""
        return self.first_stage()

    @cached_property
    def others(self) -> np.ndarray:
        """The other passages with a positive first-stage score, in no order (found only when asked for)."""
        matching = self.scores > 0
        matching[self.top] = False
        return np.flatnonzero(matching)

    @property
    def rest(self) -> np.ndarray:
        """``others`` best first (a full sort: for offline analysis; searching orders them lazily)."""
        return self.others[np.lexsort((self.others, -self.scores[self.others]))]

    def rest_in_order(self) -> Iterator[int]:
        """``others`` best first (ties by slot within a chunk), sorted only as far as they are read."""
        remaining, chunk = self.others, _REST_CHUNK
        while remaining.size:
            if remaining.size > chunk:
                split = np.argpartition(-self.scores[remaining], chunk - 1)
                head, remaining = remaining[split[:chunk]], remaining[split[chunk:]]
            else:
                head, remaining = remaining, remaining[:0]
            yield from head[np.lexsort((head, -self.scores[head]))].tolist()
            chunk *= 4


@dataclass(frozen=True)
class _Reading:
    """A question as the index reads it.

    ``content`` is what it asks about: its terms without the words that only ask
    («hvor mange»), unknown words included (they count against coverage); ``terms``
    is the part of that the index knows, searched for, and ``ids`` their ids, sorted.
    ``words`` are its normalised words: each term's id and the words are looked up
    once a question (a term's id costs a few µs).
    """

    cue: QuestionCue
    content: frozenset[str]
    terms: frozenset[str]
    ids: np.ndarray  # int64
    words: list[str]


# How many times the first stage's depth of passages with the best own parts give a bar to the others (see ``_within_reach``).
BOUND_SAMPLE = 4


class PassageIndex:
    """A searchable, immutable view of a set of segments with their tombstones (one snapshot of the index)."""

    def __init__(
        self,
        settings: IndexSettings,
        analyzer: Analyzer,
        dictionary: TermDictionary,
        parts: Sequence[tuple[Segment, np.ndarray]],
    ) -> None:
        """``parts``: each segment with its sorted dead article numbers; ``dictionary`` may keep growing afterwards."""
        self.settings = settings
        self.analyzer = analyzer
        self._dictionary = dictionary
        self.segments = [segment for segment, _ in parts]
        self._dead = [np.asarray(dead, dtype=np.int64) for _, dead in parts]
        width = max([len(dictionary), *(s.width for s in self.segments)])
        self.statistics = Statistics.sum(list(zip(self.segments, self._dead)), width)
        self._passage_base = np.cumsum([0, *(s.passages for s in self.segments)]).astype(np.int64)
        self._article_base = np.cumsum([0, *(s.articles for s in self.segments)]).astype(np.int64)
        self._passage_starts, self._article_starts = self._passage_base.tolist(), self._article_base.tolist()
        self._passage_article = np.concatenate(
            [s.p_article + np.int32(base) for s, base in zip(self.segments, self._article_base)]
            or [np.zeros(0, dtype=np.int32)]
        ).astype(np.int32, copy=False)
        self._passage_article_intp = self._passage_article.astype(np.intp)  # np.take is a third faster with intp
        alive = np.ones(int(self._article_base[-1]), dtype=bool)
        for dead, base in zip(self._dead, self._article_base):
            alive[dead + base] = False
        self._article_alive = alive
        self._live_slots = np.flatnonzero(alive)
        self._dead_passages = np.flatnonzero(~alive[self._passage_article]) if not alive.all() else None
        self._article_sizes = np.concatenate(
            [np.diff(np.asarray(s.a_passages)) for s in self.segments] or [np.zeros(0, dtype=np.int64)]
        )
        # an article's passages are the consecutive slots from its first to the next article's first
        self._article_first = np.concatenate([[0], np.cumsum(self._article_sizes)]).astype(np.int64)
        self.compounds = CompoundSplitter(_KnownStems(self))  # type: ignore[arg-type]
        # each question opening's expected answer words as terms with their ids, looked up on first use
        self._expected_terms: dict[frozenset[str], dict[str, int]] = {}
        self.articles = ArticleTable(self)
        self.passages = PassageList(self)

    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        settings: IndexSettings,
        progress: Progress | None = None,
        passages: Sequence[Passage] | None = None,
    ) -> PassageIndex:
        """Split, analyse and index ``articles`` in memory; ``passages`` overrides the split (evaluation).

        Built in segments of :data:`~retrieval.index.segment.BATCH_CHARACTERS` of text, like a growing
        index, which ranks exactly the same and never holds a large corpus's analysis at once.
        """
        spans = None
        if passages is not None:
            grouped: list[list[tuple[int, int]]] = [[] for _ in articles]
            for passage in passages:
                grouped[passage.article].append((passage.start, passage.end))
            spans = [sorted(g) for g in grouped]
        analyzer = Analyzer(settings.analyzer)
        dictionary = TermDictionary()
        entries = [Entry(str(position), "", article) for position, article in enumerate(articles)]
        parts, done = [], 0
        words = WrittenWords(analyzer, dictionary.ensure_one)  # each distinct word analysed once, not once per batch
        for number, batch in enumerate(batches(entries)):
            report = None if progress is None else (lambda stage, n, _, base=done: progress(stage, base + n, len(entries)))
            batch_spans = spans[done : done + len(batch)] if spans is not None else None
            segment = build_segment(f"built-{number}", batch, analyzer, dictionary, settings, report, batch_spans, words)
            parts.append((segment, np.zeros(0, dtype=np.int64)))
            done += len(batch)
        return cls(settings, analyzer, dictionary, parts)

    # -- terms ---------------------------------------------------------------------------------

    def term_id(self, term: str) -> int:
        """The id of a term a live passage or headline holds, else -1."""
        found = self._dictionary.get(term)
        return found if found >= 0 and self.statistics.known(found) else -1

    @property
    def term_weights(self) -> Mapping[str, float]:
        """Each known term's passage-level IDF, for weighting matches outside the index (looked up, not copied)."""
        return _TermWeights(self)

    @cached_property
    def rarest_idf(self) -> float:
        """The largest passage IDF of any known term: what a word the index does not know counts as."""
        return self.statistics.rarest_idf

    def query_terms(self, question: str) -> frozenset[str]:
        """The question's terms that the index knows, without the words that only ask.

        ``mange`` in "hvor mange" or ``heter`` in "hva heter" say what kind of answer
        is wanted (see :func:`~retrieval.text.cues.question_cue`), not what it is about.
        """
        return self._read(question).terms

    def question_cue(self, question: str) -> QuestionCue:
        """What kind of answer ``question`` wants, from the language's question words."""
        return question_cue(self.analyzer.words(question), self.analyzer.profile)

    def expected_terms(self, question: str) -> np.ndarray:
        """Sorted ids of the terms an answer to ``question`` tends to hold and the question lacks (:func:`expected_words`).

        Empty for most questions: only a few openings («hvor mye», «hvor lenge») expect words.
        """
        words = self.analyzer.words(question)
        expected = expected_words(words, clue_words(self.analyzer.profile.name))
        if not expected:
            return np.zeros(0, dtype=np.int64)
        if expected not in self._expected_terms:  # a snapshot's terms never change: look each table up once
            terms = {t for w in expected if (t := self.analyzer.term(w)) is not None}
            self._expected_terms[expected] = {t: i for t in terms if (i := self.term_id(t)) >= 0}
        asked = {self.analyzer.term(w) for w in words}
        return np.array(sorted(i for t, i in self._expected_terms[expected].items() if t not in asked), dtype=np.int64)

    def related_terms(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The terms a synonym table relates to the sorted distinct ``terms`` (ids), and the place among ``terms`` of the one each stands for.

        Sorted distinct ids, none of them one of ``terms``; a term related to two of
        ``terms`` stands for the first. The table is analysed once per analyser
        (:func:`~retrieval.text.synonyms.synonym_terms`) and its terms looked up once per
        snapshot (about 1 ms), since a snapshot's terms never change; a question then
        costs a dict lookup per term.
        """
        own = set(terms.tolist())
        found: dict[int, int] = {}
        for place, term in enumerate(terms.tolist()):
            for other in self._related_ids.get(term, ()):
                if other not in own:
                    found.setdefault(other, place)
        ids = sorted(found)
        return np.array(ids, dtype=np.int64), np.array([found[i] for i in ids], dtype=np.int64)

    @cached_property
    def _related_ids(self) -> dict[int, tuple[int, ...]]:
        """The analysed synonym table (:func:`~retrieval.text.synonyms.synonym_terms`) by id, the terms the index does not know left out."""
        table = synonym_terms(self.analyzer)
        ids = {term: self.term_id(term) for term in table}  # every term of the table is a key
        related: dict[int, tuple[int, ...]] = {}
        for term, others in table.items():
            known = tuple(sorted(i for other in others if (i := ids[other]) >= 0))
            if known and ids[term] >= 0:
                related[ids[term]] = known
        return related

    def _question_terms(self, words: list[str]) -> dict[str, int]:
        """The terms of a question's ``words`` with their ids (-1: unknown).

        A word the corpus does not know stands for its parts when it is a compound of known terms,
        else for its near-synonyms the corpus knows (:mod:`retrieval.text.synonyms`): «fortest»,
        which no article may hold, for «raskest» and «fort».
        """
        terms: dict[str, int] = {}
        for word in words:
            term = self.analyzer.term(word)
            if term is None:
                continue
            found = self.term_id(term)
            parts = () if found >= 0 else self.compounds.parts(word, self.analyzer.stem)
            if parts:
                terms.update((part, self.term_id(part)) for part in parts)
            elif found < 0 and (stand_ins := self._known_synonyms(term)):
                terms.update(stand_ins)
            else:
                terms[term] = found
        return terms

    def _known_synonyms(self, term: str) -> dict[str, int]:
        """The near-synonyms of ``term`` that the index knows, with their ids."""
        found = ((other, self.term_id(other)) for other in synonym_terms(self.analyzer).get(term, ()))
        return {other: i for other, i in found if i >= 0}

    def _read(self, question: str) -> _Reading:
        """The question analysed once for everything a search needs."""
        words = self.analyzer.words(question)
        cue = question_cue(words, self.analyzer.profile)
        ids = self._question_terms(words)
        asked = frozenset(ids)
        asking = {self.analyzer.stem(w) for w in cue.words}
        known = frozenset(t for t, i in ids.items() if i >= 0)
        terms = known - asking or known
        return _Reading(cue, asked - asking or asked, terms, np.array(sorted(ids[t] for t in terms), dtype=np.int64), words)

    # -- search --------------------------------------------------------------------------------

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

        ``allowed_articles`` is an optional boolean mask over :attr:`articles` (e.g. a date
        filter). A passage counts only when its score exceeds ``min_score`` and its article
        (headline or text) holds at least ``min_coverage`` of the question's content words,
        weighted by IDF (see :meth:`_coverage_of`). A question of stop words only is the
        explicit ``no_terms`` outcome; one whose terms the index does not know, or with no
        passage passing both bars, is ``below_threshold``.
        """
        reading = self._read(question)
        if not reading.content:  # no word but stop words
            return SearchResult([], frozenset(), Cue.NONE, "no_terms")
        if not reading.terms:
            return SearchResult([], reading.terms, reading.cue.kind, "below_threshold")
        rerank = self.settings.rerank
        slots = None
        if allowed_articles is not None:
            slots = np.zeros(self._article_alive.size, dtype=bool)
            slots[self._live_slots] = np.asarray(allowed_articles, dtype=bool)
        candidates = self._candidates(self._query(question, reading), slots, rerank.features)
        top, final = rank_top(candidates, rerank.weights, rerank.within_weights, rerank.scored_weights)
        share = self._known_share(reading)
        covers = self._coverage_test(reading.content, min_coverage)
        hits = self._collect(candidates, top, final * share, share, k, max_per_article, min_score, covers)
        return SearchResult(hits, reading.terms, reading.cue.kind, None if hits else "below_threshold")

    def _coverage_of(self, content: frozenset[str], articles: np.ndarray) -> np.ndarray:
        """The IDF share of the question's ``content`` words that each of ``articles`` (slots) holds.

        Content words are the question's terms without the words that only ask
        («hvor mange»); a word the index does not know counts as the rarest term and is
        never found. A lexical score alone cannot tell a passage that answers from one
        that shares a single common word with the question («Hva er hovedstaden i
        Australia?» against a story about Australia); requiring most of the question's
        weight in the article can.
        """
        ids = [self.term_id(t) for t in content]
        known = np.array(sorted(i for i in ids if i >= 0), dtype=np.int64)
        idf = self.statistics.passage_idf(known)
        total = float(idf.sum()) + (len(content) - known.size) * self.rarest_idf
        if total <= 0:
            return np.zeros(articles.size)
        present = self._values("a", known, articles) > 0
        return (idf[:, None] * present).sum(axis=0) / total

    def _coverage_test(self, content: frozenset[str], minimum: float) -> Callable[[int], bool]:
        """Whether an article (slot) covers enough of the question's ``content`` words, memoised per article."""
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
        """First-stage score of every passage slot for ``question`` (before the rerank and the known-share scaling)."""
        return self._spread(*self._first_stage_parts(self._query(question, self._read(question)).terms))

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
        found = math.fsum(self.statistics.passage_idf(reading.ids).tolist())
        return found / (found + unknown * self.rarest_idf)

    def _query(self, question: str, reading: _Reading) -> Query:
        terms, ids = reading.terms, reading.ids
        idf = self.statistics.passage_idf(ids).astype(np.float64) ** self.settings.rerank.idf_exponent
        total = math.fsum(idf.tolist())
        weights = idf / total if total > 0 else idf
        forms = form_hashes(w for w in reading.words if self.analyzer.term(w) in terms)
        return Query(ids, weights, reading.cue.kind, forms, question)

    def _first_stage_parts(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per passage slot its own score; per article slot ``article_weight`` times its article's score."""
        return self._scores("p", terms), self._article_part(terms)

    def _article_part(self, terms: np.ndarray) -> np.ndarray:
        """Per article slot ``article_weight`` times its article's score."""
        article = self._scores("a", terms)
        weight = self.settings.article_weight
        return article if weight == 1 else weight * article

    def _spread(self, passage: np.ndarray, article: np.ndarray) -> np.ndarray:
        """Every passage slot's first-stage score: its own part plus its article's.

        The article part is spread to the passages straight into the sum (adding in
        place), not into an array of its own: at 1M passages one pass and one 4 MB
        array less per question, with the same floats (float addition commutes).
        """
        total = np.take(article, self._passage_article_intp)  # faster than indexing
        total += passage
        return total

    def _idf(self, kind: str, terms: np.ndarray) -> np.ndarray:
        return self.statistics.passage_idf(terms) if kind == "p" else self.statistics.article_idf(terms)

    def _bm25(self, kind: str) -> tuple[Bm25Settings, float]:
        if kind == "p":
            return self.settings.passage_bm25, self.statistics.mean_passage_length
        return self.settings.article_bm25, self.statistics.mean_article_length

    def _best(self, kind: str, idf: np.ndarray) -> float:
        best = float(idf.sum()) * (self._bm25(kind)[0].k1 + 1)
        return best if best > 0 else 1.0

    def _scores(self, kind: str, terms: np.ndarray) -> np.ndarray:
        """Normalised BM25 score of every passage (``kind`` "p") or article ("a") slot for distinct term ids.

        Summed posting slice by posting slice, term by term in id order, so any
        split of the same documents into segments gives the same floats.
        """
        idf = self._idf(kind, terms)
        settings, mean = self._bm25(kind)
        bases = self._passage_base if kind == "p" else self._article_base
        scores = np.zeros(int(bases[-1]), dtype=np.float32)
        for segment, base, stop in zip(self.segments, bases[:-1].tolist(), bases[1:].tolist()):
            _, indptr, indices, counts = segment.postings(kind)
            norms = segment.norms(kind, mean, settings)
            # the segment's slots: its local numbers index this view without an offset
            add_postings(scores[base:stop], (indptr, indices, counts), segment.columns(kind, terms), idf, norms, settings)
        scores /= self._best(kind, idf)
        if self._dead_passages is not None:
            scores[self._dead_passages if kind == "p" else ~self._article_alive] = 0
        return scores

    def _values(self, kind: str, terms: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Raw counts of ``terms`` (rows) in passage (``kind`` "p"), article ("a") or headline ("h") ``slots`` (columns)."""
        bases = self._passage_base if kind == "p" else self._article_base
        values = np.zeros((terms.size, slots.size), dtype=np.float32)
        owner = np.searchsorted(bases, slots, side="right") - 1
        for number in _distinct(owner):
            columns = np.flatnonzero(owner == number)
            segment = self.segments[number]
            _, indptr, indices, counts = segment.postings(kind)
            values[:, columns] = lookup(indptr, indices, counts, segment.columns(kind, terms), slots[columns] - bases[number])
        return values

    def _headline_rows(self, articles: np.ndarray, runs: Runs | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The terms of each of ``articles``' (slots) headline, and each one's article (its position in ``articles``).

        Read from each article's row of headline terms (distinct, sorted), which hold
        the headline's indexed words as the build analysed them: no headline is read
        or analysed again at query time. ``runs``: :meth:`_runs` of ``articles``, when known.

        Each row is sliced in Python: for a few dozen rows of a few terms each, numpy's
        cost per call made gathering them by index ranges (one gather per segment) take
        twice as long (1M passages: 0.06 against ~0.03 ms a question).
        """
        words: list[np.ndarray] = []
        sizes: list[int] = []
        order, local, runs_ = self._runs(articles, self._article_base) if runs is None else runs
        for segment, start, stop in runs_:
            bounds, terms = segment.h_row_bounds, segment.h_row_terms
            mine = local[start:stop]
            firsts, lasts = bounds[mine].tolist(), bounds[mine + 1].tolist()
            words.extend(terms[first:last] for first, last in zip(firsts, lasts))
            sizes.extend(last - first for first, last in zip(firsts, lasts))
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(words).astype(np.int64), np.repeat(order, sizes)

    def _in_headlines(self, terms: np.ndarray, articles: np.ndarray) -> np.ndarray:
        """Whether each of the sorted ``terms`` (rows) is in the headline of each of ``articles`` (slots; columns).

        Read from each article's row of headline terms (:meth:`_headline_rows`), not
        searched term by term in the headline postings (:meth:`_values` with "h" gives
        the same, counted).
        """
        if not terms.size:
            return np.zeros((0, articles.size), dtype=bool)
        return _held(terms, *self._headline_rows(articles), articles.size)

    def _term_weights(self, terms: np.ndarray, passages: np.ndarray, counts: np.ndarray, runs: Runs | None = None) -> np.ndarray:
        """Normalised passage weight of each of ``terms`` (rows) in each of ``passages`` (slots) holding them ``counts`` times.

        ``runs``: :meth:`_runs` of ``passages``, when known.
        """
        idf = self._idf("p", terms)
        settings, mean = self._bm25("p")
        norms = np.zeros(passages.size, dtype=np.float32)
        order, local, runs_ = self._runs(passages, self._passage_base) if runs is None else runs
        for segment, start, stop in runs_:
            norms[order[start:stop]] = segment.norms("p", mean, settings)[local[start:stop]]
        weights = bm25_tf(counts, norms[None, :], settings) * idf[:, None]
        return weights / self._best("p", idf)

    def _candidates(self, query: Query, allowed_articles: np.ndarray | None, features: Sequence[str]) -> Candidates:
        """The ``rerank.depth`` best passages by first stage, with their ``features``, and the rest unsorted.

        The top is found from the passages the question's terms reach (:meth:`_top_of_reached`);
        every slot's score is summed only when the rest is asked for.
        """
        article = self._article_part(query.terms)
        reached = self._reached(query.terms)
        top, own = self._top_of_reached(reached, article, self.settings.rerank.depth, allowed_articles)

        def first_stage() -> np.ndarray:
            passage = np.zeros(self._passage_article.size, dtype=np.float32)
            passage[reached.slots] = reached.values
            total = self._spread(passage, article)
            if allowed_articles is None:
                return total
            return np.where(allowed_articles[self._passage_article], total, 0.0).astype(np.float32)

        facts = _Facts(self, query, top, own, article[self._passage_article[top]])
        return Candidates(top, facts.articles, candidate_features(facts, features), first_stage)

    def _reached(self, terms: np.ndarray) -> Reached:
        """The passages ``terms`` reach and their :meth:`_scores` (see :mod:`retrieval.index.sums`).

        Summed segment by segment in one array the size of the largest segment, zeroed
        again at the passages reached before the next: it stays in cache, where a fresh
        array over every slot would not. Every passage idf is positive (at least
        ``ln((n + 1) / (n + 0.5))``, see :meth:`~retrieval.index.statistics.Statistics.passage_idf`),
        as the noting of the passages reached requires.
        """
        idf = self._idf("p", terms)
        settings, mean = self._bm25("p")
        best = self._best("p", idf)
        sums = np.zeros(max((s.passages for s in self.segments), default=0), dtype=np.float32)
        pieces: list[np.ndarray] = []
        sums_read: list[np.ndarray] = []
        last = len(self.segments) - 1
        for number, (segment, base) in enumerate(zip(self.segments, self._passage_base.tolist())):
            _, indptr, indices, counts = segment.postings("p")
            norms = segment.norms("p", mean, settings)
            found: list[np.ndarray] = []
            add_postings(sums, (indptr, indices, counts), segment.columns("p", terms), idf, norms, settings, found)
            if not found:
                continue
            local = np.concatenate(found)  # a fresh array: numbered as slots in place below
            sums_read.append(sums.take(local))
            if number < last:  # zeroed for the next segment
                sums[local] = 0
            local += base
            pieces.append(local)
        if not pieces:
            return Reached(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32))
        slots, values = np.concatenate(pieces), np.concatenate(sums_read)
        values /= best  # elementwise: the same float32 quotients as dividing each segment's
        if self._dead_passages is not None:
            values[~self._article_alive[self._passage_article.take(slots)]] = 0
        return Reached(slots, values)

    def _top_of_reached(
        self, reached: Reached, article: np.ndarray, depth: int, allowed_articles: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """:func:`~retrieval.index.top.top_slots` of the first-stage sums, from the passages the terms reach.

        A passage's score is its own part plus its article's (``article``, per article
        slot). The passages holding a question term (a few percent of a large corpus)
        are summed first (with their article's part only where it can matter, see
        :meth:`_within_reach`), and their ``depth``-th best sum is a bar that every passage of
        the top reaches (with fewer such passages: the score of the best articles whose
        passages number ``depth`` between them, or else the lowest score of any). A
        passage without a question term scores its article's part alone, so only the
        passages of the articles reaching that bar are added before the top is taken:
        the same slots in the same order as from every slot's sum (the same floats,
        ties by slot; tested against it), with each one's own part. ``allowed_articles``:
        a mask over article slots (the others' passages score 0).
        """
        matched, own = reached.slots, reached.values  # every value positive ...
        if self._dead_passages is not None or allowed_articles is not None:  # ... but a dead passage's 0
            keep = own > 0
            if allowed_articles is not None:
                keep &= allowed_articles[self._passage_article[matched]]
                article = np.where(allowed_articles, article, np.float32(0))
            matched, own = matched[keep], own[keep]
        best_article = article.max(initial=0)
        if matched.size >= BOUND_SAMPLE * depth:
            within = self._within_reach(matched, own, article, best_article, depth)
            matched, own = matched.take(within), own.take(within)
        totals = np.take(article, self._passage_article_intp.take(matched))
        totals += own  # as in :meth:`_spread`: the same float32 sums
        if matched.size >= depth:
            kept = reaching_top(totals, depth)  # the depth-th best sum and all above it: a few hundred
            bar = totals.take(kept).min()
        else:
            bar = self._article_bar(article, depth)
            if bar is None:  # fewer than ``depth`` passages score at all: every one of them
                bar = min(totals.min(initial=np.inf), article[article > 0].min(initial=np.inf))
            kept = np.flatnonzero(totals >= bar)
        slots, values, own = matched.take(kept), totals.take(kept), own.take(kept)
        if best_article >= bar:  # the passages of articles whose part alone reaches the bar (rarely any)
            reaching = np.flatnonzero(article >= bar)  # (the maximum first: a fifth of this pass's time)
            rest = _ranges(self._article_first[reaching], self._article_first[reaching + 1])
            # a passage reached in an article reaching the bar reaches it too (its part is positive): it is matched
            rest = rest[~np.isin(rest, slots)]
            slots = np.concatenate([slots, rest])
            values = np.concatenate([values, article[self._passage_article_intp[rest]]])
            own = np.concatenate([own, np.zeros(rest.size, dtype=np.float32)])
        order = np.lexsort((slots, -values))[:depth]
        return slots[order], own[order]

    def _within_reach(
        self, matched: np.ndarray, own: np.ndarray, article: np.ndarray, best_article: np.float32, depth: int
    ) -> np.ndarray:
        """The positions in ``matched`` (passage slots, every ``own`` part positive) of the passages whose sum can reach the top.

        Each passage's sum needs its article, gathers over every passage reached
        (~0.25 ms for the 56k of the mean question at 1M passages); most cannot reach
        the top whatever their article. The ``depth``-th best sum of the passages with
        the best own parts is at most the top's bar, and a passage's sum at most its
        own part plus the best article part (``best_article``; float32 rounding is
        monotonic): only the passages whose own part can make up the difference are
        kept, every passage of the top among them (a superset is enough: the kept
        passages' sums are then taken exactly).
        """
        best_own = reaching_top(own, BOUND_SAMPLE * depth)
        sums = np.take(article, self._passage_article_intp.take(matched.take(best_own)))
        sums += own.take(best_own)
        bar = np.partition(sums, sums.size - depth)[sums.size - depth]
        # fl(own + best_article) >= bar needs own >= bar - best_article - spacing(bar); two spacings
        # less stays below that after rounding to float32 (own is float32: compared in its dtype)
        least = np.float32(float(bar) - float(best_article) - 2 * float(np.spacing(bar)))
        return np.flatnonzero(own >= least)

    def _article_bar(self, article: np.ndarray, depth: int) -> float | None:
        """The score of the best articles (by ``article``, per slot) that hold ``depth`` passages between them, if any do."""
        best = top_slots(article, depth)  # positive scores only; every article holds a passage or none
        held = np.cumsum(self._article_sizes[best])
        enough = int(np.searchsorted(held, depth))
        return float(article[best[enough]]) if enough < best.size else None

    def _within_article_weights(
        self,
        query: Query,
        passages: np.ndarray,
        headlines: np.ndarray | None = None,
        stories: tuple[np.ndarray, np.ndarray] | None = None,
        runs: Runs | None = None,
    ) -> np.ndarray:
        """Query-term weights for telling apart passages of the same article (terms × passages).

        A term found in every passage of a story says which story, not which passage
        (the article score has already counted it); so for the best-sentence feature
        each term's IDF share is scaled by its IDF among the article's own ``n``
        passages, ``ln((n + 1) / (df + 0.5)) / ln((n + 1) / 0.5)``, and the shares are
        renormalised per passage. Measured on the development questions: ans@1 +0.5,
        ans@3 +0.9, MRR@10 +0.6, excerpt@1 +0.5, doc@1 -0.3.

        A term of the article's headline says which story too, even when the body
        repeats it in one passage only (often the opening, which restates the headline):
        its rarity is scaled by ``rerank.headline_rarity``. ``headlines``: which terms
        (rows) each of the distinct articles of ``passages`` (columns, by slot) holds in
        its headline, when already known; ``stories``: those distinct articles and each
        passage's place among them, when already known (``np.unique`` with its inverse), and
        ``runs``, :meth:`_runs` of those articles.
        """
        articles, owner = np.unique(self._passage_article[passages], return_inverse=True) if stories is None else stories
        frequencies = self._passage_frequencies(query.terms, articles, runs)
        sizes = self._article_sizes[articles]
        rarity = np.log((sizes + 1) / (frequencies + 0.5)) / np.log((sizes + 1) / 0.5)
        headline_rarity = self.settings.rerank.headline_rarity
        if headline_rarity != 1:
            if headlines is None:
                headlines = self._in_headlines(query.terms, articles)
            rarity = np.where(headlines, rarity * headline_rarity, rarity)
        weights = query.weights[:, None] * rarity[:, owner]
        return weights / np.maximum(weights.sum(axis=0, keepdims=True), np.finfo(np.float64).tiny)

    def _passage_frequencies(self, terms: np.ndarray, articles: np.ndarray, runs: Runs | None = None) -> np.ndarray:
        """In how many of each article's passages each term occurs (terms × article slots).

        An article's passages are consecutive in its segment, so this is the number of a
        term's postings between the article's first and last passage: one search of each
        term's postings in a segment for all its articles' bounds (found for every
        segment at once, from the index's own first passage of each article). ``runs``:
        :meth:`_runs` of ``articles``, when known.

        At 1M passages the searches are most of the time (~0.1 of 0.13 ms a question,
        about 20 of them): each key's last probes miss the cache in postings thousands
        long. Writing the counts in one assignment rather than stacking each segment's
        saved ~0.02 ms. Not done: a coarse copy of the postings (every 32nd) to search
        first would touch every page of the mapped postings, making them resident.
        """
        frequencies = np.zeros((terms.size, articles.size), dtype=np.float32)
        order, _, runs_ = self._runs(articles, self._article_base) if runs is None else runs
        ascending = articles[order]
        base = self._passage_base[np.searchsorted(self._article_base, ascending, side="right") - 1]
        firsts, lasts = self._article_first[ascending] - base, self._article_first[ascending + 1] - base
        counted: list[np.ndarray] = []  # each segment's counts (its terms × its articles), written at the end at once
        cells: list[np.ndarray] = []
        for segment, start, stop in runs_:
            found = segment.columns("p", terms)
            rows = np.flatnonzero(found >= 0)
            if not rows.size:
                continue
            # searched in the postings' dtype, so the postings are not converted
            bounds = np.concatenate([firsts[start:stop], lasts[start:stop]]).astype(segment.p_indices.dtype)
            postings, indptr = segment.p_indices, segment.p_indptr
            ends = indptr[found[rows]].tolist(), indptr[found[rows] + 1].tolist()
            positions = np.concatenate([postings[first:last].searchsorted(bounds) for first, last in zip(*ends)])
            positions = positions.reshape(rows.size, 2, stop - start)
            counted.append((positions[:, 1] - positions[:, 0]).ravel())
            cells.append((rows[:, None] * articles.size + order[start:stop]).ravel())
        if counted:
            frequencies.ravel()[np.concatenate(cells)] = np.concatenate(counted)
        return frequencies

    def _runs(self, slots: np.ndarray, bases: np.ndarray) -> Runs:
        """``slots`` (of passages or articles, as ``bases`` says) taken in ascending order, segment by segment.

        Returns the order (positions in ``slots``), the slots' local numbers in that order,
        and for each segment holding some of them its run in that order (segment, start,
        stop): a segment's slots found by one search, not a mask per segment.
        """
        order = np.argsort(slots, kind="stable")
        ascending = slots[order]
        owner = np.searchsorted(bases, ascending, side="right") - 1
        numbers = _distinct(owner)
        cuts = np.searchsorted(owner, [*numbers, len(self.segments)]).tolist()
        runs = [(self.segments[number], start, stop) for number, start, stop in zip(numbers, cuts, cuts[1:])]
        return order, ascending - bases[owner], runs

    def _order_in_article(self, passages: np.ndarray) -> np.ndarray:
        """Each passage's place in its article (0 for the first)."""
        return passages - self._article_first[self._passage_article[passages]]  # an article's passages are consecutive slots

    def _words(self, passages: np.ndarray) -> np.ndarray:
        """Indexed words in each passage."""
        words = np.zeros(passages.size, dtype=np.int64)
        order, local, runs = self._runs(passages, self._passage_base)
        for segment, start, stop in runs:
            words[order[start:stop]] = segment.t_ends[local[start:stop]] - segment.t_starts[local[start:stop]]
        return words

    def _passage_bytes(self, passages: np.ndarray, runs: Runs | None = None) -> list[bytes]:
        """The UTF-8 text of each of ``passages`` (slots), read by its byte span (no article text read or decoded).

        ``runs``: :meth:`_runs` of ``passages``, when known.
        """
        texts = [b""] * passages.size
        order, local, runs = self._runs(passages, self._passage_base) if runs is None else runs
        read = [text for segment, start, stop in runs for text in segment.passage_bytes(local[start:stop])]
        for position, text in zip(order.tolist(), read):
            texts[position] = text
        return texts

    def _token_table(self, passages: np.ndarray) -> TokenTable:
        """The token rows of ``passages`` only, as a table whose passage ``i`` is ``passages[i]``.

        The rows stay in the order they were read (each segment's passages by slot), with
        each passage's range pointing into them: a table's readers gather a passage's rows
        by its range, and copying 17-byte records into candidate order cost more than all
        the reads (numpy moves packed records field by field).
        """
        # read in slot order, so a candidate and the passage before it are one read, not two
        order, local, runs = self._runs(passages, self._passage_base)
        sizes = np.zeros(passages.size, dtype=np.int64)
        blocks: list[np.ndarray] = []
        bases: list[tuple[int, int, int]] = []  # each segment's rows, and what makes its sentence ids distinct
        at = 0
        for number, (segment, start, stop) in enumerate(runs):
            firsts, lasts = segment.t_starts[local[start:stop]], segment.t_ends[local[start:stop]]
            sizes[start:stop] = lasts - firsts
            read = segment.read_token_rows(firsts, lasts)
            blocks.append(read.view(np.uint8))
            bases.append((at, at + read.size, number << 32))
            at += read.size
        rows = np.concatenate(blocks).view(ROW) if blocks else np.zeros(0, dtype=ROW)
        sentences = rows["sentence"].astype(np.int64)
        for first, stop, base in bases[1:]:
            sentences[first:stop] += base
        starts, lengths = np.empty_like(sizes), np.empty_like(sizes)
        starts[order], lengths[order] = np.cumsum(sizes) - sizes, sizes
        return TokenTable(
            np.ascontiguousarray(rows["term"]),
            np.ascontiguousarray(rows["form"]),
            sentences,
            np.ascontiguousarray(rows["cues"]),
            starts,
            starts + lengths,
        )

    def _collect(
        self,
        candidates: Candidates,
        top: np.ndarray,
        final: np.ndarray,
        share: float,
        k: int,
        max_per_article: int,
        min_score: float,
        covers: Callable[[int], bool],
    ) -> list[Hit]:
        """Hits from the reranked ``top`` (with ``final`` scores), then from the rest by first stage, until ``k``."""
        hits: list[Hit] = []
        per_article: dict[int, int] = {}

        def take(slot: int, score: float) -> bool:
            article = int(self._passage_article[slot])
            if per_article.get(article, 0) >= max_per_article or not covers(article):
                return False
            per_article[article] = per_article.get(article, 0) + 1
            hits.append(Hit(self.passages[slot], score))
            return len(hits) == k

        for slot, score in zip(top.tolist(), final.tolist()):
            if score > min_score and take(slot, score):
                return hits
        for slot in candidates.rest_in_order():
            score = float(candidates.scores[slot] * share)
            if score <= min_score:
                break  # best first: nothing further passes
            if take(slot, score):
                break
        return hits

    # -- articles ------------------------------------------------------------------------------

    # one slot at a time (hits, fields): bisected in lists of the few segments' bases,
    # a few µs less each than numpy's search with its scalar conversions

    def _locate_article(self, slot: int) -> tuple[Segment, int]:
        number = bisect_right(self._article_starts, slot) - 1
        return self.segments[number], slot - self._article_starts[number]

    def _locate_passage(self, slot: int) -> tuple[Segment, int]:
        number = bisect_right(self._passage_starts, slot) - 1
        return self.segments[number], slot - self._passage_starts[number]

    def position_of_slot(self, slot: int) -> int:
        """The public article position of a live article slot."""
        return int(slot) if self._dead_passages is None else int(np.searchsorted(self._live_slots, slot))


def rank_top(
    candidates: Candidates,
    weights: Sequence[float],
    within_weights: Sequence[float] | None = None,
    scored_weights: Sequence[float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The reranked top, best first, and its scores (float32) in that order.

    The top is ordered by ``features @ weights``; with ``within_weights`` each article's
    passages are then reordered among the ranks that article holds (each passage keeps
    its own score). The scores returned are ``features @ scored_weights`` when given
    (see :attr:`RerankSettings.unscored`), else the ordering scores.
    """
    top, features = candidates.top, candidates.features
    ordering = (features @ np.asarray(weights, dtype=np.float64)).astype(np.float32)
    order = np.argsort(-ordering, kind="stable")
    scores = ordering if scored_weights is None else (features @ np.asarray(scored_weights, dtype=np.float64)).astype(np.float32)
    ranked = top[order]
    if within_weights is not None:
        within = features[order] @ np.asarray(within_weights, dtype=np.float64)
        ranked = _reorder_within_articles(ranked, candidates.articles[order], within)
    by_slot = dict(zip(top.tolist(), scores.tolist()))
    return ranked, np.array([by_slot[s] for s in ranked.tolist()], dtype=np.float32)


def rank(
    candidates: Candidates, weights: Sequence[float], within_weights: Sequence[float] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Passage slots best first (the reranked top, then the rest by first stage) and every slot's score."""
    ranked, scores = rank_top(candidates, weights, within_weights)
    final = candidates.scores.copy()
    final[ranked] = scores
    return np.concatenate([ranked, candidates.rest]), final


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
    def _passages(self) -> np.ndarray:
        """The candidates, then the passages just before them in their article that are not candidates themselves.

        Analysed together, so the sentence before each candidate costs no second pass.
        """
        before = self._top[self.order_in_article > 0] - 1  # passages of an article are consecutive slots
        candidates = set(self._top.tolist())
        others = sorted(slot for slot in before.tolist() if slot not in candidates)  # a few dozen: sets beat np.setdiff1d
        return np.concatenate([self._top, np.array(others, dtype=self._top.dtype)])

    @cached_property
    def _table(self) -> TokenTable:
        return self._index._token_table(self._passages)

    @cached_property
    def _rarity_weights(self) -> np.ndarray:
        """The question terms' weights inside each passage's article (terms × :attr:`_passages`)."""
        index = self._index
        return index._within_article_weights(self._query, self._passages, self._headlines, self._passage_stories, self._story_runs)

    @cached_property
    def _rarity_scores(self) -> SentenceScores:
        """Sentence scores of :attr:`_passages` (rarity weights depend only on the article, shared with its candidate)."""
        return sentence_scores(self._table, None, self._query, self._rarity_weights, self._matches)

    @cached_property
    def related_coverage(self) -> np.ndarray:
        """Per sentence of :attr:`rarity_sentences`, the rarity weight of the question terms it lacks but holds a synonym of.

        The synonyms' rows are found among the rows the sentence scores read already
        (:meth:`PassageIndex.related_terms`); a question without a term in the table reads nothing.
        """
        related = self._index.related_terms(self._query.terms)
        coverage = related_coverage(self._table, self._query, related, self._rarity_weights, self._matches)
        return coverage[self._rarity_scores.owner < self._top.size]

    @cached_property
    def _matches(self) -> tuple[np.ndarray, np.ndarray]:
        """:func:`~retrieval.ranking.rerank.term_matches` of the question's terms and every row of :attr:`_table`.

        Found once for the sentence scores and the term counts.
        """
        return term_matches(self._query.terms, self._table.terms)

    @cached_property
    def rarity_sentences(self) -> SentenceScores:
        scores, count = self._rarity_scores, self._top.size
        keep = scores.owner < count
        return SentenceScores(
            scores.coverage[keep],
            scores.has_cue[keep],
            scores.owner[keep],
            scores.exact[keep],
            scores.exact_passage[:count],
            scores.plain[keep] if scores.plain is not None else None,
        )

    @cached_property
    def preceding_sentences(self) -> SentenceScores:
        scores, passages = self._rarity_scores, self._passages
        following = np.flatnonzero(self.order_in_article > 0)
        by_slot = np.argsort(passages)
        successor = np.full(passages.size, -1)
        successor[by_slot[np.searchsorted(passages[by_slot], self._top[following] - 1)]] = following
        owner = successor[scores.owner]
        keep = owner >= 0
        return SentenceScores(
            scores.coverage[keep], scores.has_cue[keep], owner[keep], scores.exact[keep], np.zeros(self._top.size)
        )

    @cached_property
    def plain_sentences(self) -> SentenceScores:
        plain = Query(self._query.terms, self._query.weights, Cue.NONE)
        return sentence_scores(self._table, np.arange(self._top.size), plain)

    @cached_property
    def term_weights(self) -> np.ndarray:
        return self._index._term_weights(self._query.terms, self._top, self._term_counts, self._top_runs)

    @cached_property
    def _term_counts(self) -> np.ndarray:
        """How often each query term (rows) occurs in each candidate, counted in the token rows read for the sentences.

        The rows are the words the passage counts were made of (see
        :func:`~retrieval.index.segment.build_segment`), so these are the counts the
        postings hold, without searching the postings again.
        """
        terms, table, count = self._query.terms, self._table, self._top.size
        if not terms.size:
            return np.zeros((0, count), dtype=np.float32)
        hit, slots = self._matches
        kept = table.owners[hit] < count  # the candidates' rows, where the table holds them
        pairs = np.bincount(slots[kept] * count + table.owners[hit][kept], minlength=terms.size * count)
        return pairs.reshape(terms.size, count).astype(np.float32)

    @cached_property
    def _stories(self) -> tuple[np.ndarray, np.ndarray]:
        """The candidates' distinct article slots, and each candidate's place among them."""
        distinct, owner = np.unique(self.articles, return_inverse=True)
        return distinct, owner

    @cached_property
    def _passage_stories(self) -> tuple[np.ndarray, np.ndarray]:
        """:attr:`_stories` for :attr:`_passages`: a passage before a candidate is in the candidate's article."""
        distinct, owner = self._stories
        others = self._passages[self._top.size :]
        if not others.size:
            return distinct, owner
        return distinct, np.concatenate([owner, np.searchsorted(distinct, self._index._passage_article[others])])

    @cached_property
    def _headline_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The headline terms of the candidates' distinct articles and each one's story: read once for all features."""
        return self._index._headline_rows(self._stories[0], self._story_runs)

    @cached_property
    def _story_runs(self) -> Runs:
        """:meth:`PassageIndex._runs` of the candidates' distinct articles: found once for the headline rows and the frequencies."""
        return self._index._runs(self._stories[0], self._index._article_base)

    @cached_property
    def _top_runs(self) -> Runs:
        """:meth:`PassageIndex._runs` of the candidates: found once for their norms and their bytes."""
        return self._index._runs(self._top, self._index._passage_base)

    @cached_property
    def _headlines(self) -> np.ndarray:
        """Which query terms (rows) each of the candidates' distinct articles (:attr:`_stories`) holds in its headline."""
        terms, count = self._query.terms, self._stories[0].size
        return _held(terms, *self._headline_rows, count) if terms.size else np.zeros((0, count), dtype=bool)

    @cached_property
    def in_headline(self) -> np.ndarray:
        return self._headlines[:, self._stories[1]]

    @cached_property
    def order_in_article(self) -> np.ndarray:
        return self._index._order_in_article(self._top)

    @property
    def article_sizes(self) -> np.ndarray:
        return self._index._article_sizes[self.articles]

    @property
    def words(self) -> np.ndarray:
        return self._index._words(self._top)

    @cached_property
    def texts(self) -> list[bytes]:
        return self._index._passage_bytes(self._top, self._top_runs)

    @cached_property
    def question_grams(self) -> np.ndarray:
        return question_grams(self._query.text)

    @cached_property
    def new_cue_words(self) -> np.ndarray:
        """Per candidate, whether it holds a wanted word its question and its headline lack (:func:`new_cue_words`).

        Headlines are read for a question wanting a name only: a number or a time in a
        headline hardly ever tells the story apart (on the development questions
        reading them for those changes no ranking). They are read from the segments'
        rows of headline terms: analysing each headline's text again cost 0.3 ms a
        question at 1M passages, the rows 0.05 ms.
        """
        empty = np.zeros(0, dtype=np.int64)
        owner = self._stories[1]
        known, known_story = self._headline_rows if self._query.cue & Cue.NAME else (empty, empty)
        return new_cue_words(self._table, np.arange(self._top.size), self._query, owner, known, known_story)

    @cached_property
    def expected_words(self) -> np.ndarray:
        """Per candidate, 1 where it holds a word an answer to the question's opening tends to hold and the question lacks.

        Read from the rows of the candidates' token table that the sentence scores read already
        (:meth:`PassageIndex.expected_terms`); a question without such an opening reads nothing.
        """
        found = np.zeros(self._top.size)
        expected = self._index.expected_terms(self._query.text)
        if expected.size:
            table = self._table
            hit, _ = term_matches(expected, table.terms)
            owners = table.owners[hit]
            found[owners[owners < self._top.size]] = 1.0
        return found

    @cached_property
    def answer_shape(self) -> AnswerShape:
        return read_shape(self._query.text, self._index.analyzer)

    @property
    def analyzer(self) -> Analyzer:
        return self._index.analyzer


def _held(terms: np.ndarray, found: np.ndarray, owned: np.ndarray, count: int) -> np.ndarray:
    """Whether each of the sorted ``terms`` (rows) is among the ``found`` terms of each of ``count`` owners (columns)."""
    held = np.zeros((terms.size, count), dtype=bool)
    hit, slots = term_matches(terms, found)
    held[slots, owned[hit]] = True
    return held


def _distinct(values: np.ndarray) -> list[int]:
    """The distinct values of a short integer array, ascending (for a few dozen, faster than ``np.unique``)."""
    return sorted(set(values.tolist()))


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenated ranges ``starts[i]:ends[i]``."""
    lengths = ends - starts
    if not lengths.size:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())


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


class _KnownStems:
    """The terms a compound's parts may be: alphabetic, in at least ``MIN_COUNT`` live passages (looked up, not listed)."""

    def __init__(self, index: PassageIndex) -> None:
        self._index = index

    def __contains__(self, term: object) -> bool:
        from retrieval.text.compounds import MIN_COUNT

        if not isinstance(term, str) or not term.isalpha():
            return False
        found = self._index._dictionary.get(term)
        stats = self._index.statistics
        return 0 <= found < stats.width and int(stats.passage_df[found]) >= MIN_COUNT


class _TermWeights(Mapping[str, float]):
    """Term → passage IDF for the known terms of an index, computed per lookup."""

    def __init__(self, index: PassageIndex) -> None:
        self._index = index

    def __getitem__(self, term: str) -> float:
        found = self._index.term_id(term)
        if found < 0:
            raise KeyError(term)
        return float(self._index.statistics.passage_idf(np.array([found]))[0])

    def __iter__(self) -> Iterator[str]:
        return (t for t in list(self._index._dictionary.all_ids()) if self._index.term_id(t) >= 0)

    def __len__(self) -> int:
        stats = self._index.statistics
        return int(np.count_nonzero(stats.passage_df + stats.headline_df))


class ArticleTable(Sequence[Article]):
    """The live articles of an index by public position, built from the segments on each access."""

    def __init__(self, index: PassageIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return int(self._index._live_slots.size)

    @overload
    def __getitem__(self, position: int) -> Article: ...
    @overload
    def __getitem__(self, position: slice) -> list[Article]: ...
    def __getitem__(self, position: int | slice) -> Article | list[Article]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        segment, local = self._locate(position)
        return segment.article(local)

    def __iter__(self) -> Iterator[Article]:
        for position in range(len(self)):
            yield self[position]

    def _locate(self, position: int) -> tuple[Segment, int]:
        size = len(self)
        if not -size <= position < size:
            raise IndexError(position)
        return self._index._locate_article(int(self._index._live_slots[position % size]))

    def field(self, position: int, name: str) -> str:
        """One string field (``id``, ``headline``, ``key``, …) of an article, without reading its text."""
        segment, local = self._locate(position)
        return segment.field(local, name)

    @cached_property
    def positions_by_id(self) -> dict[str, int]:
        """Article id → position (built on first use)."""
        return {article_id: position for position, article_id in enumerate(self.ids())}

    def ids(self) -> list[str]:
        """Every article's id, by position, without reading any text (iterating the articles decodes every text)."""
        ids: list[str] = []
        for segment, dead in zip(self._index.segments, self._index._dead):
            alive = np.ones(segment.articles, dtype=bool)
            alive[dead] = False
            ids.extend(segment.field(local, "id") for local in np.flatnonzero(alive).tolist())
        return ids

    def dates(self) -> list[ArticleDate | None]:
        """Every article's date, by position, without reading any text (for date filters and listings)."""
        dates: list[ArticleDate | None] = []
        index = self._index
        for segment, dead in zip(index.segments, index._dead):
            alive = np.ones(segment.articles, dtype=bool)
            alive[dead] = False
            dates.extend(segment.date(local) for local in np.flatnonzero(alive).tolist())
        return dates

    def date_rows(self) -> np.ndarray:
        """:meth:`dates` as one (year, month, day, precision) int32 row per position (precision 0: no date).

        Copied from the segments' date arrays without a Python step per article, for
        date filters and orderings over the whole corpus (see :mod:`retrieval.news.date_table`).
        """
        index = self._index
        rows = [np.delete(np.asarray(s.a_dates), dead, axis=0) for s, dead in zip(index.segments, index._dead)]
        return np.concatenate(rows) if rows else np.zeros((0, 4), dtype=np.int32)


class PassageList(Sequence[Passage]):
    """Every passage slot of an index as a :class:`Passage` whose ``article`` is the public position (-1 if dead)."""

    def __init__(self, index: PassageIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return int(self._index._passage_base[-1])

    @overload
    def __getitem__(self, slot: int) -> Passage: ...
    @overload
    def __getitem__(self, slot: slice) -> list[Passage]: ...
    def __getitem__(self, slot: int | slice) -> Passage | list[Passage]:
        if isinstance(slot, slice):
            return [self[i] for i in range(*slot.indices(len(self)))]
        size = len(self)
        if not -size <= slot < size:
            raise IndexError(slot)
        slot %= size
        index = self._index
        segment, local = index._locate_passage(slot)
        article = int(index._passage_article[slot])
        position = index.position_of_slot(article) if index._article_alive[article] else -1
        return Passage(position, int(segment.p_start[local]), int(segment.p_end[local]))

    def __iter__(self) -> Iterator[Passage]:
        for slot in range(len(self)):
            yield self[slot]
