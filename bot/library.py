"""The corpus and its index as the bot sees them: loaded once, swappable while running.

Questions read :attr:`NewsLibrary.retriever` once per answer; a rebuild (``/reload``,
new feed articles) prepares a new retriever aside and swaps the reference, so a
question asked meanwhile is answered from the old index, never from half a new one.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings
from retrieval.text.analysis import AnalyzerSettings
from retrieval.news.article import Article, ArticleDate
from retrieval.index.cache import load_or_build
from retrieval.index.passage_index import IndexSettings, Progress
from retrieval.news.loaders import LoadWarning, load_corpus
from retrieval.ranking.retriever import Retriever
from retrieval.news.database import check_location
from retrieval.news.store import ArticleStore

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
    def of(cls, articles: Sequence[Article]) -> CorpusStats:
        dates = sorted(a.date for a in articles if a.date is not None)
        sources = Counter(a.source for a in articles if a.source)
        return cls(
            articles=len(articles),
            first=dates[0] if dates else None,
            last=dates[-1] if dates else None,
            sources=tuple(sources.most_common()),
            undated=len(articles) - len(dates),
        )


@dataclass(frozen=True)
class Snapshot:
    """A retriever and the statistics of the articles it searches, swapped as one."""

    retriever: Retriever
    stats: CorpusStats
    articles_by_id: dict[str, Article]

    @classmethod
    def of(cls, retriever: Retriever) -> Snapshot:
        return cls(retriever, CorpusStats.of(retriever.articles), {a.id: a for a in retriever.articles})


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
    return IndexSettings(analyzer=AnalyzerSettings(language=settings.language), passage_words=settings.passage_words)


class NewsLibrary:
    """Loads the corpus, builds (or loads the cached) index, and swaps in rebuilds."""

    def __init__(self, settings: Settings, progress: Progress | None = None, store: ArticleStore | None = None) -> None:
        self.settings = settings
        self.progress = progress
        self.store = store
        self._snapshot: Snapshot | None = None
        self._rebuild_lock = threading.Lock()

    @property
    def snapshot(self) -> Snapshot:
        """The current retriever and its statistics, taken together; call :meth:`load` first."""
        if self._snapshot is None:
            raise RuntimeError("the library has not been loaded")
        return self._snapshot

    def load(self) -> list[LoadWarning]:
        """Read the corpus (and stored feed articles) and make its index current.

        Returns what was skipped while reading. Safe to call again while questions are answered (``/reload``): concurrent
        rebuilds are serialised and the swap is a single reference assignment.
        """
        with self._rebuild_lock:
            corpus = load_corpus(self.settings.corpus)
            for warning in corpus.warnings:
                log.warning("skipped %s", warning)
            articles = corpus.articles + self._stored_articles({a.id for a in corpus.articles})
            index, built = load_or_build(
                articles, index_settings(self.settings), self.settings.cache_dir, self.progress
            )
            log.info("%s index over %d articles", "built" if built else "loaded cached", len(articles))
            self._snapshot = Snapshot.of(Retriever(index, self.settings.max_excerpt_chars))
            return corpus.warnings

    def _stored_articles(self, corpus_ids: set[str]) -> list[Article]:
        if self.store is None:
            return []
        return [a for a in self.store.articles() if a.id not in corpus_ids]
