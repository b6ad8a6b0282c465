"""Strings found through sorted 64-bit hashes: a lookup that can be memory-mapped instead of built.

A Python dict of a million strings costs about 0.4 s to build and some 100 MiB to
hold, and a process that answers one question asks it a few hundred times. Sorted
hashes in a ``.npy`` file are mapped at once and searched with numpy's binary search
(a few microseconds a lookup); the caller compares the bytes of each hit with the
string asked for, so a collision of two hashes can never return the wrong entry.
Used for the index's term dictionary (:mod:`retrieval.index.terms`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import numpy as np


def string_hash(text: str) -> int:
    """A stable signed 64-bit hash of ``text``'s UTF-8 bytes (Python's ``hash`` differs between processes)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def string_hashes(texts: Iterable[str]) -> np.ndarray:
    """:func:`string_hash` of each of ``texts``, in order (int64)."""
    return np.fromiter(map(string_hash, texts), dtype=np.int64)


def positions_of(hashes: np.ndarray, wanted: int) -> Iterator[int]:
    """The positions in the sorted ``hashes`` that hold ``wanted`` (almost always one or none)."""
    position = int(np.searchsorted(hashes, wanted))
    while position < hashes.size and hashes[position] == wanted:
        yield position
        position += 1
