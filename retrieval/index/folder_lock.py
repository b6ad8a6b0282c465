"""One writing process per index folder: an advisory ``flock`` on the folder's ``lock`` file.

Another process that finds the lock taken opens the index read-only (a second bot on
the same cache), and a cleaner that finds it taken leaves the folder alone (an older
version of the bot may still be serving from it).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, one process at a time is up to the user
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_FILE = "lock"


def take_writer_lock(folder: Path) -> int | None:
    """The descriptor holding ``folder``'s writer lock (close it to release), or ``None`` when another process holds it.

    Where ``flock`` does not exist the lock is always granted, with a descriptor all the same.
    """
    descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    if fcntl is None:
        return descriptor
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor
