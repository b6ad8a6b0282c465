"""Bring a :class:`GrowingIndex` in line with its sources: the corpus files and the stored feed articles.

Only differences are applied. Corpus files are compared by path, size and
modification time (then by SHA-256 of the content, so a file merely touched is not
read again as articles); a JSON Lines file that only grew is read from where it
ended; another changed file's articles are compared one by one by digest, so editing
one article of a large file re-indexes that article only. A
file that disappeared takes its articles with it. Stored feed articles are asked for
by ``revision`` (everything stored or replaced since the last synchronisation); a
replaced one is tombstoned and indexed again. What the index reflects is recorded in
the manifest with the commit, so a crash before the commit is simply redone.

Keys: ``c:<id>`` for a corpus article (ids are unique across the corpus: a later
duplicate is skipped with a warning, as the loader always did), ``s:<seq>`` for a
stored article, whose id may change with a replacement. A stored article with the id
of a corpus article is left out: the corpus version wins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval.index.growing import GrowingIndex
from retrieval.index.segment import Entry, Progress, article_digest
from retrieval.news.article import Article
from retrieval.news.loaders import JSONL_SUFFIXES, EmptyCorpusError, LoadWarning, corpus_files, load_file, load_jsonl
from retrieval.news.store import ArticleStore


STORE = "store"
"""The origin of stored feed articles (a corpus article's origin is its file's path)."""


@dataclass
class SyncReport:
    """What one synchronisation changed and what it had to skip."""

    added: int = 0
    removed: int = 0
    files_read: int = 0
    warnings: list[LoadWarning] = field(default_factory=list)


def synchronise(
    index: GrowingIndex, corpus: Path, store: ArticleStore | None, progress: Progress | None = None
) -> SyncReport:
    """Apply the differences between ``corpus`` + ``store`` and what ``index`` holds, and commit.

    Raises :class:`~retrieval.news.loaders.EmptyCorpusError` (changing nothing on disk)
    when the corpus is missing or holds no article.
    """
    root = Path(corpus)
    if not root.exists():
        raise EmptyCorpusError(f"corpus not found: {root}")
    with index.lock:
        full = index.damaged or index.sources.get("corpus") != str(root.resolve())
        previous: dict[str, Any] = {} if full else dict(index.sources.get("files", {}))
        report = SyncReport()
        changes = _Changes(index)
        files = _sync_corpus(root, previous, changes, report)
        revision = 0 if full else int(index.sources.get("store_revision", 0))
        if store is not None:
            revision = _sync_store(store, revision, changes)
        if not changes.corpus_articles_left():
            reasons = "; ".join(str(w) for w in report.warnings[:5])
            raise EmptyCorpusError(f"no articles found in {root}" + (f" ({reasons})" if reasons else ""))
        report.removed = index.remove(changes.removed)
        index.add(changes.added, progress)
        report.added = len(changes.added)
        index.commit({"corpus": str(root.resolve()), "files": files, "store_revision": revision})
        return report


class _Changes:
    """Removals and additions gathered before any is applied, so a failed synchronisation changes nothing."""

    def __init__(self, index: GrowingIndex) -> None:
        self.index = index
        self.removed: set[str] = set()
        self.added: list[Entry] = []
        self._adding: dict[str, Entry] = {}

    def holds(self, key: str) -> tuple[str, str] | None:
        """``(digest, origin)`` of what will be held under ``key``."""
        if key in self._adding:
            entry = self._adding[key]
            return article_digest(entry.article), entry.origin
        if key in self.removed:
            return None
        held = self.index.held(key)
        return (held.digest, held.origin) if held else None

    def remove(self, key: str) -> None:
        if key in self._adding:
            self.added.remove(self._adding.pop(key))
        if self.index.held(key) is not None:
            self.removed.add(key)

    def add(self, key: str, origin: str, article: Article) -> None:
        self.remove(key)
        entry = Entry(key, origin, article)
        self._adding[key] = entry
        self.added.append(entry)

    def keys_from(self, origin: str) -> set[str]:
        held = {k for k in self.index.keys_from(origin) if k not in self.removed}
        return held | {k for k, e in self._adding.items() if e.origin == origin}

    def corpus_articles_left(self) -> bool:
        """Whether the corpus still has an article once these changes are applied."""
        held = self.index.count_from_origins_other_than(STORE)
        removed = sum(1 for k in self.removed if k.startswith("c:"))
        return held - removed + sum(1 for k in self._adding if k.startswith("c:")) > 0


def _sync_corpus(root: Path, previous: dict[str, Any], changes: _Changes, report: SyncReport) -> dict[str, Any]:
    """Re-read the corpus files that changed; the files' new records (path → [size, mtime_ns, sha256])."""
    listing = corpus_files(root)
    present = {str(path.resolve()) for path in listing}
    for origin in set(previous) - present:
        for key in changes.keys_from(origin):
            changes.remove(key)
    records: dict[str, Any] = {}
    for path in listing:
        origin = str(path.resolve())
        try:
            status = path.stat()
            record = previous.get(origin)
            if record and record[0] == status.st_size and record[1] == status.st_mtime_ns:
                records[origin] = record
                continue
            content = path.read_bytes()
        except OSError as error:
            report.warnings.append(LoadWarning(path, None, f"unreadable ({error.strerror}); file skipped"))
            continue
        digest = hashlib.sha256(content).hexdigest()
        records[origin] = [status.st_size, status.st_mtime_ns, digest]
        if record and record[2] == digest:
            continue
        report.files_read += 1
        if record and _appended(path, content, record):
            old_size = record[0]
            tail = load_jsonl(path, old_size, content[:old_size].count(b"\n") + 1)
            _sync_articles(path, tail, origin, present, changes, report, complete=False)
        else:
            _sync_articles(path, load_file(path, root), origin, present, changes, report, complete=True)
    return records


