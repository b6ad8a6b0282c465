"""Reading a batch of articles into words and passages, in one process or split over two.

Reading (splitting into passages and sentences, finding words, analysing each new
written word) is four fifths of an index build, all of it Python, so a large batch
is read in two halves at once: the second by a helper process, the first here. The
helper keeps its own table of written words and its own term dictionary for the
whole synchronisation (:class:`HelperReader`), so, like this process, it analyses
each distinct word once per build rather than once per batch, and it sends back only
the words and terms it met for the first time. Its results are taken in as if this
process had read on: its new terms get their ids in its reading order (its
dictionary lists them in the order of their first sight, which is the order in which
this process would have met them: every term it saw in an earlier batch was taken
in then), its new words join this process's table, and its passages follow the
first half's. The segment is the same to the byte as one read in a single process
(tested).

The helper process is spawned, not forked (the index's merge thread may hold locks a
fork would copy), and lives for one synchronisation (see
:meth:`~retrieval.index.growing.GrowingIndex.sharing_words`).
"""

from __future__ import annotations

import logging
import os
import uuid
from array import array
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from itertools import islice

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
    """What the helper process read, in its own numbering of words and terms.

    Only the words and terms it had not sent before are listed: ``terms`` and
    ``words`` continue its earlier lists.
    """

    terms: list[str]  # its new terms, in the order of their ids (the order of first sight)
    words: list[str]  # its new written words, in the order of their numbers
    word_terms: array  # each new word's term id in its numbering (-1: left out)
    forms: array
    cues: array
    initial_cues: array
    numbers: array  # the PassageWords record: word numbers, sentence sizes, passage, sentence in passage
    sizes: array
    passage: array
    local: array
    passage_count: int
    rows: ArticleRows


@dataclass
class _HelperTable:
    """In the helper process: its word table and term dictionary, kept from batch to batch of one session."""

    session: str
    dictionary: TermDictionary
    words: WrittenWords


_TABLE: _HelperTable | None = None  # only ever set in a helper process


def read_half(
    session: str, analyzer: AnalyzerSettings, passage_words: int, articles: list[Article], known_words: int, known_terms: int
) -> HalfReading:
    """In the helper process: read ``articles`` with the session's word table and term dictionary.

    ``known_words`` and ``known_terms``: how many of its words and terms the other
    process has taken in so far. A table out of step with them (a task that failed
    half-way) is an error: the other process then reads the half itself and starts
    a new session.
    """
    global _TABLE
    if _TABLE is None or _TABLE.session != session:
        dictionary = TermDictionary()
        _TABLE = _HelperTable(session, dictionary, WrittenWords(Analyzer(analyzer), dictionary.ensure_one))
    table = _TABLE
    words, dictionary = table.words, table.dictionary
    if (len(words), len(dictionary)) != (known_words, known_terms):
        raise RuntimeError(f"helper word table out of step ({len(words)} words here, {known_words} taken in)")
    recorder = PassageWords(words)
    rows = read_articles(articles, words, recorder, passage_words)
    return HalfReading(
        list(islice(dictionary.ids, known_terms, None)), list(islice(words, known_words, None)),
        words.terms[known_words:], words.forms[known_words:], words.cues[known_words:], words.initial_cues[known_words:],
        recorder._numbers, recorder._sizes, recorder._passage, recorder._local, recorder.passages, rows,
    )  # fmt: skip


