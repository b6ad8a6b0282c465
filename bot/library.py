"""The corpus and its index as the bot sees them: loaded once, grown in place, swappable while running.

Questions read :attr:`NewsLibrary.snapshot` once per answer. :meth:`NewsLibrary.load`
(start-up, ``/reload``, a feed round) opens the cached index segments (memory-mapped),
applies only the differences between the sources (corpus files, stored feed articles)
and what the index holds (:mod:`retrieval.index.sync`), and swaps in a new snapshot:
a question asked meanwhile is answered from the old one, never from half a change.
Segments are merged and large ones checked in worker threads, which swap in their
results the same way.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from bot.settings import Settings
from retrieval.index.growing import GrowingIndex
from retrieval.index.language_settings import settings_for_language
from retrieval.index.old_caches import remove_old_caches
from retrieval.index.passage_index import IndexSettings, PassageIndex, Progress
from retrieval.index.storage import FORMAT_VERSION
from retrieval.index.sync import synchronise
from retrieval.news.article import Article, ArticleDate
from retrieval.news.database import check_location
from retrieval.news.date_table import DateTable
from retrieval.news.loaders import LoadWarning
from retrieval.news.store import ArticleStore
from retrieval.ranking.confidence import AnswerJudge
from retrieval.ranking.retriever import Retriever

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CorpusStats:
    """What the corpus holds, for welcome and sources messages."""

    articles: int
    first: ArticleDate | None
    last: ArticleDate | None
    sources: tuple[tuple[str, int], ...]  # (source, article count), most articles first
    undated: int

    @classmethod
    def of(cls, index: PassageIndex) -> CorpusStats:
        """From each segment's summary (kept per segment, so a new snapshot costs only its new segment)."""
        summaries = [segment.summary(dead) for segment, dead in zip(index.segments, index._dead)]
        firsts = [s.first for s in summaries if s.first is not None]
        lasts = [s.last for s in summaries if s.last is not None]
        sources: Counter[str] = Counter()
        for summary in summaries:
            sources.update(summary.sources)
        articles = sum(s.articles for s in summaries)
        return cls(
            articles=articles,
            first=min(firsts) if firsts else None,
            last=max(lasts) if lasts else None,
            sources=tuple(sources.most_common()),
            undated=articles - sum(s.dated for s in summaries),
        )


class ArticlesById(Mapping[str, Article]):
    """Article id → article over an index, each article read when asked for."""

    def __init__(self, index: PassageIndex) -> None:
        self._articles = index.articles

    def __getitem__(self, article_id: str) -> Article:
        return self._articles[self._articles.positions_by_id[article_id]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles.positions_by_id)

    def __len__(self) -> int:
        return len(self._articles)


class Snapshot:
    """A retriever and the statistics of the articles it searches, swapped as one.

    The statistics are gathered on first use (welcome, sources, period questions), not
    on every swap: most snapshots of a feed-fed bot are never asked for them.
    """

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.articles_by_id: Mapping[str, Article] = ArticlesById(retriever.index)

    @classmethod
    def of(cls, retriever: Retriever) -> Snapshot:
        return cls(retriever)

    @cached_property
    def stats(self) -> CorpusStats:
        return CorpusStats.of(self.retriever.index)

    @cached_property
    def judge(self) -> AnswerJudge:
        """The answer judge of this index, made once per snapshot rather than once per question."""
        return AnswerJudge(self.retriever.index)

    @cached_property
    def dates(self) -> DateTable:
        """The articles' dates as arrays, for period filters and newest-first listings.

        Built on first use from the index's date rows (no article text is read), so a
        question with a time costs array operations, not a step per article.
        """
        return DateTable(self.retriever.index.articles.date_rows())

    def positions(self, article_ids: Iterable[str]) -> np.ndarray:
        """The positions of those of ``article_ids`` the snapshot holds (the id lookup is built once per index)."""
        by_id = self.retriever.index.articles.positions_by_id
        return np.array([by_id[i] for i in article_ids if i in by_id], dtype=np.int64)

    def mask(self, article_ids: Iterable[str]) -> np.ndarray:
        """Boolean mask over article positions: True for ``article_ids``."""
        allowed = np.zeros(len(self.retriever.articles), dtype=bool)
        allowed[self.positions(article_ids)] = True
        return allowed


