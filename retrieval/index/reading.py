"""Reading a batch of articles into words and passages, in one process or split over two.

Reading (splitting into passages and sentences, finding words, analysing each new
written word) is four fifths of an index build, all of it Python, so a large batch
is read in two halves at once: the second by a helper process with its own table of
written words and its own term dictionary, the first here. The helper's results are
then taken in as if this process had read on: its terms get their ids in its reading
order (its dictionary lists them in the order of their first sight, which is the order
in which this process would have met them, the first half's terms being known by
then), its words join this process's table, and its passages follow the first
half's. The segment is the same to the byte as one read in a single process (tested).

The helper process is spawned, not forked (the index's merge thread may hold locks a
fork would copy), and lives for one synchronisation (see
:meth:`~retrieval.index.growing.GrowingIndex.sharing_words`).
"""

from __future__ import annotations

import logging
import os
from array import array
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field

import numpy as np

from retrieval.index.terms import TermDictionary
from retrieval.index.token_table import PassageWords, WrittenWords
from retrieval.news.article import Article
from retrieval.news.passages import split_article
from retrieval.text.analysis import Analyzer, AnalyzerSettings

log = logging.getLogger(__name__)

# A batch with less text than this is read in one process: starting the helper (a new interpreter
# importing numpy and the index) takes about a second, more than reading a feed round of a
# thousand articles (~3M characters) here; a first build's batches are ~10M characters.
TWO_PROCESS_CHARACTERS = 5_000_000


@dataclass
class ArticleRows:
    """Per article: its headline's term ids and its passages' range; per passage: its article and span."""

    headlines: list[list[int]] = field(default_factory=list)
    article: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    passages: list[int] = field(default_factory=lambda: [0])


def read_articles(
    articles: Iterable[Article],
    words: WrittenWords,
    recorder: PassageWords,
    passage_words: int,
    spans: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> ArticleRows:
    """Record the headline terms and the passages of ``articles`` (``spans`` overrides each one's passage split)."""
    rows = ArticleRows()
    for local, article in enumerate(articles):
        rows.headlines.append(words.term_ids(article.headline))
        for start, end in spans[local] if spans is not None else split_article(article.text, passage_words):
            recorder.add(article.text, start, end)
            rows.article.append(local)
            rows.start.append(start)
            rows.end.append(end)
        rows.passages.append(len(rows.start))
    return rows


@dataclass
class HalfReading:
    """What the helper process read, in its own numbering of words and terms."""

    terms: list[str]  # its term dictionary, by id: the order of first sight
    words: list[str]  # its written words, by number
    word_terms: array  # each word's term id in ``terms`` (-1: left out)
    forms: array
    cues: array
    initial_cues: array
    numbers: array  # the PassageWords record: word numbers, sentence sizes, passage, sentence in passage
    sizes: array
    passage: array
    local: array
    passage_count: int
    rows: ArticleRows


def read_half(analyzer: AnalyzerSettings, passage_words: int, articles: list[Article]) -> HalfReading:
    """In the helper process: read ``articles`` with a fresh word table and term dictionary."""
    dictionary = TermDictionary()
    words = WrittenWords(Analyzer(analyzer), dictionary.ensure_one)
    recorder = PassageWords(words)
    rows = read_articles(articles, words, recorder, passage_words)
    return HalfReading(
        list(dictionary.ids), list(words), words.terms, words.forms, words.cues, words.initial_cues,
        recorder._numbers, recorder._sizes, recorder._passage, recorder._local, recorder.passages, rows,
    )  # fmt: skip


def read_in_two(
    articles: Sequence[Article],
    words: WrittenWords,
    recorder: PassageWords,
    passage_words: int,
    dictionary: TermDictionary,
    helper: Executor,
) -> ArticleRows:
    """:func:`read_articles` with the second half of a large batch read by ``helper`` meanwhile."""
    total = sum(len(a.text) for a in articles)
    if total < TWO_PROCESS_CHARACTERS or len(articles) < 2:
        return read_articles(articles, words, recorder, passage_words)
    running, cut = 0, len(articles) - 1
    for position, article in enumerate(articles):
        running += len(article.text)
        if running >= total // 2:
            cut = max(1, position)
            break
    try:
        second = helper.submit(read_half, words.analyzer.settings, passage_words, list(articles[cut:]))
    except RuntimeError as error:  # the pool is broken or shut down: read everything here
        log.warning("index build: helper process unavailable (%s); reading in one process", error)
        return read_articles(articles, words, recorder, passage_words)
    rows = read_articles(articles[:cut], words, recorder, passage_words)
    try:
        half = second.result()
    except Exception as error:  # noqa: BLE001 - whatever went wrong over there, the second half is read here
        log.warning("index build: helper process failed (%s); reading its half in this one", error)
        more = read_articles(articles[cut:], words, recorder, passage_words)
        return _joined(rows, more, cut)
    # the helper's terms get their ids now, in its reading order (ids of terms already known do not change)
    term_ids = np.array([dictionary.ensure_one(term) for term in half.terms] + [-1], dtype=np.int64)
    numbers = np.array(
        [
            words.adopt(word, int(term_ids[term]), form, cue, initial)
            for word, term, form, cue, initial in zip(half.words, half.word_terms, half.forms, half.cues, half.initial_cues)
        ],
        dtype=np.int64,
    )
    recorder.absorb(numbers[np.asarray(half.numbers, dtype=np.int64)].tolist(), half.sizes, half.passage, half.local, half.passage_count)
    half.rows.headlines = [term_ids[ids].tolist() for ids in half.rows.headlines]
    return _joined(rows, half.rows, cut)


def _joined(rows: ArticleRows, more: ArticleRows, articles: int) -> ArticleRows:
    """``rows`` of ``articles`` articles followed by ``more`` (renumbered to follow them)."""
    passages = len(rows.start)
    rows.headlines += more.headlines
    rows.article += [a + articles for a in more.article]
    rows.start += more.start
    rows.end += more.end
    rows.passages += [p + passages for p in more.passages[1:]]
    return rows


def helper_pool() -> Executor | None:
    """A one-process pool for :func:`read_in_two`, or ``None`` on a single CPU."""
    if (os.cpu_count() or 1) < 2:
        return None
    import multiprocessing  # here: answering a question never needs it
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
