"""The global term dictionary: term → id, and it only grows.

Every segment stores term ids, not terms, so the ids must mean the same thing in
every segment ever written: a term keeps its id for good, and a new term gets the
next one. On disk it is a UTF-8 file with one term a line, appended to; the manifest
records how many bytes of it belong to the index (and their SHA-256), so a tail left
by a crash between appending and committing is ignored and overwritten next time.
Analysed terms never hold white space (the analyser splits words on it), so a line
is a term.

Opening an index must not turn every term into a Python dict: at 1M passages that
was 0.4 s of the 2 s from process start to the first answer (558k terms; a
``dict(zip(...))`` instead of the loop gained nothing). So the terms are looked up
through a second file written beside ``terms.txt``, ``terms-lookup-<count>.npy``:
one int64 array of three rows over the first ``count`` terms, sorted by the term's
64-bit hash (:mod:`retrieval.index.hashed_strings`), holding the hash, the id and where
the term's line starts in ``terms.txt``. It is memory-mapped and binary-searched; a
hit is confirmed by comparing the line in ``terms.txt`` with the term, so a collision
of hashes cannot give a wrong id. The terms added since that file was written (at
most :data:`LOOKUP_TAIL` of them) are read into a small dict, as all of them were
before. The lookup file is immutable: when the tail outgrows :data:`LOOKUP_TAIL`, a
commit writes a new one (a sort of the old hashes with the tail's: 0.22–0.27 s at 624k
terms, once every 65k new terms), under a new name through a temporary file, and
the manifest names it, so a crash at any moment leaves the old pair whole.
``terms.txt`` is still checked against its SHA-256 at open, as is the lookup file,
both through a memory map (reading them into memory first cost another 30 ms):
14 ms together at 558k terms. A background check, as for large segments, would save
those 14 ms but not be simple: every write of the dictionary would have to wait for
it (a save after an unchecked open would bless a damaged file with a new checksum),
and a damaged lookup found late could already have handed a term a second id.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.atomic_files import write_atomically
from retrieval.index.hashed_strings import positions_of, string_hash, string_hashes
from retrieval.index.npy_files import load_npy

TERMS = "terms.txt"
# Terms kept out of the lookup file (read into a dict at open) before a commit writes a new one.
LOOKUP_TAIL = 1 << 16
_LOOKUP_NAME = re.compile(r"^terms-lookup-[0-9]+\.npy$")


class CorruptTerms(ValueError):
    """The terms file or its lookup does not match what the manifest recorded."""


@dataclass(frozen=True)
class _Lookup:
    """The lookup file's rows (hash, id, line start; sorted by hash) over the terms whose lines lie in ``text[:covered]``."""

    rows: np.ndarray
    name: str | None
    size: int
    sha256: str
    covered: int

    @property
    def count(self) -> int:
        return int(self.rows.shape[1])

    def to_json(self) -> dict[str, Any] | None:
        if self.name is None:
            return None
        return {"file": self.name, "count": self.count, "bytes": self.covered, "size": self.size, "sha256": self.sha256}


_EMPTY = _Lookup(np.zeros((3, 0), dtype=np.int64), None, 0, "", 0)


