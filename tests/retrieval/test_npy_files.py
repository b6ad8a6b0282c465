"""The index's one way of reading ``.npy`` files, used from several threads at once."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from retrieval.index.npy_files import load_npy


def test_arrays_are_read_mapped_or_whole_with_their_records(tmp_path: Path):
    records = np.zeros(3, dtype=[("term", "<i4"), ("form", "<i8")])
    records["term"] = [1, 2, 3]
    np.save(tmp_path / "records.npy", records)
    mapped = load_npy(tmp_path / "records.npy", mapped=True)
    whole = load_npy(tmp_path / "records.npy", mapped=False)
    assert isinstance(mapped, np.memmap) and not mapped.flags.writeable
    assert not isinstance(whole, np.memmap)
    assert mapped["term"].tolist() == whole["term"].tolist() == [1, 2, 3]


def test_many_threads_reading_headers_at_once_all_get_their_arrays(tmp_path: Path):
    """The feed thread and the merger open segment files while questions are answered."""
    paths = []
    for number in range(4):
        paths.append(tmp_path / f"{number}.npy")
        np.save(paths[-1], np.full((2, number + 1), number, dtype=np.int64))
    failures: list[BaseException] = []

    def read(path: Path, number: int) -> None:
        try:
            for _ in range(300):
                assert load_npy(path, mapped=number % 2 == 0).shape == (2, number + 1)
        except BaseException as error:  # noqa: BLE001 - any failure fails the test
            failures.append(error)

    readers = [threading.Thread(target=read, args=(path, n)) for n, path in enumerate(paths)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert not failures
