"""An immutable segment: the arrays of a batch of articles, in memory or memory-mapped.

A segment holds everything the index needs about its articles as flat numpy
arrays, so it can be written once with ``np.save`` and mapped back with
``np.load(mmap_mode="r")`` (see :mod:`retrieval.index.storage`):

- raw term counts, column-compressed (a term's postings are one slice): per
  passage (``p_*``), per article with the headline counted ``headline_weight``
  times (``a_*``), and per headline (``h_*``); the headline terms also row by row
  (``h_row_terms`` from ``h_row_bounds[a]`` to ``h_row_bounds[a + 1]``: the second
  stage asks which question terms a few dozen articles' headlines hold, one read
  each instead of a search per term); term ids come from the global
  :class:`~retrieval.index.terms.TermDictionary`, and only the terms a segment
  holds have a column (``*_terms``, sorted), so a small segment stays small however
  large the vocabulary grows;
- passage lengths, article, character span, and byte span in the UTF-8 text of its
  article (``p_byte_start``, ``p_byte_end``: the second stage's letter sequences read a
  candidate's bytes from the blob, without its article's text or any decoding);
  article lengths and the range of its passages (an article's passages are
  consecutive, in text order);
- the :class:`~retrieval.index.token_table.TokenTable` rows of its passages, for the
  second stage, as one array of records (``t_rows``, see
  :data:`~retrieval.index.token_table.ROW`) so a passage's rows are one read;
- the articles themselves: id, headline, text, source, link, where they came from
  (``origin``), the key the library tracks them by, and a digest of their content,
  as one UTF-8 blob with offsets; dates as integers. Texts are read from the blob
  when an article is shown, never kept as Python strings.

Weights are not stored: they depend on corpus-wide statistics that change as
articles come and go, and are applied at query time (:mod:`retrieval.index.bm25`).
Articles are deleted by marking them dead (a tombstone list kept beside the segment);
:func:`merge_segments` writes the live part of several segments as one.

The second stage's reads, measured at 1M passages (CPU time a question, the 200
benchmark questions): the token rows as four arrays took ~190 reads and 0.58 ms,
as one array of records 48 reads and 0.25 ms; the candidates' letter sequences read
from their articles' whole texts, decoded, sliced and encoded again took 0.35 ms,
read by each passage's byte span 0.13 ms (50 reads: the candidates are in 48
articles on average, so nearby spans are seldom joined); the headline terms searched
term by term in the headline postings 0.17–0.23 ms, read row by row ~0.05 ms. These
arrays add 16 bytes a passage and 4 bytes a headline term (1M passages: ~24 MB of
1.6 GB) and about 1 µs a passage to a build (the byte spans). Not done: storing each
passage's text beside its token rows would make the two reads of a candidate one
(~0.1 ms a question) but store the texts twice (+~450 MB at 1M); reading the strings
through the memory map instead of ``pread`` would leave them resident (see
:class:`ColdFile`); reading a question's token rows with ``os.preadv`` straight into
one preallocated array (no ``bytes`` per range, no joining) took 0.114 ms a question
against 0.091 with ``pread`` and a join (1M passages, thread CPU); joining every
segment's pieces once instead of each segment's and then concatenating them made no
measurable difference (0.16–0.19 ms a question for the token table either way).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import weakref
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from retrieval.index.bm25 import Bm25Settings, length_norms
from retrieval.index.terms import TermDictionary
from retrieval.index.reading import HelperReader, read_articles, read_in_two
from retrieval.index.token_table import ROW, PassageWords, WrittenWords
from retrieval.news.article import Article, ArticleDate, Precision
from retrieval.news.date_table import date_rows
from retrieval.text.analysis import Analyzer

if TYPE_CHECKING:
    from scipy import sparse

    from retrieval.index.passage_index import IndexSettings

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` during long work."""

_PROGRESS_EVERY = 2000

# A large addition (a first build) is cut into segments of about this much text (~20k passages),
# so building never holds more than one such batch of Python objects at a time.
BATCH_CHARACTERS = 10_000_000

# Term lists whose columns a segment remembers (see :meth:`Segment.columns`): a question's few, for several questions at once.
_REMEMBERED_COLUMNS = 32

# A merge copies the token rows of an input this many at a time (17 MB), not all at once.
_MERGE_ROWS = 1 << 20

FIELDS = ("key", "origin", "digest", "id", "headline", "text", "source", "url")
"""The string fields of each article, in their order in the blob."""
_FIELD = {name: number for number, name in enumerate(FIELDS)}

ARRAYS: dict[str, str | np.dtype] = {
    "p_terms": "<i4", "p_indptr": "<i8", "p_indices": "<i4", "p_counts": "<f4",
    "p_lengths": "<i8", "p_article": "<i4", "p_start": "<i8", "p_end": "<i8", "p_byte_start": "<i8", "p_byte_end": "<i8",
    "t_rows": ROW, "t_starts": "<i8", "t_ends": "<i8",
    "a_indptr": "<i8", "a_indices": "<i4", "a_counts": "<f4", "a_lengths": "<i8", "a_passages": "<i8",
    "a_terms": "<i4", "h_terms": "<i4", "h_indptr": "<i8", "h_indices": "<i4", "h_counts": "<f4",
    "h_row_terms": "<i4", "h_row_bounds": "<i8",
    "a_dates": "<i4", "s_blob": "|u1", "s_offsets": "<i8", "k_hash": "<i8", "o_hash": "<i8",
}  # fmt: skip
"""Every array of a segment with its dtype; nothing else is read from a segment folder."""


@dataclass(frozen=True)
class Entry:
    """An article to index, with the key the library tracks it by and where it came from (a file, the store)."""

    key: str
    origin: str
    article: Article

    @cached_property
    def digest(self) -> str:
        """:func:`article_digest` of the article, computed once: the synchronisation compares it, the segment stores it."""
        return article_digest(self.article)


def text_hash(value: str) -> int:
    """A stable signed 64-bit hash of a string (keys and origins are looked up by it)."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)


def article_digest(article: Article) -> str:
    """A hash of every field of ``article``: equal digests mean nothing to re-index."""
    digest = hashlib.sha256()
    date = article.date.isoformat() if article.date else ""
    for value in (article.id, article.headline, article.text, date, article.source or "", article.url or ""):
        digest.update(value.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class SegmentStatistics:
    """What one segment adds to the corpus-wide statistics, over its live articles only."""

    passages: int
    articles: int
    passage_length: int  # sum of live passage lengths (exact integers, so any split sums alike)
    article_length: int
    # Live document frequencies of passages, headlines and articles when some articles are
    # dead; ``None`` when every posting counts: then they are read from the postings'
    # offsets when summed, and not kept (a vocabulary-wide array per segment adds up).
    frequencies: tuple[np.ndarray, np.ndarray, np.ndarray] | None


@dataclass(frozen=True)
class ArticleSummary:
    """What the live articles of a segment cover, for "what do you know" replies."""

    articles: int
    dated: int
    first: ArticleDate | None
    last: ArticleDate | None
    sources: Counter[str]


COLD_ARRAYS = ("t_rows", "s_blob")
"""The arrays a question reads only a few scattered rows of: the token table and the strings."""


class ColdFile:
    """A 1-D ``.npy`` array read by row ranges with ``os.pread`` instead of through its memory map.

    Why: every page of a mapped file that is touched counts in the process's resident
    memory, and the kernel maps the neighbours of a touched page as well (fault-around,
    64 KiB), whatever ``madvise`` says. The token table and the article strings are
    most of an index's bytes, and each question reads a few hundred scattered rows of
    them, so through the map a serving process soon holds nearly all of them resident
    (1M passages: ~830 MiB of 1.66 GiB). Read with ``pread`` they are copied out of the
    page cache into small short-lived arrays and count in nobody's resident size.
    The descriptor is opened at once (a merge may delete the file while an old
    snapshot still answers from it) and closed when the segment is collected.
    """

    def __init__(self, path: str | os.PathLike[str], offset: int, dtype: np.dtype) -> None:
        self.offset = offset
        self.dtype = np.dtype(dtype)
        self._descriptor = os.open(path, os.O_RDONLY)
        self._closer = weakref.finalize(self, os.close, self._descriptor)

    def read_bytes(self, start: int, stop: int) -> bytes:
        """The bytes of rows ``start:stop`` (one ``pread``: the article strings are read one by one)."""
        size = self.dtype.itemsize
        wanted = (stop - start) * size
        data = os.pread(self._descriptor, wanted, self.offset + start * size) if wanted > 0 else b""
        if len(data) != wanted:
            raise OSError(f"index file shorter than its header says ({len(data)} of {wanted} bytes read)")
        return data

    def read_ranges(self, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
        """The rows of every range ``starts[i]:stops[i]``, concatenated; one ``pread`` for each run of adjacent ranges."""
        return np.frombuffer(b"".join(self.read_each(*joined_ranges(starts, stops))), dtype=self.dtype)

    def read_each(self, starts: Sequence[int], stops: Sequence[int]) -> list[bytes]:
        """The bytes of every range of rows ``starts[i]:stops[i]``, one ``pread`` each."""
        size, offset, descriptor = self.dtype.itemsize, self.offset, self._descriptor
        pieces = [os.pread(descriptor, (stop - start) * size, offset + start * size) for start, stop in zip(starts, stops)]
        wanted, read = sum(stops) * size - sum(starts) * size, sum(map(len, pieces))
        if read != wanted:
            raise OSError(f"index file shorter than its header says ({read} of {wanted} bytes read)")
        return pieces


class Segment:
    """The arrays of one segment, read-only; ``dead`` articles (tombstones) are applied by the caller.

    ``cold``: for a segment on disk, the :data:`COLD_ARRAYS` to read with ``pread``
    (:class:`ColdFile`) instead of through their maps when answering questions; the
    maps stay for merges, which read them whole and release the pages.
    """

    def __init__(self, name: str, arrays: dict[str, np.ndarray], cold: dict[str, ColdFile] | None = None) -> None:
        self.name = name
        self.arrays = arrays
        self.cold = cold or {}
        a = arrays
        self.p_terms, self.p_indptr, self.p_indices, self.p_counts = a["p_terms"], a["p_indptr"], a["p_indices"], a["p_counts"]
        self.p_lengths, self.p_article = a["p_lengths"], a["p_article"]
        self.p_start, self.p_end = a["p_start"], a["p_end"]
        self.p_byte_start, self.p_byte_end = a["p_byte_start"], a["p_byte_end"]
        self.t_rows, self.t_starts, self.t_ends = a["t_rows"], a["t_starts"], a["t_ends"]
        self.a_terms, self.a_indptr, self.a_indices, self.a_counts = a["a_terms"], a["a_indptr"], a["a_indices"], a["a_counts"]
        self.a_lengths, self.a_passages = a["a_lengths"], a["a_passages"]
        self.h_terms, self.h_indptr, self.h_indices, self.h_counts = a["h_terms"], a["h_indptr"], a["h_indices"], a["h_counts"]
        self.h_row_terms, self.h_row_bounds = a["h_row_terms"], a["h_row_bounds"]
        self.a_dates, self.s_blob, self.s_offsets = a["a_dates"], a["s_blob"], a["s_offsets"]
        self.k_hash, self.o_hash = a["k_hash"], a["o_hash"]
        self._statistics: tuple[int, SegmentStatistics] | None = None
        self._summary: tuple[int, ArticleSummary] | None = None
        self._norms: dict[tuple[str, float, Bm25Settings], np.ndarray] = {}
        self._columns: dict[tuple[str, str, bytes], np.ndarray] = {}

    @property
    def passages(self) -> int:
        return int(self.p_lengths.size)

    @property
    def articles(self) -> int:
        return int(self.a_lengths.size)

    @property
    def width(self) -> int:
        """Every term id with postings here is below this."""
        ends = [int(terms[-1]) + 1 for terms in (self.p_terms, self.a_terms, self.h_terms) if terms.size]
        return max(ends, default=0)

    def postings(self, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Terms, offsets, documents and counts of the passage ("p"), article ("a") or headline ("h") postings."""
        return POSTINGS[kind](self)

    def columns(self, kind: str, terms: np.ndarray) -> np.ndarray:
        """Where each of the sorted term ids ``terms`` is among this segment's ``kind`` postings (-1: absent; read-only).

        Remembered for the last few term lists: one question asks for the same terms'
        passage columns in both stages and for their article columns twice (about 10 µs a search).
        """
        key = (kind, terms.dtype.str, terms.tobytes())
        found = self._columns.get(key)
        if found is not None:
            return found
        present = self.postings(kind)[0]
        if not present.size:
            found = np.full(terms.size, -1, dtype=np.int64)
        else:
            # searched in the array's own dtype: a mixed-dtype search would convert the whole array each time
            slot = np.minimum(np.searchsorted(present, terms.astype(present.dtype, copy=False)), present.size - 1)
            found = np.where(present[slot] == terms, slot, -1)
        found.flags.writeable = False
        remembered = self._columns
        if len(remembered) >= _REMEMBERED_COLUMNS:  # replaced, not emptied in place: another thread may be reading it
            remembered = self._columns = {}
        remembered[key] = found
        return found

    def field(self, local: int, name: str) -> str:
        """A string field of article ``local``, decoded from the blob."""
        slot = local * len(FIELDS) + _FIELD[name]
        start, end = self.s_offsets[slot : slot + 2].tolist()
        return str(self._bytes(start, end), "utf-8", "surrogatepass")

    def _bytes(self, start: int, end: int) -> bytes | memoryview:
        """Bytes ``start:end`` of the string blob (from the file when it is cold)."""
        blob = self.cold.get("s_blob")
        return blob.read_bytes(start, end) if blob is not None else self._blob[start:end]

    @cached_property
    def _blob(self) -> memoryview:
        """The string blob as a memory view: slicing and decoding it copies nothing else."""
        return memoryview(np.ascontiguousarray(self.s_blob)).cast("B")

    def read_token_rows(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The token rows (:data:`~retrieval.index.token_table.ROW` records) ``starts[i]:ends[i]``, concatenated.

        From a file, one ``pread`` per run of adjacent ranges (a passage's rows are
        ``t_starts[p]:t_ends[p]``, and a passage's follow the previous passage's).
        """
        cold = self.cold.get("t_rows")
        if cold is not None:
            return cold.read_ranges(starts, ends)
        return self.t_rows[_ranges(starts, ends)]

    def passage_bytes(self, local: np.ndarray) -> list[bytes]:
        """The UTF-8 text of each of passages ``local``, read from the blob as it is (nothing else read, nothing decoded)."""
        text = self.s_offsets[self.p_article[local].astype(np.int64) * len(FIELDS) + _FIELD["text"]]
        starts, stops = text + self.p_byte_start[local], text + self.p_byte_end[local]
        blob = self.cold.get("s_blob")
        if blob is not None:
            return blob.read_each(starts.tolist(), stops.tolist())
        view = self._blob
        return [bytes(view[start:stop]) for start, stop in zip(starts.tolist(), stops.tolist())]

    @cached_property
    def _by_key(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.k_hash, kind="stable")
        return np.asarray(self.k_hash)[order], order

    def find(self, key: str, hashed: int | None = None) -> list[int]:
        """Article numbers whose key is ``key`` (found by hash, confirmed by the stored key); ``hashed``: its :func:`text_hash`."""
        hashes, order = self._by_key
        wanted = text_hash(key) if hashed is None else hashed
        first = int(hashes.searchsorted(wanted))
        found = []
        while first < hashes.size and hashes[first] == wanted:  # almost always no match, or one
            if self.field(int(order[first]), "key") == key:
                found.append(int(order[first]))
            first += 1
        return found

    def from_origin(self, origin: str) -> np.ndarray:
        """Article numbers that came from ``origin`` (by hash; confirm with :meth:`field` where it matters)."""
        return np.flatnonzero(np.asarray(self.o_hash) == text_hash(origin))

    def date(self, local: int) -> ArticleDate | None:
        return _date(self.a_dates[local])

    def article(self, local: int) -> Article:
        """Article ``local`` as an object (its text read from the blob now)."""
        first = local * len(FIELDS)
        offsets = self.s_offsets[first : first + len(FIELDS) + 1].tolist()
        blob = memoryview(self._bytes(offsets[0], offsets[-1]))
        key, origin, digest, identifier, headline, text, source, url = (
            str(blob[offsets[i] - offsets[0] : offsets[i + 1] - offsets[0]], "utf-8", "surrogatepass")
            for i in range(len(FIELDS))
        )
        date = self.date(local)
        return Article(id=identifier, headline=headline, text=text, date=date, source=source or None, url=url or None)

    def summary(self, dead: np.ndarray) -> ArticleSummary:
        """Dates and sources of the live articles (memoised like :meth:`statistics`): no text is read."""
        if self._summary is not None and self._summary[0] == dead.size:
            return self._summary[1]
        alive = np.ones(self.articles, dtype=bool)
        alive[dead] = False
        dates = np.asarray(self.a_dates)[alive]
        dated = dates[dates[:, 3] > 0]
        order = np.lexsort(dated.T[::-1]) if dated.size else np.zeros(0, dtype=np.int64)  # year, month, day, precision
        edge = [_date(dated[i]) for i in order[[0, -1]]] if order.size else []
        sources = Counter(source for local in np.flatnonzero(alive).tolist() if (source := self.field(local, "source")))
        summary = ArticleSummary(int(alive.sum()), len(dated), edge[0] if edge else None, edge[-1] if edge else None, sources)
        self._summary = (dead.size, summary)
        return summary

    def statistics(self, dead: np.ndarray) -> SegmentStatistics:
        """This segment's share of the corpus statistics, without the ``dead`` articles (memoised: tombstones only grow)."""
        if self._statistics is not None and self._statistics[0] == dead.size:
            return self._statistics[1]
        alive = np.ones(self.articles, dtype=bool)
        alive[dead] = False
        live_passages = alive[self.p_article]
        frequencies = None
        if dead.size:
            frequencies = (
                _live_frequencies(self.p_indptr, self.p_indices, live_passages),
                _live_frequencies(self.h_indptr, self.h_indices, alive),
                _live_frequencies(self.a_indptr, self.a_indices, alive),
            )
        stats = SegmentStatistics(
            int(live_passages.sum()),
            int(alive.sum()),
            int(self.p_lengths[live_passages].sum()),
            int(self.a_lengths[alive].sum()),
            frequencies,
        )
        self._statistics = (dead.size, stats)
        return stats

    def add_frequencies(self, totals: Sequence[np.ndarray], dead: np.ndarray) -> None:
        """Add this segment's live document frequencies of passages, headlines and articles into ``totals``."""
        live = self.statistics(dead).frequencies
        for number, kind in enumerate("pha"):
            terms, indptr, _, _ = self.postings(kind)
            total = totals[number]
            total[terms] += np.diff(indptr) if live is None else live[number]  # distinct terms: no clash

    def norms(self, kind: str, mean: float, settings: Bm25Settings) -> np.ndarray:
        """BM25 length norms of every passage (``kind`` "p") or article ("a") for the corpus ``mean`` length.

        The remembered norms are replaced, never changed in place, and what was computed is
        returned as computed: a question on an older snapshot (another mean) may replace
        them meanwhile, from another thread (looking the key up again raised ``KeyError``).
        """
        key = (kind, mean, settings)
        remembered = self._norms
        found = remembered.get(key)
        if found is None:
            lengths = self.p_lengths if kind == "p" else self.a_lengths
            found = length_norms(np.asarray(lengths), mean, settings)
            kept = {k: v for k, v in remembered.items() if k[0] != kind}  # one mean per kind: the newest
            self._norms = {key: found, **kept}
        return found


def _date(row: np.ndarray) -> ArticleDate | None:
    """An article's date from its ``a_dates`` row (year, month, day, precision; precision 0: no date)."""
    year, month, day, precision = row.tolist()
    return ArticleDate(year, month, day, Precision(precision)) if precision else None


POSTINGS = {
    "p": lambda s: (s.p_terms, s.p_indptr, s.p_indices, s.p_counts),
    "a": lambda s: (s.a_terms, s.a_indptr, s.a_indices, s.a_counts),
    "h": lambda s: (s.h_terms, s.h_indptr, s.h_indices, s.h_counts),
}


def _live_frequencies(indptr: np.ndarray, indices: np.ndarray, alive: np.ndarray) -> np.ndarray:
    """Per column of a column-compressed matrix, how many of its rows are ``alive``."""
    if alive.all():
        return np.diff(indptr)
    running = np.zeros(indices.size + 1, dtype=np.int64)
    np.cumsum(alive[indices], out=running[1:])
    return running[indptr[1:]] - running[indptr[:-1]]


def batches(entries: Sequence[Entry]) -> Iterator[Sequence[Entry]]:
    """``entries`` in consecutive runs of about ``BATCH_CHARACTERS`` of text each."""
    start = size = 0
    for position, entry in enumerate(entries):
        size += len(entry.article.text)
        if size >= BATCH_CHARACTERS:
            yield entries[start : position + 1]
            start, size = position + 1, 0
    if start < len(entries):
        yield entries[start:]


def build_segment(
    name: str,
    entries: Sequence[Entry],
    analyzer: Analyzer,
    dictionary: TermDictionary,
    settings: IndexSettings,
    progress: Progress | None = None,
    spans: Sequence[Sequence[tuple[int, int]]] | None = None,
    words: WrittenWords | None = None,
    helper: HelperReader | None = None,
) -> Segment:
    """Analyse ``entries`` into a new segment; ``spans`` overrides each article's passage split (evaluation).

    ``words``: a table of written words shared by the segments of one large addition
    (a first build), so each distinct word is analysed once per addition, not once per
    segment; it must have been made with ``analyzer`` and ``dictionary.ensure_one``.
    ``helper``: a helper process that reads the later part of the articles (ahead,
    or while this process reads the earlier part: see
    :func:`~retrieval.index.reading.read_in_two`); the segment is the same to the byte.

    Each article's words get their ids in reading order (headline, then text), so
    the same articles added one by one or all at once give the same ids, and the
    same scores to the last bit. Each distinct written word is analysed once per
    segment (:class:`~retrieval.index.token_table.WrittenWords`) and the counts are
    taken from the term ids the token table already holds, so the text is read once;
    scikit-learn's ``TfidfTransformer`` formula turns the counts into weights at
    query time (:mod:`retrieval.index.bm25`).
    """
    from scipy import sparse  # here: answering never builds, and importing scipy took 70 ms of every start

    words = words if words is not None else WrittenWords(analyzer, dictionary.ensure_one)
    recorder = PassageWords(words)
    if helper is not None and spans is None:
        rows = read_in_two([e.article for e in entries], words, recorder, settings.passage_words, helper)
        if progress is not None:
            progress("articles", len(entries), len(entries))
    else:
        reading = (e.article for e in _reporting(entries, "articles", progress))
        rows = read_articles(reading, words.term_ids, recorder, settings.passage_words, spans)
    headline_ids, p_article, p_start, p_end, a_passages = rows.headlines, rows.article, rows.start, rows.end, rows.passages
    byte_start, byte_end = _byte_spans([e.article.text for e in entries], p_article, p_start, p_end)
    origins = {origin: text_hash(origin) for origin in {e.origin for e in entries}}  # a file's articles share one
    table = recorder.table()
    width = len(dictionary)
    passage_counts = _count(table.terms, table.ends, width)
    headline_counts = _count(
        np.fromiter((t for ids in headline_ids for t in ids), dtype=np.int64),
        np.cumsum([len(ids) for ids in headline_ids], dtype=np.int64),
        width,
    )
    membership = sparse.csr_matrix(
        (np.ones(len(p_article), dtype=np.float32), (np.asarray(p_article, dtype=np.int64), np.arange(len(p_article)))),
        shape=(len(entries), len(p_article)),
    )
    article_counts = sparse.csr_matrix(membership @ passage_counts + settings.headline_weight * headline_counts)
    arrays = {
        **_csc("p", passage_counts),
        **_csc("a", article_counts),
        **_csc("h", headline_counts),
        "h_row_terms": headline_counts.indices.astype(np.int32),  # each headline's distinct terms, sorted
        "h_row_bounds": headline_counts.indptr.astype(np.int64),
        "p_lengths": np.asarray(passage_counts.sum(axis=1), dtype=np.int64).ravel(),
        "p_article": np.asarray(p_article, dtype=np.int32),
        "p_start": np.asarray(p_start, dtype=np.int64),
        "p_end": np.asarray(p_end, dtype=np.int64),
        "p_byte_start": byte_start,
        "p_byte_end": byte_end,
        "t_rows": table.rows(),
        "t_starts": table.starts,
        "t_ends": table.ends,
        "a_lengths": np.asarray(article_counts.sum(axis=1), dtype=np.int64).ravel(),
        "a_passages": np.asarray(a_passages, dtype=np.int64),
        "a_dates": date_rows([e.article for e in entries]),
        "k_hash": np.array([text_hash(e.key) for e in entries], dtype=np.int64),
        "o_hash": np.array([origins[e.origin] for e in entries], dtype=np.int64),
        **_strings(entries),
    }
    return Segment(name, arrays)


def _count(terms: np.ndarray, ends: np.ndarray, width: int) -> sparse.csr_matrix:
    """Documents × terms counts of the term ids ``terms``, document ``i`` being ``terms[ends[i-1]:ends[i]]``.

    Rows sorted and summed, as scikit-learn's ``CountVectorizer`` gives them. ``terms`` is
    copied: scipy would sort the caller's array in place.
    """
    from scipy import sparse

    indptr = np.concatenate([[0], ends]).astype(np.int64)
    indices = terms.astype(np.int64)  # a copy
    counts = sparse.csr_matrix((np.ones(terms.size, dtype=np.float32), indices, indptr), shape=(ends.size, width))
    counts.sum_duplicates()
    return counts


def _csc(prefix: str, counts: sparse.spmatrix) -> dict[str, np.ndarray]:
    """Column-compressed postings of the terms present only: a segment's size follows its own vocabulary."""
    from scipy import sparse

    rows = sparse.csr_matrix(counts, dtype=np.float32)
    rows.sum_duplicates()
    # the terms present, sorted, and each posting's column among them: counted, not sorted and searched
    present = np.bincount(rows.indices, minlength=rows.shape[1]) > 0
    terms = np.flatnonzero(present).astype(np.int32)
    column = np.cumsum(present) - 1
    local = sparse.csr_matrix((rows.data, column[rows.indices], rows.indptr), shape=(rows.shape[0], terms.size))
    matrix = local.tocsc()
    matrix.sort_indices()
    return {
        f"{prefix}_terms": terms,
        f"{prefix}_indptr": matrix.indptr.astype(np.int64),
        f"{prefix}_indices": matrix.indices.astype(np.int32),
        f"{prefix}_counts": matrix.data.astype(np.float32),
    }


def _byte_spans(
    texts: Sequence[str], article: Sequence[int], start: Sequence[int], end: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Each passage's span in the UTF-8 bytes of its article's text, from its character span.

    An article's passages follow each other in its text, so the pieces between their
    ends are encoded one after the other and each text is encoded once in all (about
    1 µs a passage); a span that starts before the previous one ended is counted from
    the start of the text.
    """
    starts, ends = array("q"), array("q")
    current, position, offset = -1, 0, 0  # the article, a character position in it and its byte offset
    for number, first, last in zip(article, start, end):
        text = texts[number]
        if number != current or first < position:
            current, position, offset = number, 0, 0
        offset += len(text[position:first].encode("utf-8", "surrogatepass"))
        starts.append(offset)
        offset += len(text[first:last].encode("utf-8", "surrogatepass"))
        ends.append(offset)
        position = last
    return np.frombuffer(starts, dtype=np.int64).copy(), np.frombuffer(ends, dtype=np.int64).copy()


def _strings(entries: Sequence[Entry]) -> dict[str, np.ndarray]:
    pieces: list[bytes] = []
    offsets = [0]
    for entry in entries:
        a = entry.article
        values = (entry.key, entry.origin, entry.digest, a.id, a.headline, a.text, a.source or "", a.url or "")
        for value in values:
            encoded = value.encode("utf-8", "surrogatepass")
            pieces.append(encoded)
            offsets.append(offsets[-1] + len(encoded))
    return {"s_blob": np.frombuffer(b"".join(pieces), dtype=np.uint8).copy(), "s_offsets": np.asarray(offsets, dtype=np.int64)}


def merge_segments(
    name: str, parts: Sequence[tuple[Segment, np.ndarray]], allocate: Allocate | None = None
) -> Segment:
    """One segment holding the live articles of ``parts`` (segment, sorted dead articles), in order.

    Inputs are read part by part from their (memory-mapped) arrays, and every large
    output array is written where ``allocate`` puts it (by default in memory; the
    index folder's merge passes files mapped for writing, see
    :func:`~retrieval.index.storage.write_merged`), so a merge never holds a second
    copy of the index in memory: its working set is about one input part.
    """
    allocate = allocate or _in_memory
    alive = []
    for segment, dead in parts:
        mask = np.ones(segment.articles, dtype=bool)
        mask[dead] = False
        alive.append(mask)
    live_passages = [mask[np.asarray(segment.p_article)] for (segment, _), mask in zip(parts, alive)]
    arrays: dict[str, np.ndarray] = {}
    for prefix, masks in (("p", live_passages), ("a", alive), ("h", alive)):
        arrays.update(_merge_postings(prefix, [s for s, _ in parts], masks, allocate))
        names = [f"{prefix}_{n}" for n in ("terms", "indptr", "indices", "counts")]
        release(*(arrays[n] for n in names), *(getattr(s, n) for s, _ in parts for n in names))
    keep_passages = [np.flatnonzero(m) for m in live_passages]
    keep_articles = [np.flatnonzero(m) for m in alive]
    segments = [segment for segment, _ in parts]

    def per_row(field: str, keeps: list[np.ndarray], shift: Callable[[int, np.ndarray], np.ndarray] | None = None) -> None:
        blocks = []
        for number, (segment, keep) in enumerate(zip(segments, keeps)):
            block = np.asarray(getattr(segment, field)[keep])
            blocks.append(shift(number, block) if shift else block)
        joined = np.concatenate(blocks) if blocks else np.zeros(0, dtype=ARRAYS[field])
        arrays[field] = _filled(allocate, field, joined)
        release(arrays[field], *(getattr(segment, field) for segment in segments))

    article_base = np.cumsum([0, *(k.size for k in keep_articles)])
    new_article = [np.cumsum(mask) - 1 for mask in alive]
    for field in ("p_lengths", "p_start", "p_end", "p_byte_start", "p_byte_end"):
        per_row(field, keep_passages)
    per_row("p_article", keep_passages, lambda n, block: new_article[n][block] + article_base[n])
    for field in ("a_lengths", "a_dates", "k_hash", "o_hash"):
        per_row(field, keep_articles)
    sizes = np.concatenate([np.diff(np.asarray(s.a_passages))[k] for s, k in zip(segments, keep_articles)])
    arrays["a_passages"] = _filled(allocate, "a_passages", np.concatenate([[0], np.cumsum(sizes)]))
    # the headline terms row by row: the live articles' rows, in order
    heads = [(np.asarray(s.h_row_bounds)[k], np.asarray(s.h_row_bounds)[k + 1]) for s, k in zip(segments, keep_articles)]
    head_sizes = np.concatenate([e - b for b, e in heads] or [np.zeros(0, dtype=np.int64)])
    arrays["h_row_bounds"] = _filled(allocate, "h_row_bounds", np.concatenate([[0], np.cumsum(head_sizes)]))
    arrays["h_row_terms"] = _filled(
        allocate,
        "h_row_terms",
        np.concatenate([np.asarray(s.h_row_terms)[_ranges(b, e)] for s, (b, e) in zip(segments, heads)] or [np.zeros(0, dtype=np.int32)]),
    )
    # the token table: rows of the live passages, sentences renumbered per input
    spans = [(np.asarray(s.t_starts)[k], np.asarray(s.t_ends)[k]) for s, k in zip(segments, keep_passages)]
    lengths = np.concatenate([e - b for b, e in spans] or [np.zeros(0, dtype=np.int64)])
    ends = np.cumsum(lengths)
    arrays["t_starts"] = _filled(allocate, "t_starts", ends - lengths)
    arrays["t_ends"] = _filled(allocate, "t_ends", ends)
    rows = [_ranges(b, e) for b, e in spans]
    sentences = [s.t_rows["sentence"] for s in segments]
    sentence_bases = np.cumsum([0, *(int(s.max()) + 1 if s.size else 0 for s in sentences)])
    out = allocate("t_rows", (int(lengths.sum()),))
    at = 0
    for number, (segment, taken) in enumerate(zip(segments, rows)):
        for first in range(0, taken.size, _MERGE_ROWS):  # a part's rows a slice at a time: 17 bytes each
            block = np.asarray(segment.t_rows[taken[first : first + _MERGE_ROWS]])
            block["sentence"] += sentence_bases[number]
            out[at : at + block.size] = block
            at += block.size
        release(segment.t_rows)
    arrays["t_rows"] = out
    release(out)
    # the articles' strings
    slots = [(k[:, None] * len(FIELDS) + np.arange(len(FIELDS))).ravel() for k in keep_articles]
    bounds = [(np.asarray(s.s_offsets)[sl], np.asarray(s.s_offsets)[sl + 1]) for s, sl in zip(segments, slots)]
    string_lengths = np.concatenate([e - b for b, e in bounds] or [np.zeros(0, dtype=np.int64)])
    arrays["s_offsets"] = _filled(allocate, "s_offsets", np.concatenate([[0], np.cumsum(string_lengths)]))
    blob = allocate("s_blob", (int(string_lengths.sum()),))
    at = 0
    for segment, (b, e) in zip(segments, bounds):
        block = np.asarray(segment.s_blob[_ranges(b, e)])
        blob[at : at + block.size] = block
        at += block.size
        release(segment.s_blob)
    arrays["s_blob"] = blob
    release(blob)
    return Segment(name, arrays)


Allocate = Callable[[str, tuple[int, ...]], np.ndarray]
"""Gives a writable array for a segment field of a shape (in memory, or a file mapped for writing)."""


def release(*arrays: np.ndarray) -> None:
    """Let the kernel drop the resident pages of memory-mapped ``arrays`` (no-op for arrays in memory).

    Pages of a mapped file count in the process's resident size once touched; a merge
    reads every input page and writes every output page once, and would otherwise
    keep them all counted. They are read back from the file (or the page cache) if
    used again. Written pages are flushed first.
    """
    for mapped in arrays:
        base = mapped
        while base is not None and not isinstance(base, np.memmap):
            base = getattr(base, "base", None)
        mapping = getattr(base, "_mmap", None)
        if mapping is None or not hasattr(mmap, "MADV_DONTNEED"):
            continue
        try:
            if base is not None and base.flags.writeable:
                base.flush()
            mapping.madvise(mmap.MADV_DONTNEED)
        except (OSError, ValueError):  # closed, or a platform without it: the pages just stay
            continue


def _in_memory(field: str, shape: tuple[int, ...]) -> np.ndarray:
    return np.empty(shape, dtype=np.dtype(ARRAYS[field]))


def _filled(allocate: Allocate, field: str, values: np.ndarray) -> np.ndarray:
    out = allocate(field, values.shape)
    out[...] = values
    return out


def _merge_postings(
    prefix: str, segments: Sequence[Segment], live: Sequence[np.ndarray], allocate: Allocate
) -> dict[str, np.ndarray]:
    """Column-compressed counts of the live rows of each segment, stacked, over the terms any of them keeps.

    Each input's live postings are placed straight at their output positions: a term's
    postings are the inputs' in input order, so document numbers stay sorted.
    """
    inputs = [segment.postings(prefix) for segment in segments]
    union = np.unique(np.concatenate([terms for terms, _, _, _ in inputs])) if inputs else np.zeros(0, dtype=np.int32)
    frequencies = [_live_frequencies(indptr, indices, mask) for (_, indptr, indices, _), mask in zip(inputs, live)]
    totals = np.zeros(union.size, dtype=np.int64)
    columns = [np.searchsorted(union, terms) for terms, _, _, _ in inputs]
    for column, df in zip(columns, frequencies):
        totals[column] += df
    kept = totals > 0  # a term whose every posting died is dropped
    renumbered_terms = np.cumsum(kept) - 1
    indptr = _filled(allocate, f"{prefix}_indptr", np.concatenate([[0], np.cumsum(totals[kept])]))
    terms_out = _filled(allocate, f"{prefix}_terms", union[kept])
    size = int(totals.sum())
    indices = allocate(f"{prefix}_indices", (size,))
    counts = allocate(f"{prefix}_counts", (size,))
    cursor = np.asarray(indptr[:-1], dtype=np.int64).copy()
    base = 0
    for (_, offsets, postings, values), mask, df, column in zip(inputs, live, frequencies, columns):
        offsets, postings = np.asarray(offsets), np.asarray(postings)
        out_column = np.where(kept[column], renumbered_terms[column], 0)  # a dropped term has no live posting here
        renumbered = np.cumsum(mask) - 1 + base
        alive = mask[postings]
        local = np.repeat(np.arange(offsets.size - 1), np.diff(offsets))[alive]
        group_start = np.concatenate([[0], np.cumsum(df)[:-1]])
        positions = cursor[out_column[local]] + (np.arange(local.size) - group_start[local])
        indices[positions] = renumbered[postings[alive]]
        counts[positions] = np.asarray(values)[alive]
        taken = kept[column]  # a term dropped from the output has no live posting in any input
        np.add.at(cursor, out_column[taken], df[taken])
        base += int(mask.sum())
    return {f"{prefix}_terms": terms_out, f"{prefix}_indptr": indptr, f"{prefix}_indices": indices, f"{prefix}_counts": counts}


def joined_ranges(starts: np.ndarray, stops: np.ndarray) -> tuple[list[int], list[int]]:
    """The ranges ``starts[i]:stops[i]`` with each range that begins where the previous one ends joined to it.

    In Python: a segment's share of the candidates is a dozen ranges, where numpy's cost per call dominates.
    """
    joined_starts: list[int] = []
    joined_stops: list[int] = []
    for start, stop in zip(np.asarray(starts).tolist(), np.asarray(stops).tolist()):
        if joined_stops and start == joined_stops[-1]:
            joined_stops[-1] = stop
        else:
            joined_starts.append(start)
            joined_stops.append(stop)
    return joined_starts, joined_stops


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenated ranges ``starts[i]:ends[i]``."""
    lengths = ends - starts
    if not lengths.size:
        return np.zeros(0, dtype=np.int64)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + offsets


def _reporting(items: Sequence[Entry], stage: str, progress: Progress | None) -> Iterator[Entry]:
    """Pass ``items`` through, calling ``progress`` every few thousand and at the end."""
    done = 0
    for done, item in enumerate(items, start=1):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(stage, done, len(items))
        yield item
    if progress is not None:
        progress(stage, done, len(items))