def _appended(path: Path, content: bytes, record: list[Any]) -> bool:
    """Whether a JSON Lines file only grew by whole lines since ``record`` (its old size and SHA-256)."""
    size = int(record[0])
    return (
        path.suffix.lower() in JSONL_SUFFIXES
        and 0 < size < len(content)
        and content[size - 1 : size] == b"\n"
        and hashlib.sha256(content[:size]).hexdigest() == record[2]
    )


def _sync_articles(
    path: Path,
    items: Iterable[Article | LoadWarning],
    origin: str,
    present: set[str],
    changes: _Changes,
    report: SyncReport,
    complete: bool,
) -> None:
    """Make the index hold the articles of one corpus file: all of them (``complete``) or lines appended to it."""
    wanted: dict[str, Article] = {}
    for item in items:
        if isinstance(item, LoadWarning):
            report.warnings.append(item)
            continue
        key = f"c:{item.id}"
        held = changes.holds(key)
        if key in wanted or (held is not None and held[1] != origin and held[1] in present):
            report.warnings.append(LoadWarning(path, None, f"duplicate article id {item.id!r} skipped"))
            continue
        wanted[key] = item
    if complete:
        for key in changes.keys_from(origin) - set(wanted):
            changes.remove(key)
    for key, article in wanted.items():
        held = changes.holds(key)
        if held is None or held != (article_digest(article), origin):
            changes.add(key, origin, article)


def _sync_store(store: ArticleStore, revision: int, changes: _Changes) -> int:
    """Index the stored articles changed since ``revision``; the newest revision seen."""
    for seq, changed, article in store.changes_since(revision):
        key = f"s:{seq}"
        revision = max(revision, changed)
        if changes.holds(f"c:{article.id}") is not None:
            changes.remove(key)  # the corpus has this article
            continue
        held = changes.holds(key)
        if held is None or held[0] != article_digest(article):
            changes.add(key, STORE, article)
    return revision
