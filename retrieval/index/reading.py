"""Reading a batch of articles into words and passages, in one process or split over two.

Reading (splitting into passages and sentences, finding words, analysing each new
written word) is most of an index build, all of it Python, so a large batch is read
in two parts at once: the later part by a helper process, the earlier here. The
helper only splits and finds words: it numbers each distinct written word in order
of first sight, keeps those numbers for the whole synchronisation
(:class:`HelperReader`), and sends back its passages as word numbers and the words it
met for the first time. They are taken in as if this process had read on: each new
word is looked up in this process's table of written words, in the helper's order
of first sight, which is the order in which reading on here would have met them (a
word the helper saw in an earlier batch was taken in then), so a word new here is
analysed and a new term gets its id exactly where it would have; the helper's
passages follow the earlier part's. No word is analysed twice, and the segment is
the same to the byte as one read in a single process (tested).

Each full batch of a large synchronisation is handed to the helper ahead
(:meth:`HelperReader.prefetch`), so it reads while this process finishes the batch
before (its arrays, its files) and loads the next articles; the cut between the two
parts follows the reading rates measured on the batches before.

The helper process is spawned, not forked (the index's merge thread may hold locks a
fork would copy), and lives for one synchronisation (see
:meth:`~retrieval.index.growing.GrowingIndex.sharing_words`).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from retrieval.index.token_table import PassageWords, WordNumbers, WrittenWords
from retrieval.news.article import Article
from retrieval.news.passages import split_article

log = logging.getLogger(__name__)

# A batch with less text than this is read in one process: starting the helper (a new interpreter
# importing numpy and the index) takes about a second, more than reading a feed round of a
# thousand articles (~3M characters) here; a first build's batches are ~10M characters.
TWO_PROCESS_CHARACTERS = 5_000_000
# This process reads at least this share of a batch and at most 0.5 more: a cut measured on a
# batch read while the machine was busy with something else must not starve either side.
MIN_SHARE = 0.05


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
    headline: Callable[[str], list[int]],
    recorder: PassageWords,
    passage_words: int,
    spans: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> ArticleRows:
    """Record the headlines (as ``headline`` gives them: term ids, or the helper's word numbers) and the
    passages of ``articles`` (``spans`` overrides each one's passage split)."""
    rows = ArticleRows()
    for local, article in enumerate(articles):
        rows.headlines.append(headline(article.headline))
        for start, end in spans[local] if spans is not None else split_article(article.text, passage_words):
            recorder.add(article.text, start, end)
            rows.article.append(local)
            rows.start.append(start)
            rows.end.append(end)
        rows.passages.append(len(rows.start))
    return rows


@dataclass
class HalfReading:
    """What the helper process read, its written words numbered in order of first sight.

    Only the words it had not sent before are listed: ``words`` continues its earlier lists.
    """

    words: list[str]  # its new written words, in the order of their numbers
    numbers: np.ndarray  # the PassageWords record: word numbers, sentence sizes, passage, sentence in passage
    sizes: np.ndarray
    passage: np.ndarray
    local: np.ndarray
    passage_count: int
    rows: ArticleRows  # headlines as word numbers, stop words included
    seconds: float  # how long the reading took over there


@dataclass
class _HelperTable:
    """In the helper process: its word numbers, kept from task to task of one session."""

    session: str
    words: WordNumbers
    tasks: int = 0  # tasks of the session begun here
    sent: int = 0  # words sent so far


_TABLE: _HelperTable | None = None  # only ever set in a helper process


def read_half(session: str, task: int, passage_words: int, articles: list[Article]) -> HalfReading:
    """In the helper process: read ``articles`` into the session's word numbers (nothing is analysed here).

    ``task`` numbers the session's tasks from 0; the other process takes the results
    in, in that order. A task out of order (one before it failed half-way) is an
    error: the other process then reads the part itself and starts a new session.
    """
    global _TABLE
    started = time.perf_counter()
    if _TABLE is None or _TABLE.session != session:
        _TABLE = _HelperTable(session, WordNumbers())
    table = _TABLE
    if table.tasks != task:
        raise RuntimeError(f"helper task {task} out of order (task {table.tasks} expected)")
    table.tasks += 1
    words = table.words
    recorder = PassageWords(words)
    rows = read_articles(articles, words.numbers, recorder, passage_words)
    known, table.sent = table.sent, len(words)
    return HalfReading(
        list(islice(words, known, None)), _narrow(recorder._numbers), _narrow(recorder._sizes), _narrow(recorder._passage),
        _narrow(recorder._local), recorder.passages, rows, time.perf_counter() - started,
    )  # fmt: skip


def _narrow(record: array) -> np.ndarray:
    """A recorded ``array("q")`` as 32-bit integers (word numbers and counts stay far below 2**31): half the
    bytes to send back, and to hold twice over while the result is unpickled."""
    return np.frombuffer(record, dtype=np.int64).astype(np.int32)


@dataclass
class _Task:
    """A batch handed to the helper: the whole batch, where its part begins, and the result to come."""

    batch: list[Article]
    cut: int
    result: Future[HalfReading]
    ahead: bool  # handed over before the batch before it was finished here

    def is_for(self, batch: Sequence[Article]) -> bool:
        return len(batch) == len(self.batch) and all(a is b for a, b in zip(batch, self.batch))


class HelperReader:
    """A helper process reading the later part of each large batch, and how its word numbers map to this process's.

    Made for one synchronisation (one table of written words here); :meth:`shutdown`
    ends the process. A batch can be handed over ahead (:meth:`prefetch`), so the
    helper reads it while this process finishes the batch before (its arrays, its
    files) and loads the next articles; each batch is then cut where both processes
    should finish together, as measured on the batches before (``share``: this
    process's part of the characters). Where the cut falls never changes a byte.
    """

    def __init__(self, pool: Executor) -> None:
        self.pool = pool
        self.share = 0.5
        self._restart()

    def _restart(self) -> None:
        """Forget the helper's numbering and what it was given; its next task starts a fresh table."""
        self.session = uuid.uuid4().hex
        self.tasks = 0
        self.word_numbers = array("q")  # helper word number → word number here
        self._queue: deque[_Task] = deque()
        self._finished: float | None = None  # when the last batch read here was finished

    def shutdown(self) -> None:
        """End the helper process (a batch handed over ahead and not asked for is dropped)."""
        self.pool.shutdown(cancel_futures=True)

    def prefetch(self, batch: Sequence[Article], passage_words: int, ahead: bool = True) -> None:
        """Hand ``batch`` to the helper now (unless it has it): :meth:`read` must then be asked for the
        batches handed over, in the same order. ``ahead``: before the batch before it is finished here."""
        if not any(task.is_for(batch) for task in self._queue):
            self._submit(batch, passage_words, ahead)

    def _submit(self, batch: Sequence[Article], passage_words: int, ahead: bool) -> _Task | None:
        total = sum(len(a.text) for a in batch)
        running, cut = 0, len(batch) - 1
        for position, article in enumerate(batch):
            running += len(article.text)
            if running >= total * self.share:
                cut = min(max(1, position), len(batch) - 1)
                break
        try:
            result = self.pool.submit(read_half, self.session, self.tasks, passage_words, list(batch[cut:]))
        except RuntimeError as error:  # the pool is broken or shut down
            log.warning("index build: helper process unavailable (%s); reading in one process", error)
            return None
        self.tasks += 1
        task = _Task(list(batch), cut, result, ahead)
        self._queue.append(task)
        return task

    def read(
        self,
        articles: Sequence[Article],
        words: WrittenWords,
        recorder: PassageWords,
        passage_words: int,
    ) -> ArticleRows:
        """:func:`read_articles` with the later part of ``articles`` read by the helper (ahead or meanwhile).

        Batches handed over ahead must be asked for in the order they were handed over;
        another batch starts a new session (its part is read by the helper now).
        """
        began = time.perf_counter()
        task = self._queue.popleft() if self._queue else None
        if task is not None and not task.is_for(articles):  # not what was handed over: start again
            self._restart()
            task = None
        if task is None:
            task = self._submit(articles, passage_words, ahead=False)
        if task is None:
            self._restart()
            return read_articles(articles, words.term_ids, recorder, passage_words)
        cut = task.cut
        rows = read_articles(articles[:cut], words.term_ids, recorder, passage_words)
        read_here = time.perf_counter() - began
        try:
            half = task.result.result()
        except Exception as error:  # noqa: BLE001 - whatever went wrong over there, the part is read here
            log.warning("index build: helper process failed (%s); reading its part in this one", error)
            self._restart()
            more = read_articles(articles[cut:], words.term_ids, recorder, passage_words)
            return _joined(rows, more, cut)
        self._balance(articles, task, read_here, half.seconds, began)
        self._take_in(half, words, recorder)
        return _joined(rows, half.rows, cut)

    def _balance(self, articles: Sequence[Article], task: _Task, read_here: float, read_there: float, began: float) -> None:
        """Move the next cut so that both processes finish a batch together.

        Per character, this process took ``read_here`` over its part and the helper
        ``read_there`` over its own; a helper given its batch ahead also reads while
        this process does everything else between two batches (measured from the end
        of the helper's last part, taking it in included), so it gets that much more to read.
        """
        here = sum(len(a.text) for a in articles[: task.cut])
        there = sum(len(a.text) for a in articles[task.cut :])
        now = time.perf_counter()
        other = began - self._finished if task.ahead and self._finished is not None else 0.0
        self._finished = now
        if here <= 0 or there <= 0 or read_here <= 0 or read_there <= 0:
            return
        rate_here, rate_there = read_here / here, read_there / there
        total = here + there
        # both busy for as long: other + rate_here·(1−s)·total = rate_there·s·total, s the helper's part
        helper_part = (other + rate_here * total) / ((rate_here + rate_there) * total)
        share = min(max(1.0 - helper_part, MIN_SHARE), 0.5 + MIN_SHARE)
        self.share = (self.share + share) / 2  # the load on the machine changes: follow it, smoothly
        log.debug(
            "index build: read here %.2f s, there %.2f s, other work %.2f s; next cut at %.2f", read_here, read_there, other, self.share
        )

    def _take_in(self, half: HalfReading, words: WrittenWords, recorder: PassageWords) -> None:
        """Number the helper's new words here, in its reading order, and record its passages.

        A word this process has not met is analysed now (:meth:`WrittenWords.__missing__`),
        so a new term gets its id just where reading on in this process would have given it.
        """
        self.word_numbers.extend(map(words.__getitem__, half.words))
        numbering = np.frombuffer(self.word_numbers, dtype=np.int64)
        recorder.absorb(numbering[half.numbers], half.sizes, half.passage, half.local, half.passage_count)
        terms = words.terms
        half.rows.headlines = [[t for n in numbering[ids].tolist() if (t := terms[n]) >= 0] for ids in half.rows.headlines]


def read_in_two(
    articles: Sequence[Article],
    words: WrittenWords,
    recorder: PassageWords,
    passage_words: int,
    helper: HelperReader,
) -> ArticleRows:
    """:func:`read_articles`, with the later part of a large batch read by ``helper`` (see :meth:`HelperReader.read`)."""
    if sum(len(a.text) for a in articles) < TWO_PROCESS_CHARACTERS or len(articles) < 2:
        return read_articles(articles, words.term_ids, recorder, passage_words)
    return helper.read(articles, words, recorder, passage_words)


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