def database_path(settings: Settings) -> Path | None:
    """The SQLite file for stored articles and subscriptions, or ``None`` without a data folder."""
    return settings.data_dir / "nyhetsbot.sqlite3" if settings.data_dir is not None else None


def open_store(settings: Settings, read_only: bool = False) -> ArticleStore | None:
    """The stored feed articles, or ``None`` when no data folder is configured.

    ``read_only`` (for commands that only read) never writes to the data folder, and
    gives ``None`` when nothing has been stored there yet.
    """
    path = database_path(settings)
    if path is None:
        return None
    check_location(path)
    if read_only and not path.exists():
        return None
    return ArticleStore(path, read_only)


def index_settings(settings: Settings) -> IndexSettings:
    """The part of the settings that shapes the index."""
    return settings_for_language(settings.language, settings.passage_words)


def index_folder(settings: Settings) -> Path | None:
    """The index's folder under ``cache_dir``: one per corpus location and index settings (``None``: in memory)."""
    if settings.cache_dir is None:
        return None
    identity = f"{FORMAT_VERSION}:{index_settings(settings).cache_key}:{Path(settings.corpus).resolve()}"
    return settings.cache_dir / f"index-{hashlib.sha256(identity.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


class NewsLibrary:
    """Opens the cached index, keeps it in line with the corpus and the store, and swaps in snapshots."""

    def __init__(self, settings: Settings, progress: Progress | None = None, store: ArticleStore | None = None) -> None:
        self.settings = settings
        self.progress = progress
        self.store = store
        self._snapshot: Snapshot | None = None
        self._index: GrowingIndex | None = None
        self._rebuild_lock = threading.Lock()
        self._checker: threading.Thread | None = None

    @property
    def snapshot(self) -> Snapshot:
        """The current retriever and its statistics, taken together; call :meth:`load` first."""
        if self._snapshot is None:
            raise RuntimeError("the library has not been loaded")
        return self._snapshot

    @property
    def index(self) -> GrowingIndex:
        """The growing index behind the snapshots; call :meth:`load` first."""
        if self._index is None:
            raise RuntimeError("the library has not been loaded")
        return self._index

    def load(self) -> list[LoadWarning]:
        """Make the index current with the corpus (and stored feed articles) and swap in a new snapshot.

        Opens the cached index on first call; then only what changed is read and
        indexed. Returns what was skipped while reading. Safe to call again while
        questions are answered (``/reload``, feed rounds): calls are serialised and the
        swap is a single reference assignment.
        """
        with self._rebuild_lock:
            if self._index is None:
                if self.settings.cache_dir is not None:
                    remove_old_caches(self.settings.cache_dir)
                self._index = GrowingIndex(index_settings(self.settings), index_folder(self.settings))
            index = self._index
            with index.lock:
                report = synchronise(index, self.settings.corpus, self.store, self.progress)
                for warning in report.warnings:
                    log.warning("skipped %s", warning)
                log.info(
                    "index: %d articles in %d segments (%d added, %d removed, %d files read)",
                    index.articles, index.segment_count, report.added, report.removed, report.files_read,
                )
                if self._snapshot is None or report.added or report.removed:
                    self._publish(index.snapshot())
            index.start_merging(self._publish)
            self._check_in_background(index)
            return report.warnings

    def _publish(self, index: PassageIndex) -> None:
        self._snapshot = Snapshot.of(Retriever(index, self.settings.max_excerpt_chars))

    def _check_in_background(self, index: GrowingIndex) -> None:
        """Verify the checksums of large segments in a worker; a damaged one is dropped and its articles indexed again."""
        if self._checker is not None and self._checker.is_alive():
            return

        def check() -> None:
            if index.verify_pending():
                self.load()

        # Not a daemon, like the merge thread: a thread stopped inside native code at
        # interpreter exit can abort the process. Reading the segments takes seconds.
        self._checker = threading.Thread(target=check, name="index-check")
        self._checker.start()

    def close(self) -> None:
        """Finish a running merge and release the index folder for another process.

        A background checksum check is not waited for here (it only reads); the
        interpreter waits for it at exit.
        """
        if self._index is not None:
            self._index.close()

    def wait_for_background_work(self, timeout: float | None = None) -> None:
        """Block until merges and checks started so far are done (for tests and orderly exits)."""
        if self._checker is not None:
            self._checker.join(timeout)
        if self._index is not None:
            self._index.wait_for_merges(timeout)
