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

from retrieval.index.growing import GrowingIndex, Held
from retrieval.index.segment import BATCH_CHARACTERS, Entry, Progress
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
        changes = _Changes(index, progress)
        with index.sharing_words():
            files = _sync_corpus(root, previous, changes, report)
            revision = 0 if full else int(index.sources.get("store_revision", 0))
            if store is not None:
                revision = _sync_store(store, revision, changes)
            if not changes.corpus_articles_left():
                reasons = "; ".join(str(w) for w in report.warnings[:5])
                raise EmptyCorpusError(f"no articles found in {root}" + (f" ({reasons})" if reasons else ""))
            changes.flush()
        report.removed, report.added = changes.removed_count, changes.added_count
        index.commit({"corpus": str(root.resolve()), "files": files, "store_revision": revision})
        return report


class _Changes:
    """Removals and additions, applied in batches of about ``BATCH_CHARACTERS`` of new text.

    Removals go before the segment they precede, so a replaced article's old version
    is the one tombstoned; batching keeps a first build from holding every article of
    the corpus in memory. A full batch waits until the next one is full (or the last
    is gathered) before it is added: it is handed to the index's helper process at
    once (:meth:`~retrieval.index.growing.GrowingIndex.prefetch`), which reads it
    while this process adds the batch before and loads the next articles. Nothing
    reaches the disk before the commit: a synchronisation that fails half-way leaves
    the folder as it was, and the next one redoes the work.
    """

    def __init__(self, index: GrowingIndex, progress: Progress | None) -> None:
        self.index = index
        self.progress = progress
        self.removed: set[str] = set()
        self.added: list[Entry] = []
        self._adding: dict[str, Entry] = {}
        self._waiting: dict[str, Entry] = {}  # the full batch handed to the helper ahead, in order
        self._characters = 0
        self.removed_count = 0
        self.added_count = 0
        # Segments made by this synchronisation hold only keys in ``_flushed``; other keys are
        # looked up in the segments that were there before. A first build would otherwise
        # search every new segment for every article: ~50 segments per lookup at 1M passages.
        self._before = index.segment_count
        self._flushed: set[str] = set()

    def _held(self, key: str) -> Held | None:
        return self.index.held(key, None if key in self._flushed else self._before)

    def holds(self, key: str) -> tuple[str, str] | None:
        """``(digest, origin)`` of what will be held under ``key``."""
        entry = self._adding.get(key) or self._waiting.get(key)
        if entry is not None:
            return entry.digest, entry.origin
        if key in self.removed:
            return None
        held = self._held(key)
        return (held.digest, held.origin) if held else None

    def remove(self, key: str) -> None:
        if key in self._waiting:
            self._add_waiting()  # now the index holds it, and it is tombstoned like any held article
        if key in self._adding:
            self.added.remove(self._adding.pop(key))
        if self._held(key) is not None:
            self.removed.add(key)

    def add(self, entry: Entry) -> None:
        key = entry.key
        self.remove(key)
        self._adding[key] = entry
        self.added.append(entry)
        self._characters += len(entry.article.text)
        if self._characters >= BATCH_CHARACTERS:
            self.flush(last=False)

    def flush(self, last: bool = True) -> None:
        """Hand on the gathered batch: added now when it is the ``last``, else handed to the helper and kept waiting."""
        batch = self.added
        self.added, self._adding, self._characters = [], {}, 0
        if not last:
            self.index.prefetch(batch)
        self._add_waiting()
        if last:
            self._add(batch)
        else:
            self._waiting = {entry.key: entry for entry in batch}

    def _add_waiting(self) -> None:
        waiting, self._waiting = list(self._waiting.values()), {}
        self._add(waiting)

    def _add(self, batch: list[Entry]) -> None:
        """Apply the tombstones gathered so far, then ``batch`` as one new segment."""
        self.removed_count += self.index.remove(self.removed)
        self.removed = set()
        if not batch:
            return
        done = self.added_count
        progress = self.progress
        overall = None if progress is None else (lambda stage, n, total: progress(stage, done + n, done + total))
        self.index.add(batch, overall)
        self._flushed.update(entry.key for entry in batch)
        self.added_count += len(batch)

    def keys_from(self, origin: str) -> set[str]:
        held = {k for k in self.index.keys_from(origin) if k not in self.removed}
        gathered = (*self._adding.items(), *self._waiting.items())
        return held | {k for k, e in gathered if e.origin == origin}

    def corpus_articles_left(self) -> bool:
        """Whether the corpus still has an article once these changes are applied."""
        held = self.index.count_from_origins_other_than(STORE)
        removed = sum(1 for k in self.removed if k.startswith("c:"))
        gathered = sum(1 for k in (*self._adding, *self._waiting) if k.startswith("c:"))
        return held - removed + gathered > 0


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
            old_size = int(record[0]) if record and path.suffix.lower() in JSONL_SUFFIXES else 0
            scan = _scan(path, old_size if 0 < old_size < status.st_size else 0)
        except OSError as error:
            report.warnings.append(LoadWarning(path, None, f"unreadable ({error.strerror}); file skipped"))
            continue
        records[origin] = [status.st_size, status.st_mtime_ns, scan.digest]
        if record and record[2] == scan.digest:
            continue
        report.files_read += 1
        if record and scan.prefix_digest == record[2] and scan.prefix_ends_line:  # only lines were appended
            tail = load_jsonl(path, old_size, scan.prefix_lines + 1)
            _sync_articles(path, tail, origin, present, changes, report, complete=False)
        else:
            _sync_articles(path, load_file(path, root), origin, present, changes, report, complete=True)
    return records


@dataclass(frozen=True)
class _Scan:
    """A file's SHA-256, and that of its first ``prefix`` bytes with how many lines they hold."""

    digest: str
    prefix_digest: str | None
    prefix_lines: int
    prefix_ends_line: bool


def _scan(path: Path, prefix: int) -> _Scan:
    """Hash ``path`` in one streaming pass (and its first ``prefix`` bytes, when ``prefix`` > 0)."""
    whole, head = hashlib.sha256(), hashlib.sha256()
    lines, read, last = 0, 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            whole.update(chunk)
            if read < prefix:
                part = chunk[: prefix - read]
                head.update(part)
                lines += part.count(b"\n")
                last = part[-1:]
            read += len(chunk)
    return _Scan(whole.hexdigest(), head.hexdigest() if prefix else None, lines, last == b"\n")


def _sync_articles(
    path: Path,
    items: Iterable[Article | LoadWarning],
    origin: str,
    present: set[str],
    changes: _Changes,
    report: SyncReport,
    complete: bool,
) -> None:
    """Make the index hold the articles of one corpus file: all of them (``complete``) or lines appended to it.

    Articles are handed on one by one, so a large file is never held whole.
    """
    seen: set[str] = set()
    for item in items:
        if isinstance(item, LoadWarning):
            report.warnings.append(item)
            continue
        key = f"c:{item.id}"
        held = changes.holds(key)
        if key in seen or (held is not None and held[1] != origin and held[1] in present):
            report.warnings.append(LoadWarning(path, None, f"duplicate article id {item.id!r} skipped"))
            continue
        seen.add(key)
        entry = Entry(key, origin, item)
        if held != (entry.digest, origin):
            changes.add(entry)
    if complete:
        for key in changes.keys_from(origin) - seen:
            changes.remove(key)


def _sync_store(store: ArticleStore, revision: int, changes: _Changes) -> int:
    """Index the stored articles changed since ``revision``; the newest revision seen."""
    for seq, changed, article in store.changes_since(revision):
        key = f"s:{seq}"
        revision = max(revision, changed)
        if changes.holds(f"c:{article.id}") is not None:
            changes.remove(key)  # the corpus has this article
            continue
        held = changes.holds(key)
        entry = Entry(key, STORE, article)
        if held is None or held[0] != entry.digest:
            changes.add(entry)
    return revision