class TermDictionary:
    """Term → id for every term any segment has used; ids are dense and never reused."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._lookup = _EMPTY
        self._recent: dict[str, int] = {}  # terms outside the lookup file, in id order
        self._text: bytes | mmap.mmap = b""  # ``terms.txt`` (mapped) as far as the lookup file covers it at least
        self._size = 0  # bytes of ``terms.txt`` saved
        self._digest = hashlib.sha256()  # of those bytes
        self._pending: list[str] = []
        for term in terms:
            self._recent.setdefault(term, len(self._recent))
        self._count = len(self._recent)

    def __len__(self) -> int:
        return self._count

    def get(self, term: str) -> int:
        """The term's id, or -1 when no segment has it."""
        found = self._recent.get(term)  # before the lookup: a commit swaps the lookup in first, then empties this
        if found is not None:
            return found
        lookup = self._lookup
        if not lookup.count:
            return -1
        line = term.encode("utf-8") + b"\n"
        text = self._text
        for position in positions_of(lookup.rows[0], string_hash(term)):
            start = int(lookup.rows[2, position])
            if text[start : start + len(line)] == line:
                return int(lookup.rows[1, position])
        return -1

    def ensure_one(self, term: str) -> int:
        """The id of ``term``, giving it the next id if it is new."""
        found = self._recent.get(term)
        return found if found is not None else int(self.ensure((term,))[0])

    def ensure(self, terms: Iterable[str]) -> np.ndarray:
        """Ids of ``terms`` (in order), giving new terms the next ids."""
        out = []
        for term in terms:
            found = self.get(term)
            if found < 0:
                if term and term.split() != [term]:  # white space inside or around it (str.isspace's)
                    raise ValueError(f"an index term holds white space: {term!r}")
                found = self._recent[term] = self._count
                self._count += 1
                self._pending.append(term)
            out.append(found)
        return np.asarray(out, dtype=np.int32)

    def all_ids(self) -> dict[str, int]:
        """Every term → its id, in id order: built on each call (0.2 s at 1M passages), so never on a question's path.

        For tests and the rare caller that lists terms; a question looks its terms up with :meth:`get`.
        """
        lookup = self._lookup
        listed = self._text[: lookup.covered].decode("utf-8").splitlines()
        return {**dict(zip(listed, range(lookup.count))), **self._recent}

    @property
    def lookup_file(self) -> str | None:
        """The name of the lookup file beside ``terms.txt`` this dictionary reads, if any."""
        return self._lookup.name

    @property
    def wants_new_lookup(self) -> bool:
        """Whether the next :meth:`save` writes a new lookup file (too many terms are read into the dict at open)."""
        return len(self._recent) > LOOKUP_TAIL

    @classmethod
    def load(cls, folder: Path, record: Mapping[str, Any]) -> TermDictionary:
        """The dictionary the manifest's ``record`` describes, checked against its sizes and SHA-256."""
        size, sha256 = int(record["bytes"]), str(record["sha256"])
        text = _mapped(folder / TERMS, size)
        digest = hashlib.sha256(text)
        if digest.hexdigest() != sha256:
            raise CorruptTerms(f"{TERMS}: checksum mismatch")
        dictionary = cls()
        lookup = _read_lookup(folder, record.get("lookup"), size)
        dictionary._lookup, dictionary._text, dictionary._size, dictionary._digest = lookup, text, size, digest
        tail = text[lookup.covered :].decode("utf-8").splitlines()
        dictionary._recent = dict(zip(tail, range(lookup.count, lookup.count + len(tail))))
        dictionary._count = lookup.count + len(tail)
        if len(dictionary._recent) != len(tail) or dictionary._count != int(record.get("count", dictionary._count)):
            raise CorruptTerms(f"{TERMS}: {dictionary._count} terms, the manifest says {record.get('count')}")
        return dictionary

    def save(self, folder: Path) -> dict[str, Any]:
        """Append the terms added since the last save to ``terms.txt``; the manifest's record of the result.

        Whatever lies beyond the saved size (a crashed writer's tail) is overwritten.
        A new lookup file is written when :attr:`wants_new_lookup`; the old one stays
        until the caller's manifest no longer names it.
        """
        path = folder / TERMS
        data = "".join(f"{t}\n" for t in self._pending).encode("utf-8")
        if not self._size:  # a new dictionary: a new file, as another process may have the old one mapped
            temporary = folder / f".tmp-{TERMS}-{os.getpid()}"
            _write_at(temporary, "wb", 0, data)
            os.replace(temporary, path)
        elif data:  # appended after the saved bytes (a crashed writer's tail beyond them is overwritten)
            _write_at(path, "r+b", self._size, data)
        self._size += len(data)
        self._digest.update(data)
        self._pending = []
        if self.wants_new_lookup:
            self._write_lookup(folder)
        return {
            "bytes": self._size,
            "sha256": self._digest.hexdigest(),
            "count": self._count,
            "lookup": self._lookup.to_json(),
        }

    def _write_lookup(self, folder: Path) -> None:
        """Write a lookup file over every saved term and read the terms through it from now on."""
        old = self._lookup
        terms = list(self._recent)
        lengths = np.fromiter((len(t.encode("utf-8")) + 1 for t in terms), dtype=np.int64, count=len(terms))
        starts = old.covered + np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        ids = np.arange(old.count, old.count + len(terms), dtype=np.int64)
        rows = np.concatenate([np.asarray(old.rows), np.stack([string_hashes(terms), ids, starts])], axis=1)
        rows = np.ascontiguousarray(rows[:, np.argsort(rows[0], kind="stable")])
        name = f"terms-lookup-{rows.shape[1]}.npy"
        write_atomically(folder / name, lambda handle: np.save(handle, rows, allow_pickle=False))
        lookup = _Lookup(rows, name, (folder / name).stat().st_size, _sha256(folder / name), old.covered + int(lengths.sum()))
        if lookup.covered != self._size:
            raise AssertionError("the lookup file must cover every saved term")
        self._text = _mapped(folder / TERMS, self._size)  # first the text, the lookup, then the dict: a
        self._lookup = lookup  # concurrent :meth:`get` finds every term in one of them
        self._recent = {}


def _read_lookup(folder: Path, record: Any, size: int) -> _Lookup:
    """The lookup file a manifest's record names (mapped), or none; raises :class:`CorruptTerms`."""
    if record is None:
        return _EMPTY
    if not isinstance(record, dict) or not _LOOKUP_NAME.match(str(record.get("file", ""))):
        raise CorruptTerms("bad term lookup record")
    path = folder / record["file"]
    count, covered = int(record["count"]), int(record["bytes"])
    if path.stat().st_size != int(record["size"]) or _sha256(path) != record["sha256"] or covered > size:
        raise CorruptTerms(f"{path.name}: checksum mismatch")
    rows = load_npy(path, mapped=True)
    if rows.dtype != np.int64 or rows.shape != (3, count):
        raise CorruptTerms(f"{path.name}: shape {rows.shape}, expected (3, {count})")
    return _Lookup(rows.view(np.ndarray), path.name, int(record["size"]), str(record["sha256"]), covered)


def _write_at(path: Path, mode: str, offset: int, data: bytes) -> None:
    """Write ``data`` at ``offset`` of ``path``, cutting what lay beyond, and flush it to disk."""
    with path.open(mode) as handle:
        handle.truncate(offset)
        handle.seek(offset)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _mapped(path: Path, size: int) -> bytes | mmap.mmap:
    """The first ``size`` bytes of ``path``, mapped (reading 8 MB into memory cost 10 ms); raises :class:`CorruptTerms`."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size < size:
            raise CorruptTerms(f"{path.name}: shorter than the manifest says")
        return mmap.mmap(handle.fileno(), size, access=mmap.ACCESS_READ) if size else b""


def _sha256(path: Path) -> str:
    return hashlib.sha256(_mapped(path, path.stat().st_size)).hexdigest()
