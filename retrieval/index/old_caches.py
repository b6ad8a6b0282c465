"""Removing index caches that this version never reads again.

The index folder's name hashes the format version with the settings and the corpus
(``bot.library.index_folder``), so a new format starts a new folder and the old one
would stay behind for good: 1.6 GB at a million articles. A folder is removed only
when its manifest names an older format and no process holds its writer lock; a
folder of the current format with other settings may belong to another bot sharing
the cache, and a folder without a readable manifest may still be being written.
Whole-index pickles from before the segmented index are removed unread.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from retrieval.index.folder_lock import take_writer_lock
from retrieval.index.storage import FORMAT_VERSION, MANIFEST

log = logging.getLogger(__name__)


def remove_old_caches(cache_dir: Path) -> list[str]:
    """Delete the old-format index folders and index pickles under ``cache_dir``; the names removed."""
    if not cache_dir.is_dir():
        return []
    removed = []
    for path in sorted(cache_dir.glob("index-*")):
        if not _is_old(path):
            continue
        try:
            if path.is_dir():
                if not _removed_unless_in_use(path):
                    continue
            else:
                path.unlink()
        except OSError as error:
            log.warning("could not remove the old index cache %s: %s", path.name, error)
            continue
        log.info("removed the old index cache %s", path.name)
        removed.append(path.name)
    return removed


def _is_old(path: Path) -> bool:
    """Whether ``path`` is a pickle of the whole index or a folder of an older format."""
    if path.suffix == ".pkl":
        return path.is_file()
    return path.is_dir() and _older_format(path)


def _older_format(folder: Path) -> bool:
    """Whether ``folder``'s manifest names a format older than this version's."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    version = manifest.get("format") if isinstance(manifest, dict) else None
    return isinstance(version, int) and version < FORMAT_VERSION


def _removed_unless_in_use(folder: Path) -> bool:
    """Delete ``folder`` while holding its writer lock; ``False`` (kept) when another process holds it."""
    descriptor = take_writer_lock(folder)
    if descriptor is None:
        log.info("the old index cache %s is in use by another process; kept", folder.name)
        return False
    try:
        shutil.rmtree(folder)
    finally:
        os.close(descriptor)
    return True