class HelperReader:
    """A helper process reading second halves, and how its numbering of words and terms maps to this process's.

    Made for one synchronisation (one table of written words here); :meth:`shutdown` ends the process.
    """

    def __init__(self, pool: Executor) -> None:
        self.pool = pool
        self._restart()

    def _restart(self) -> None:
        """Forget the helper's numbering; its next task starts a fresh table."""
        self.session = uuid.uuid4().hex
        self.word_numbers = array("q")  # helper word number → word number here
        self.term_ids = array("q")  # helper term id → term id here

    def shutdown(self) -> None:
        self.pool.shutdown()

    def read(
        self,
        articles: Sequence[Article],
        words: WrittenWords,
        recorder: PassageWords,
        passage_words: int,
        dictionary: TermDictionary,
    ) -> ArticleRows:
        """:func:`read_articles` with the second half of ``articles`` read by the helper meanwhile."""
        total = sum(len(a.text) for a in articles)
        running, cut = 0, len(articles) - 1
        for position, article in enumerate(articles):
            running += len(article.text)
            if running >= total // 2:
                cut = max(1, position)
                break
        try:
            second = self.pool.submit(
                read_half, self.session, words.analyzer.settings, passage_words, list(articles[cut:]),
                len(self.word_numbers), len(self.term_ids),
            )  # fmt: skip
        except RuntimeError as error:  # the pool is broken or shut down: read everything here
            log.warning("index build: helper process unavailable (%s); reading in one process", error)
            return read_articles(articles, words, recorder, passage_words)
        rows = read_articles(articles[:cut], words, recorder, passage_words)
        try:
            half = second.result()
        except Exception as error:  # noqa: BLE001 - whatever went wrong over there, the second half is read here
            log.warning("index build: helper process failed (%s); reading its half in this one", error)
            self._restart()
            more = read_articles(articles[cut:], words, recorder, passage_words)
            return _joined(rows, more, cut)
        self._take_in(half, words, recorder, dictionary)
        return _joined(rows, half.rows, cut)

    def _take_in(self, half: HalfReading, words: WrittenWords, recorder: PassageWords, dictionary: TermDictionary) -> None:
        """Give the helper's new terms their ids here, in its reading order, adopt its new words, record its passages."""
        self.term_ids.extend(dictionary.ensure_one(term) for term in half.terms)  # known terms keep their ids
        term_ids = np.append(np.frombuffer(self.term_ids, dtype=np.int64), -1)  # [-1]: a word left out
        mapped = term_ids[np.frombuffer(half.word_terms, dtype=np.int64)].tolist()
        adopt = words.adopt
        self.word_numbers.extend(
            adopt(word, term, form, cue, initial)
            for word, term, form, cue, initial in zip(half.words, mapped, half.forms, half.cues, half.initial_cues)
        )
        numbers = np.frombuffer(self.word_numbers, dtype=np.int64)[np.frombuffer(half.numbers, dtype=np.int64)]
        recorder.absorb(numbers, half.sizes, half.passage, half.local, half.passage_count)
        half.rows.headlines = [term_ids[ids].tolist() for ids in half.rows.headlines]


def read_in_two(
    articles: Sequence[Article],
    words: WrittenWords,
    recorder: PassageWords,
    passage_words: int,
    dictionary: TermDictionary,
    helper: HelperReader,
) -> ArticleRows:
    """:func:`read_articles`, with the second half of a large batch read by ``helper`` meanwhile."""
    if sum(len(a.text) for a in articles) < TWO_PROCESS_CHARACTERS or len(articles) < 2:
        return read_articles(articles, words, recorder, passage_words)
    return helper.read(articles, words, recorder, passage_words, dictionary)


def _joined(rows: ArticleRows, more: ArticleRows, articles: int) -> ArticleRows:
    """``rows`` of ``articles`` articles followed by ``more`` (renumbered to follow them)."""
    passages = len(rows.start)
    rows.headlines += more.headlines
    rows.article += [a + articles for a in more.article]
    rows.start += more.start
    rows.end += more.end
    rows.passages += [p + passages for p in more.passages[1:]]
    return rows


def helper_pool() -> HelperReader | None:
    """A helper process for :func:`read_in_two`, or ``None`` on a single CPU."""
    if (os.cpu_count() or 1) < 2:
        return None
    import multiprocessing  # here: answering a question never needs it
    from concurrent.futures import ProcessPoolExecutor

    return HelperReader(ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")))
