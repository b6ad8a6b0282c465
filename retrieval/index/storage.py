"""The index on disk: segment folders of ``.npy`` files and one JSON manifest, written so a crash loses nothing.

Layout of an index folder::

    manifest.json          what the index is: format, settings, segments, their files' sizes and SHA-256
    terms.txt              the term dictionary, appended to (see :mod:`retrieval.index.terms`)
    terms-lookup-N.npy     its first N terms sorted by hash, to look terms up without reading them all
    seg-000012/*.npy       one immutable segment (see :mod:`retrieval.index.segment`)
    dead-seg-000012-3.npy  its tombstones: the numbers of its deleted articles (3 of them)

Every file is written under a temporary name, flushed to disk (``fsync``) and
renamed; the manifest is written last, the same way, and ``os.replace`` makes it the
one commit point. A crash before that leaves the previous manifest, which names only
complete files; what it does not name (a half-written segment, an old one merged
away) is removed when the folder is next opened.

Arrays are read with ``np.load(mmap_mode="r", allow_pickle=False)``, one header at a time
(:mod:`retrieval.index.npy_files`): a restart maps
the files instead of reading them, nothing in the folder can run code, and only
the file names and dtypes the format defines are accepted. The token table and the
strings of a large segment are read by row ranges with ``pread`` when answering
(:class:`~retrieval.index.segment.ColdFile`), so they stay out of resident memory. Checksums are computed
once, while writing; reading them back costs a pass over every byte, so a large
segment is checked for size and shape at once and for its checksum in the background
(:meth:`SegmentRecord.verify`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.atomic_files import write_atomically
from retrieval.index.npy_files import load_npy
from retrieval.index.segment import ARRAYS, COLD_ARRAYS, FIELDS, Allocate, ColdFile, Segment
from retrieval.index.terms import TERMS

# 4: the token table as one array of records (``t_rows``), each passage's byte span (``p_byte_*``), the headline terms row by row (``h_row_*``)
FORMAT_VERSION = 4
MANIFEST = "manifest.json"
# The token table and strings of a segment at least this large are read by ``pread``, not through
# the map (see :class:`~retrieval.index.segment.ColdFile`); a smaller one holds few pages and needs
# no descriptors.
COLD_BYTES = 4 << 20
_SEGMENT_NAME = re.compile(r"^seg-[0-9]{6,}$")
_DEAD_NAME = re.compile(r"^dead-seg-[0-9]{6,}-[0-9]+\.npy$")

log = logging.getLogger(__name__)


class CorruptSegment(ValueError):
    """A segment's files do not match what the manifest recorded."""


@dataclass(frozen=True)
class FileRecord:
    """A file's size and SHA-256 as written."""

    size: int
    sha256: str

    def to_json(self) -> list[Any]:
        return [self.size, self.sha256]

    @classmethod
    def from_json(cls, value: Any) -> FileRecord:
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str)):
            raise ValueError(f"bad file record {value!r}")
        return cls(value[0], value[1])


@dataclass(frozen=True)
class SegmentRecord:
    """A segment as the manifest names it: its folder, its files, and its tombstone file if any."""

    name: str
    files: dict[str, FileRecord]
    dead_file: str | None = None
    dead: FileRecord | None = None

    @property
    def nbytes(self) -> int:
        return sum(f.size for f in self.files.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "files": {name: record.to_json() for name, record in sorted(self.files.items())},
            "dead_file": self.dead_file,
            "dead": self.dead.to_json() if self.dead else None,
        }

    @classmethod
    def from_json(cls, value: Any) -> SegmentRecord:
        if not isinstance(value, dict) or not _SEGMENT_NAME.match(str(value.get("name", ""))):
            raise ValueError("bad segment record")
        files = value.get("files")
        if not isinstance(files, dict) or set(files) != {f"{name}.npy" for name in ARRAYS}:
            raise ValueError(f"segment {value['name']}: unexpected file list")
        dead_file = value.get("dead_file")
        if dead_file is not None and not (isinstance(dead_file, str) and _DEAD_NAME.match(dead_file)):
            raise ValueError(f"segment {value['name']}: bad tombstone file name")
        dead = FileRecord.from_json(value["dead"]) if dead_file is not None else None
        return cls(value["name"], {n: FileRecord.from_json(r) for n, r in files.items()}, dead_file, dead)

    def verify(self, folder: Path) -> None:
        """Compare every file's SHA-256 with the record; raises :class:`CorruptSegment`."""
        for name, record in self.files.items():
            if _sha256(folder / self.name / name) != record.sha256:
                raise CorruptSegment(f"{self.name}/{name}: checksum mismatch")
        if self.dead_file is not None and self.dead is not None and _sha256(folder / self.dead_file) != self.dead.sha256:
            raise CorruptSegment(f"{self.dead_file}: checksum mismatch")


