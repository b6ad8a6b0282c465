"""An on-disk cache of built indexes, keyed by a hash of the corpus and the settings.

A restart on an unchanged corpus loads the pickled index instead of refitting. The key
covers every article field and every setting, plus a format version bumped whenever
the index's layout changes, so a stale cache can never be loaded by mistake.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from retrieval.news.article import Article
from retrieval.index.passage_index import IndexSettings, PassageIndex, Progress

FORMAT_VERSION = "6"
# Indexes kept in the cache folder; older ones are deleted when a new one is written.
# Every feed round with new articles makes a new index, so without a bound the cache
# would grow by a whole index each round.
KEEP = 4

log = logging.getLogger(__name__)


def cache_key(articles: Sequence[Article], settings: IndexSettings) -> str:
    """A hex digest of the articles (in order) and the settings."""
    digest = hashlib.sha256(f"nyhetsbot-index:{FORMAT_VERSION}:{settings!r}".encode())
    for article in articles:
        fields = (
            article.id,
            article.headline,
            article.text,
            article.date.isoformat() if article.date else "",
            article.source or "",
            article.url or "",
        )
        for value in fields:
            digest.update(value.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
    return digest.hexdigest()[:32]


def load_or_build(
    articles: Sequence[Article],
    settings: IndexSettings,
    cache_dir: Path | None,
    progress: Progress | None = None,
) -> tuple[PassageIndex, bool]:
    """The index for ``articles``: from the cache when present, else built (and cached).

    Returns the index and whether it was built now. A cache that cannot be read or
    written is logged and bypassed; it never stops the bot.
    """
    if cache_dir is None:
        return PassageIndex.build(articles, settings, progress), True
    path = cache_dir / f"index-{cache_key(articles, settings)}.pkl"
    if path.exists():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle), False
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            log.warning("index cache %s unreadable (%s); rebuilding", path, error)
    index = PassageIndex.build(articles, settings, progress)
    _write_atomically(path, index)
    _prune(cache_dir)
    return index, True


def _write_atomically(path: Path, index: PassageIndex) -> None:
    """Write to a temporary file and rename, so a crash never leaves half a cache."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".index-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(index, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        log.warning("could not write index cache %s: %s", path, error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _prune(cache_dir: Path) -> None:
    """Delete all but the ``KEEP`` most recently written indexes."""
    try:
        indexes = sorted(cache_dir.glob("index-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in indexes[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not prune index cache %s: %s", cache_dir, error)
