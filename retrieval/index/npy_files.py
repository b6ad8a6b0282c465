"""Reading ``.npy`` files safely from several threads at once.

numpy reads a ``.npy`` header with :func:`ast.literal_eval`, and CPython 3.11's ``ast``
module keeps its recursion counter in shared module state (python/cpython#106905): two
threads parsing at once can fail with ``SystemError: AST constructor recursion depth
mismatch``. The index opens segment files from the feed thread and from the background
merger while questions are answered, so every ``.npy`` read goes through one lock. A
header is a few hundred bytes, so the lock is held for microseconds.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

_HEADER_PARSING = threading.Lock()


def load_npy(path: Path, *, mapped: bool) -> np.ndarray:
    """The array in ``path``: memory-mapped read-only when ``mapped``, else read into memory."""
    with _HEADER_PARSING:
        return np.load(path, mmap_mode="r" if mapped else None, allow_pickle=False)
