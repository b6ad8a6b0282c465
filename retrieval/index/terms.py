"""The global term dictionary: term → id, and it only grows.

Every segment stores term ids, not terms, so the ids must mean the same thing in
every segment ever written: a term keeps its id for good, and a new term gets the
next one. On disk it is a UTF-8 file with one term a line, appended to; the manifest
records how many bytes of it belong to the index (and their SHA-256), so a tail left
by a crash between appending and committing is ignored and overwritten next time.
Analysed terms never hold white space (the analyser splits words on it), so a line
is a term.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np


class CorruptTerms(ValueError):
    """The terms file does not match what the manifest recorded."""


class TermDictionary:
    """Term → id for every term any segment has used; ids are dense and never reused."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.ids: dict[str, int] = {}
        for term in terms:
            self.ids.setdefault(term, len(self.ids))
        self._saved = len(self.ids)
        self._pending: list[str] = []

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, term: str) -> int:
        """The term's id, or -1 when no segment has it."""
        return self.ids.get(term, -1)

    def ensure_one(self, term: str) -> int:
        """The id of ``term``, giving it the next id if it is new."""
        found = self.ids.get(term)
        return found if found is not None else int(self.ensure((term,))[0])

    def ensure(self, terms: Iterable[str]) -> np.ndarray:
        """Ids of ``terms`` (in order), giving new terms the next ids."""
        ids = self.ids
        out = []
        for term in terms:
            found = ids.get(term)
            if found is None:
                if term and term.split() != [term]:  # white space inside or around it (str.isspace's)
                    raise ValueError(f"an index term holds white space: {term!r}")
                found = ids[term] = len(ids)
                self._pending.append(term)
            out.append(found)
        return np.asarray(out, dtype=np.int32)

    @classmethod
    def load(cls, path: Path, size: int, sha256: str) -> TermDictionary:
        """The first ``size`` bytes of ``path``, checked against ``sha256``."""
        with path.open("rb") as handle:
            data = handle.read(size)
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            raise CorruptTerms(f"{path.name}: checksum mismatch")
        return cls(data.decode("utf-8").splitlines())

    def save(self, path: Path, size: int) -> tuple[int, str]:
        """Append the terms added since the last save after the first ``size`` bytes; the new size and SHA-256.

        Whatever lies beyond ``size`` (a crashed writer's tail) is overwritten.
        """
        data = "".join(f"{t}\n" for t in self._pending).encode("utf-8")
        mode = "r+b" if path.exists() else "w+b"
        with path.open(mode) as handle:
            handle.truncate(size)
            handle.seek(size)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            handle.seek(0)
            digest = hashlib.sha256()
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        self._saved = len(self.ids)
        self._pending = []
        return size + len(data), digest.hexdigest()