def write_segment(folder: Path, segment: Segment) -> SegmentRecord:
    """Write ``segment`` as ``folder/<name>/`` through a temporary folder; return its record."""
    temporary = _fresh(folder / f".tmp-{segment.name}-{os.getpid()}")
    for name, dtype in ARRAYS.items():
        np.save(temporary / f"{name}.npy", np.ascontiguousarray(segment.arrays[name], dtype=np.dtype(dtype)), allow_pickle=False)
    return _finish(folder, temporary, segment.name)


def write_merged(folder: Path, name: str, merge: Callable[[Allocate], Segment]) -> SegmentRecord:
    """Run ``merge`` with its output arrays mapped from files of a new segment folder; return its record.

    The merged arrays go to disk as they are filled (the page cache holds them, not
    the process), so a merge needs no memory for its output.
    """
    temporary = _fresh(folder / f".tmp-{name}-{os.getpid()}")
    mapped: dict[str, np.memmap] = {}

    def allocate(field: str, shape: tuple[int, ...]) -> np.ndarray:
        dtype = np.dtype(ARRAYS[field])
        if not all(shape):  # an empty file cannot be mapped: saved as it is below
            return np.empty(shape, dtype=dtype)
        mapped[field] = np.lib.format.open_memmap(temporary / f"{field}.npy", mode="w+", dtype=dtype, shape=shape)
        return mapped[field]

    segment = merge(allocate)
    for field in ARRAYS:
        if field in mapped:
            mapped[field].flush()
        else:
            np.save(temporary / f"{field}.npy", np.asarray(segment.arrays[field]), allow_pickle=False)
    mapped.clear()
    del segment
    return _finish(folder, temporary, name)


def _fresh(temporary: Path) -> Path:
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    return temporary


def _finish(folder: Path, temporary: Path, name: str) -> SegmentRecord:
    """fsync the files of a finished temporary segment folder, record them, and rename it into place."""
    files = {}
    for path in sorted(temporary.iterdir()):
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
        files[path.name] = FileRecord(path.stat().st_size, _sha256(path))
    _fsync_directory(temporary)
    final = folder / name
    shutil.rmtree(final, ignore_errors=True)
    os.rename(temporary, final)
    _fsync_directory(folder)
    return SegmentRecord(name, files)


def write_dead(folder: Path, record: SegmentRecord, dead: np.ndarray) -> SegmentRecord:
    """Write the tombstones of a segment (sorted article numbers) as a new file; the updated record."""
    name = f"dead-{record.name}-{dead.size}.npy"
    written = _write_array(folder / name, np.asarray(dead, dtype="<i8"))
    return SegmentRecord(record.name, record.files, name, written)


