"""The index that grows with the news: segments added, tombstoned and merged, committed to disk.

:class:`GrowingIndex` owns an index folder (see :mod:`retrieval.index.storage`) or,
without one, keeps its segments in memory. A change is

1. :meth:`~GrowingIndex.remove` — tombstones for the articles that went away or
   changed (their passages stop scoring and stop counting in the statistics);
2. :meth:`~GrowingIndex.add` — one new segment for the articles that arrived: the
   cost is that of the new articles, whatever the size of the index;
3. :meth:`~GrowingIndex.commit` — new files written and the manifest replaced last.

:meth:`~GrowingIndex.snapshot` gives an immutable :class:`PassageIndex` to answer from;
a question keeps the snapshot it started with, so nothing is ever answered from half a
change.

Merging (tiered, like Lucene's): segments are appended in time order, so the small
ones are at the end; when ``MERGE_FACTOR`` neighbours fall in the same size tier
(powers of ``MERGE_FACTOR`` passages), they are merged into one, which lands in the
next tier. That keeps the number of segments logarithmic in the corpus size while
each article is rewritten only about ``log8(n)`` times; a segment where most articles
are dead is rewritten alone; merges stop at ``MAX_MERGED_PASSAGES``. A merge runs in a
worker thread, reads its inputs from their memory maps and writes its output arrays
straight into files mapped for writing (:func:`~retrieval.index.storage.write_merged`),
so it holds no second copy of the index in memory; only the swap of the manifest (and
the tombstones that arrived meanwhile, carried over) holds the lock, so questions and
feed rounds go on from the old segments during the merge. Measured on 213k passages
(8 segments, NorQuAD repeated): 2.1 s, the merged index ranks as before.
"""

from __future__ import annotations

import logging
import os
import math
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.index.folder_lock import LOCK_FILE, take_writer_lock
from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.index.segment import Entry, Progress, Segment, batches, build_segment, merge_segments, text_hash
from retrieval.index.storage import (
    FORMAT_VERSION,
    CorruptSegment,
    SegmentRecord,
    open_segment,
    read_manifest,
    remove_orphans,
    write_dead,
    write_manifest,
    write_merged,
    write_segment,
)
from retrieval.index.reading import TWO_PROCESS_CHARACTERS, HelperReader, helper_pool
from retrieval.index.terms import CorruptTerms, TermDictionary
from retrieval.index.token_table import WrittenWords
from retrieval.text.analysis import Analyzer

MERGE_FACTOR = 8
# Merges stop at this size: a merge is built in memory, and bigger segments would gain little.
MAX_MERGED_PASSAGES = 250_000
# Segments up to this size have their checksums verified when opened (the recent, small ones);
# larger ones in the background, as hashing every byte of a large index would cost seconds at start.
VERIFY_AT_OPEN = 4 << 20
# A segment whose articles are more than this share dead is rewritten without them.
MAX_DEAD_SHARE = 0.5

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Held:
    """A live article as the index holds it: where, what content (digest) and from where (origin)."""

    segment: str
    local: int
    digest: str
    origin: str


@dataclass(eq=False)
class _Part:
    segment: Segment
    dead: np.ndarray  # sorted article numbers
    record: SegmentRecord | None = None  # None until written
    dead_written: int = 0  # tombstones the record's dead file holds

    @property
    def live_passages(self) -> int:
        return self.segment.statistics(self.dead).passages


