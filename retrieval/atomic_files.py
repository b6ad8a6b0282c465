"""Files written whole or not at all, for the index folder's manifest, lookup files and tries.

A crash (kill -9, power loss) while such a file is written must leave the old file,
or none, never a part of the new one: the bytes go to a temporary file beside it,
are flushed to the disk, and ``os.replace`` puts them in place in one step. The
temporary's name, ``.tmp-<name>-<pid>``, tells a leftover apart from the files an
index folder's manifest names, so the folder's clean-up removes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, fsync it, then rename it to ``path``."""
    temporary = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    with temporary.open("wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