def open_segment(folder: Path, record: SegmentRecord, verify: bool) -> tuple[Segment, np.ndarray]:
    """Map a segment's arrays and read its tombstones, checking sizes, dtypes and shapes (and checksums if ``verify``).

    Raises :class:`CorruptSegment` for anything that does not match.
    """
    try:
        if verify:
            record.verify(folder)
        arrays = {}
        offsets: dict[str, int] = {}
        for name, dtype in ARRAYS.items():
            path = folder / record.name / f"{name}.npy"
            expected = record.files[f"{name}.npy"]
            if path.stat().st_size != expected.size:
                raise CorruptSegment(f"{record.name}/{name}.npy: size {path.stat().st_size}, expected {expected.size}")
            array = load_npy(path, mapped=True)
            if array.dtype != np.dtype(dtype):
                raise CorruptSegment(f"{record.name}/{name}.npy: dtype {array.dtype}, expected {dtype}")
            arrays[name] = array.view(np.ndarray)  # still the map, without np.memmap's slow slicing
            offsets[name] = array.offset
        dead = np.zeros(0, dtype=np.int64)
        if record.dead_file is not None and record.dead is not None:
            path = folder / record.dead_file
            if path.stat().st_size != record.dead.size:
                raise CorruptSegment(f"{record.dead_file}: wrong size")
            dead = np.asarray(load_npy(path, mapped=False), dtype=np.int64)
        _check_shapes(record.name, arrays, dead)
        cold: dict[str, ColdFile] = {}
        if record.nbytes >= COLD_BYTES:  # all of them or none: the token table's rows are read together
            for name in COLD_ARRAYS:
                cold[name] = ColdFile(folder / record.name / f"{name}.npy", offsets[name], arrays[name].dtype)
    except (OSError, ValueError, EOFError) as error:
        if isinstance(error, CorruptSegment):
            raise
        raise CorruptSegment(f"{record.name}: {error}") from error
    return Segment(record.name, arrays, cold), dead


def _check_shapes(name: str, a: Mapping[str, np.ndarray], dead: np.ndarray) -> None:
    """The cheap consistency checks that keep a damaged segment from failing later, at query time."""
    passages, articles = a["p_lengths"].size, a["a_lengths"].size
    one_dimensional = all(a[n].ndim == 1 for n in ARRAYS if n != "a_dates")
    problems = [
        not one_dimensional,
        a["a_dates"].shape != (articles, 4),
        any(a[f"{p}_indptr"].size != a[f"{p}_terms"].size + 1 or a[f"{p}_indptr"][-1] != a[f"{p}_indices"].size
            or a[f"{p}_indices"].size != a[f"{p}_counts"].size for p in "pah"),
        any(a[n].size != passages for n in ("p_article", "p_start", "p_end", "p_byte_start", "p_byte_end", "t_starts", "t_ends")),
        any(a[n].size != articles for n in ("k_hash", "o_hash")),
        passages and a["t_ends"][-1] != a["t_rows"].size,
        a["a_passages"].size != articles + 1 or (articles and a["a_passages"][-1] != passages),
        a["h_row_bounds"].size != articles + 1 or a["h_row_bounds"][-1] != a["h_row_terms"].size,
        a["s_offsets"].size != articles * len(FIELDS) + 1 or a["s_offsets"][-1] != a["s_blob"].size,
        dead.ndim != 1 or (dead.size and (dead.min() < 0 or dead.max() >= articles)),
    ]  # fmt: skip
    if any(problems):
        raise CorruptSegment(f"{name}: arrays of inconsistent shapes")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest as JSON, or ``None`` when there is none or it cannot be read (logged)."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
        return manifest
    except (OSError, ValueError) as error:
        log.warning("index manifest %s unreadable (%s); starting a new index", path, error)
        return None


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Replace the manifest atomically: temporary file, fsync, ``os.replace``, fsync of the folder."""
    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomically(folder / MANIFEST, lambda handle: handle.write(data))
    _fsync_directory(folder)


def remove_orphans(folder: Path, keep: set[str]) -> None:
    """Delete what the manifest does not name: temporary files, old segments, old tombstones."""
    for path in folder.iterdir():
        if path.name in keep or path.name in (MANIFEST, TERMS) or any(path.name.startswith(f".tmp-{k}-") for k in keep):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as error:
            log.warning("could not remove %s from the index folder: %s", path, error)


def _write_array(path: Path, array: np.ndarray) -> FileRecord:
    """``np.save`` through a temporary file and a rename (:func:`write_atomically`); the written file's record."""
    write_atomically(path, lambda handle: np.save(handle, array, allow_pickle=False))
    return FileRecord(path.stat().st_size, _sha256(path))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_directory(path: Path) -> None:
    """Make a rename inside ``path`` durable (where the platform allows opening folders)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
