"""Index caches of older versions are removed; what may still be in use is kept."""

from __future__ import annotations

import json
import os
from pathlib import Path

from retrieval.index.folder_lock import take_writer_lock
from retrieval.index.old_caches import remove_old_caches
from retrieval.index.storage import FORMAT_VERSION, MANIFEST


def index_folder(cache: Path, name: str, manifest: object | None) -> Path:
    folder = cache / name
    folder.mkdir(parents=True)
    (folder / "terms.txt").write_text("nato\n")
    if manifest is not None:
        (folder / MANIFEST).write_text(json.dumps(manifest))
    return folder


def test_only_pickles_and_folders_of_an_older_format_are_removed(tmp_path: Path):
    old = index_folder(tmp_path, "index-0000000000000001", {"format": FORMAT_VERSION - 1})
    current = index_folder(tmp_path, "index-0000000000000002", {"format": FORMAT_VERSION, "settings": "other"})
    unfinished = index_folder(tmp_path, "index-0000000000000003", None)
    unreadable = index_folder(tmp_path, "index-0000000000000004", None)
    (unreadable / MANIFEST).write_text("{half a manif")
    pickle = tmp_path / "index-0000000000000005.pkl"
    pickle.write_bytes(b"\x80\x04")
    unrelated = index_folder(tmp_path, "feeds", {"format": 1})
    assert remove_old_caches(tmp_path) == [old.name, pickle.name]
    assert not old.exists() and not pickle.exists()
    assert current.exists() and unfinished.exists() and unreadable.exists() and unrelated.exists()


def test_an_old_folder_another_process_holds_is_kept_until_it_is_released(tmp_path: Path):
    old = index_folder(tmp_path, "index-0000000000000001", {"format": FORMAT_VERSION - 1})
    held = take_writer_lock(old)
    assert held is not None
    try:
        assert remove_old_caches(tmp_path) == [] and old.exists()
    finally:
        os.close(held)
    assert remove_old_caches(tmp_path) == [old.name] and not old.exists()


def test_a_missing_cache_folder_removes_nothing(tmp_path: Path):
    assert remove_old_caches(tmp_path / "none") == []