class GrowingIndex:
    """Segments, tombstones and the term dictionary of one index, with what its sources last looked like.

    Every method takes :attr:`lock` (re-entrant); a caller that must see a consistent
    state across calls (the library's reload) holds it too.
    """

    def __init__(
        self, settings: IndexSettings, folder: Path | None = None, verify_at_open: int = VERIFY_AT_OPEN
    ) -> None:
        self.settings = settings
        self.folder = folder
        self.analyzer = Analyzer(settings.analyzer, folder)
        self.lock = threading.RLock()
        self.dictionary = TermDictionary()
        self.sources: dict[str, Any] = {}
        self.damaged = False  # a damaged segment was dropped: the sources must be read again in full
        self._parts: list[_Part] = []
        self._generation = 0
        self._unverified: list[str] = []
        self._merging: threading.Thread | None = None
        self._writing: set[str] = set()  # segment folders a merge is writing, not yet in the manifest
        self._lock_file: weakref.finalize | None = None
        self._shared_words: WrittenWords | None = None  # see :meth:`sharing_words`
        self._helper: HelperReader | None = None  # the process that reads most of each large batch, in that block
        self.read_only = False
        if folder is not None:
            try:
                self._open(folder, verify_at_open)
            except OSError as error:
                log.warning("index folder %s unusable (%s); the index is kept in memory", folder, error)
                self.folder, self.read_only = None, False

    def close(self) -> None:
        """Let another process write the folder (waits for a running merge)."""
        self.wait_for_merges()
        with self.lock:
            if self._lock_file is not None:
                self._lock_file()  # closes the descriptor, which releases the lock
                self._lock_file = None

    # -- opening -------------------------------------------------------------------------------

    def _open(self, folder: Path, verify_at_open: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.read_only = not self._lock(folder)
        manifest = read_manifest(folder)
        if manifest is not None and (
            manifest.get("format") != FORMAT_VERSION or manifest.get("settings") != self.settings.cache_key
        ):
            log.info("index in %s was built with other settings or format; starting a new one", folder)
            manifest = None
        if manifest is not None:
            try:
                self._load(folder, manifest, verify_at_open)
            except (CorruptTerms, OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
                log.warning("index in %s unreadable (%s); building it again", folder, error)
                self._parts, self._unverified, self.dictionary, self.sources = [], [], TermDictionary(), {}
        if not self.read_only:
            if self.dictionary.wants_new_lookup:  # an index written before the lookup file existed
                try:
                    self._write(folder, self.sources)
                except OSError as error:
                    log.warning("could not write the term lookup to %s (%s); terms are read in full", folder, error)
            if self.analyzer.lemmatiser is not None:
                try:
                    self.analyzer.lemmatiser.write_tables()
                except OSError as error:
                    log.warning("could not write the lemma table to %s (%s); lemmas are read from simplemma", folder, error)
            remove_orphans(folder, self._kept_files())

    def _lock(self, folder: Path) -> bool:
        """Take the folder's writer lock; ``False`` when another process holds it (this one then only reads)."""
        descriptor = take_writer_lock(folder)
        if descriptor is None:
            log.info("index in %s is being written by another process; this one only reads it", folder)
            return False
        self._lock_file = weakref.finalize(self, os.close, descriptor)  # released when closed or collected
        return True

    def _load(self, folder: Path, manifest: dict[str, Any], verify_at_open: int) -> None:
        self.dictionary = TermDictionary.load(folder, manifest["terms"])
        self._generation = int(manifest["generation"])
        sources = manifest.get("sources")
        self.sources = sources if isinstance(sources, dict) else {}
        for value in manifest["segments"]:
            try:
                record = SegmentRecord.from_json(value)
                verify = record.nbytes <= verify_at_open
                segment, dead = open_segment(folder, record, verify)
                if segment.width > len(self.dictionary):
                    raise CorruptSegment(f"{record.name}: term ids beyond the dictionary")
            except (CorruptSegment, ValueError, KeyError, TypeError) as error:
                log.warning("index segment damaged (%s); its articles will be indexed again", error)
                self.damaged = True
                continue
            if not verify:
                self._unverified.append(record.name)
            self._parts.append(_Part(segment, dead, record, dead.size))

    def _kept_files(self) -> set[str]:
        kept = set(self._writing) | {LOCK_FILE}
        if self.dictionary.lookup_file is not None:
            kept.add(self.dictionary.lookup_file)
        if self.analyzer.lemmatiser is not None:
            kept |= self.analyzer.lemmatiser.table_files()
        for part in self._parts:
            if part.record is not None:
                kept.add(part.record.name)
                if part.record.dead_file:
                    kept.add(part.record.dead_file)
        return kept

    # -- what is held --------------------------------------------------------------------------

    def held(self, key: str, among_first: int | None = None) -> Held | None:
        """The live article with ``key``, if any (looked up by hash in each segment, newest first).

        ``among_first``: look only in the first that many segments (the caller knows the
        newer ones cannot hold ``key``).
        """
        with self.lock:
            wanted = text_hash(key)  # once, not once per segment
            for part in reversed(self._parts[:among_first]):
                for local in part.segment.find(key, wanted):
                    if not _is_dead(part, local):
                        segment = part.segment
                        return Held(segment.name, local, segment.field(local, "digest"), segment.field(local, "origin"))
            return None

    def keys_from(self, origin: str) -> set[str]:
        """Keys of the live articles that came from ``origin``."""
        with self.lock:
            keys = set()
            for part in self._parts:
                segment = part.segment
                for local in segment.from_origin(origin).tolist():
                    if not _is_dead(part, local) and segment.field(local, "origin") == origin:
                        keys.add(segment.field(local, "key"))
            return keys

    def count_from_origins_other_than(self, origin: str) -> int:
        """Live articles whose origin is not ``origin`` (e.g. how many come from the corpus, not the store)."""
        with self.lock:
            count = 0
            for part in self._parts:
                alive = np.ones(part.segment.articles, dtype=bool)
                alive[part.dead] = False
                count += int(np.count_nonzero(alive & (np.asarray(part.segment.o_hash) != text_hash(origin))))
            return count

    @property
    def articles(self) -> int:
        with self.lock:
            return sum(p.segment.statistics(p.dead).articles for p in self._parts)

    @property
    def segment_count(self) -> int:
        with self.lock:
            return len(self._parts)

    # -- changing ------------------------------------------------------------------------------

    def remove(self, keys: Iterable[str]) -> int:
        """Tombstone the live articles with ``keys``; how many there were."""
        with self.lock:
            doomed: dict[str, list[int]] = {}
            for key in set(keys):
                found = self.held(key)
                if found is not None:
                    doomed.setdefault(found.segment, []).append(found.local)
            for part in self._parts:
                if part.segment.name in doomed:
                    part.dead = np.union1d(part.dead, np.asarray(doomed[part.segment.name], dtype=np.int64))
            return sum(len(v) for v in doomed.values())

    @contextmanager
    def sharing_words(self) -> Iterator[None]:
        """Within this block, :meth:`add` analyses each distinct written word once, whatever the number of segments.

        For a large addition made in several calls (a first build, batch by batch):
        each segment analysing its own words again cost a sixth of a build at 300k
        passages. Large batches are also read in two processes here
        (:mod:`retrieval.index.reading`). The table and the helper process are dropped
        at the end of the block, so they never stay with a serving process.
        """
        with self.lock:
            self._shared_words = WrittenWords(self.analyzer, self.dictionary.ensure_one)
            try:
                yield
            finally:
                self._shared_words = None
                if self._helper is not None:
                    self._helper.shutdown()
                    self._helper = None

    def add(self, entries: Sequence[Entry], progress: Progress | None = None) -> None:
        """Index ``entries`` as new segments, one per ``BATCH_CHARACTERS`` of text (their keys must not be held yet)."""
        with self.lock:
            done = 0
            parts = list(batches(entries))
            for number, batch in enumerate(parts):
                self._generation += 1
                name = f"seg-{self._generation:06d}"
                overall = None
                if progress is not None:
                    overall = lambda stage, n, _, base=done: progress(stage, base + n, len(entries))  # noqa: E731
                helper = self._helper_for(batch)
                if helper is not None and number + 1 < len(parts):  # the helper reads on while this segment is finished
                    helper.prefetch([e.article for e in batch], self.settings.passage_words, ahead=False)
                    self.prefetch(parts[number + 1])
                words = self._shared_words
                segment = build_segment(name, batch, self.analyzer, self.dictionary, self.settings, overall, words=words, helper=helper)
                self._parts.append(self._spilled(segment))
                done += len(batch)

    def prefetch(self, entries: Sequence[Entry]) -> None:
        """Let the helper process start reading ``entries``, the next :meth:`add`, while this one is still busy.

        Only inside :meth:`sharing_words` and for large batches; anything else is read when added.
        """
        with self.lock:
            for batch in batches(entries):
                helper = self._helper_for(batch)
                if helper is not None:
                    helper.prefetch([e.article for e in batch], self.settings.passage_words)

    def _helper_for(self, batch: Sequence[Entry]) -> HelperReader | None:
        """The helper process for a large batch of a large addition (started on first use), else ``None``."""
        if self._shared_words is None or len(batch) < 2 or sum(len(e.article.text) for e in batch) < TWO_PROCESS_CHARACTERS:
            return None
        self._helper = self._helper or helper_pool()
        return self._helper

    def _spilled(self, segment: Segment) -> _Part:
        """A new segment written to its folder at once and served from the map, so a large build holds
        one batch in memory, not the whole index; the manifest names it at the next commit (until
        then it is an orphan a crash leaves behind, removed at the next open)."""
        part = _Part(segment, np.zeros(0, dtype=np.int64))
        if self.folder is None or self.read_only:
            return part
        try:
            part.record = write_segment(self.folder, segment)
            part.segment, _ = open_segment(self.folder, part.record, verify=False)
        except OSError as error:  # written at the commit, or kept in memory if that fails too
            log.warning("could not write index segment %s (%s); kept in memory for now", segment.name, error)
        return part

    def commit(self, sources: dict[str, Any]) -> None:
        """Record ``sources`` (what the index now reflects) and make every change durable.

        New segments and tombstones first, then the terms, then the manifest: a crash
        anywhere before the manifest's ``os.replace`` leaves the previous state whole.
        """
        with self.lock:
            self.sources = sources
            self.damaged = False
            if self.folder is None or self.read_only:
                return
            try:
                self._write(self.folder, sources)
            except OSError as error:  # disk full, permissions: keep serving; the next commit tries again
                log.warning("could not write the index to %s (%s); the changes are kept in memory", self.folder, error)

    def _write(self, folder: Path, sources: dict[str, Any]) -> None:
        for part in self._parts:
            if part.record is None:
                part.record = write_segment(folder, part.segment)
                part.segment, _ = open_segment(folder, part.record, verify=False)  # serve from the map
            if part.dead.size != part.dead_written:
                part.record = write_dead(folder, part.record, part.dead)
                part.dead_written = part.dead.size
        terms = self.dictionary.save(folder)
        write_manifest(
            folder,
            {
                "format": FORMAT_VERSION,
                "settings": self.settings.cache_key,
                "generation": self._generation,
                "terms": terms,
                "segments": [p.record.to_json() for p in self._parts if p.record is not None],
                "sources": sources,
            },
        )
        remove_orphans(folder, self._kept_files())

    def snapshot(self) -> PassageIndex:
        """An immutable searchable view of the index as it is now."""
        with self.lock:
            return PassageIndex(self.settings, self.analyzer, self.dictionary, [(p.segment, p.dead) for p in self._parts])

    # -- checking ------------------------------------------------------------------------------

    def verify_pending(self) -> list[str]:
        """Check the checksums not checked at open; drop each damaged segment (logged). The names dropped."""
        dropped = []
        while True:
            with self.lock:
                if not self._unverified or self.folder is None:
                    return dropped
                name = self._unverified.pop()
                part = next((p for p in self._parts if p.segment.name == name), None)
            if part is None or part.record is None:
                continue
            try:
                part.record.verify(self.folder)
            except (CorruptSegment, OSError) as error:
                log.warning("index segment damaged (%s); its articles will be indexed again", error)
                with self.lock:
                    self._parts = [p for p in self._parts if p is not part]
                    self.damaged = True
                dropped.append(name)

    # -- merging -------------------------------------------------------------------------------

    def merge_plan(self) -> list[str]:
        """Names of the segments to merge next (empty when the shape is fine).

        The first ``MERGE_FACTOR`` neighbours in one size tier (unless together above
        ``MAX_MERGED_PASSAGES``), else a segment mostly dead.
        Unwritten segments (before the next commit) are left alone.
        """
        with self.lock:
            if self.read_only:
                return []
            parts = [p for p in self._parts if p.record is not None or self.folder is None]
            tiers = [int(math.log(max(p.live_passages, 1), MERGE_FACTOR)) for p in parts]
            run = 1
            for position in range(1, len(parts) + 1):
                if position < len(parts) and tiers[position] == tiers[position - 1]:
                    run += 1
                    continue
                chosen = parts[position - run : position - run + MERGE_FACTOR]
                if run >= MERGE_FACTOR and sum(p.live_passages for p in chosen) <= MAX_MERGED_PASSAGES:
                    return [p.segment.name for p in chosen]
                run = 1
            for part in parts:
                if part.segment.articles and part.dead.size > MAX_DEAD_SHARE * part.segment.articles:
                    return [part.segment.name]
            return []

    def merge(self, names: Sequence[str]) -> bool:
        """Merge the named segments into one and commit; ``False`` when they changed meanwhile (nothing done)."""
        with self.lock:
            parts = [p for p in self._parts if p.segment.name in names]
            if len(parts) != len(names):
                return False
            starting = [p.dead.copy() for p in parts]
            self._generation += 1
            name = f"seg-{self._generation:06d}"
            self._writing.add(name)
        try:
            inputs = [(p.segment, dead) for p, dead in zip(parts, starting)]
            record = None
            if self.folder is None:
                merged = merge_segments(name, inputs)
            else:
                record = write_merged(self.folder, name, lambda allocate: merge_segments(name, inputs, allocate))
                merged, _ = open_segment(self.folder, record, verify=False)
            with self.lock:
                if any(p not in self._parts for p in parts):
                    return False
                dead = _carried_tombstones(parts, starting)
                first = self._parts.index(parts[0])
                survivors = [p for p in self._parts if p not in parts]
                if merged.articles > dead.size:  # a segment whose every article died is simply dropped
                    survivors.insert(first, _Part(merged, dead, record, 0))
                self._parts = survivors
                self._writing.discard(name)
                self.commit(self.sources)
        finally:
            with self.lock:
                self._writing.discard(name)
        log.info("merged %d index segments into %s", len(parts), name)
        return True

    def start_merging(self, publish: Callable[[PassageIndex], None]) -> None:
        """Merge in a worker thread while :meth:`merge_plan` asks for it, publishing each result (no-op if running)."""
        with self.lock:
            if self._merging is not None or not self.merge_plan():
                return
            # Not a daemon: the interpreter waits for a merge at exit instead of stopping the
            # thread inside native code, which aborts the process ("terminate called
            # without an active exception"); a merge takes seconds.
            self._merging = threading.Thread(target=self._merge_all, args=(publish,), name="index-merge")
            self._merging.start()

    def wait_for_merges(self, timeout: float | None = None) -> None:
        """Block until the merge thread (if any) is done."""
        thread = self._merging
        if thread is not None:
            thread.join(timeout)

    def _merge_all(self, publish: Callable[[PassageIndex], None]) -> None:
        # The thread gives up its place under the lock in the same step that finds nothing
        # left to merge: a segment added while it was finishing would otherwise see it still
        # alive, start no merge, and stay unmerged until the next feed round.
        try:
            while True:
                with self.lock:
                    plan = self.merge_plan()
                    if not plan:
                        self._merging = None
                        return
                if self.merge(plan):
                    with self.lock:
                        publish(self.snapshot())
        except Exception:  # a failed merge leaves the unmerged segments, which still answer
            log.exception("index merge failed; the segments stay as they are")
            with self.lock:
                self._merging = None


def _is_dead(part: _Part, local: int) -> bool:
    position = np.searchsorted(part.dead, local)
    return bool(position < part.dead.size and part.dead[position] == local)


def _carried_tombstones(parts: Sequence[_Part], starting: Sequence[np.ndarray]) -> np.ndarray:
    """Articles tombstoned in ``parts`` since the merge began, numbered as in the merged segment."""
    carried = []
    offset = 0
    for part, before in zip(parts, starting):
        newly = np.setdiff1d(part.dead, before)
        carried.append(offset + newly - np.searchsorted(before, newly))
        offset += part.segment.articles - before.size
    return np.concatenate(carried).astype(np.int64) if carried else np.zeros(0, dtype=np.int64)
