"""Each bad state of the database file is one clear error naming the file and what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from retrieval.news.article import Article
from retrieval.news.database import SCHEMA_VERSION, DatabaseFileError, SchemaError
from retrieval.news.store import ArticleStore
from tests.conftest import read_only_folder


def fill(path: Path, count: int = 1) -> None:
    with ArticleStore(path) as store:
        store.add(Article(f"a{i}", f"Overskrift {i}", f"Tekst nummer {i}. " * 200) for i in range(count))


def one_line(error: pytest.ExceptionInfo[DatabaseFileError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "nyhetsbot.sqlite3"
    path.write_bytes(b"this is no database at all " * 100)
    with pytest.raises(DatabaseFileError) as caught:
        ArticleStore(path)
    message = one_line(caught)
    assert message.startswith(f"{path} is damaged or not a nyhetsbot database") and "move it aside" in message


def test_a_truncated_database(tmp_path: Path) -> None:
    path = tmp_path / "nyhetsbot.sqlite3"
    fill(path, 300)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 3)
    with pytest.raises(DatabaseFileError) as caught:
        ArticleStore(path).articles()
    assert one_line(caught).startswith(f"{path} is damaged or not a nyhetsbot database")


def test_a_database_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "nyhetsbot.sqlite3"
    fill(path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    for read_only in (False, True):
        with pytest.raises(SchemaError) as caught:
            ArticleStore(path, read_only)
        assert one_line(caught).startswith(f"{path} was written by a newer nyhetsbot") and "upgrade" in str(caught.value)


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    path = tmp_path / "nyhetsbot.sqlite3"
    path.mkdir()
    with pytest.raises(DatabaseFileError) as caught:
        ArticleStore(path)
    assert one_line(caught) == f"{path} is a folder, not a database file: move it away, or set data_dir to another folder"


def test_a_data_dir_that_is_a_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.write_text("not a folder")
    with pytest.raises(DatabaseFileError) as caught:
        ArticleStore(data_dir / "nyhetsbot.sqlite3")
    assert one_line(caught) == f"data_dir {data_dir} is a file, not a folder: set data_dir to a folder"


def test_a_read_only_data_dir_refuses_writing_but_not_reading(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / "nyhetsbot.sqlite3"
    fill(path, 3)
    before = sorted(p.name for p in data_dir.iterdir())
    with read_only_folder(data_dir):
        with pytest.raises(DatabaseFileError) as caught:
            ArticleStore(path)
        assert one_line(caught).startswith(f"cannot open or write {path}") and "writable" in str(caught.value)
        with ArticleStore(path, read_only=True) as store:
            assert [a.id for a in store.articles()] == ["a0", "a1", "a2"]
    assert sorted(p.name for p in data_dir.iterdir()) == before


def test_read_only_never_writes_even_where_it_could(tmp_path: Path) -> None:
    path = tmp_path / "nyhetsbot.sqlite3"
    fill(path, 2)
    modified = path.stat().st_mtime_ns
    with ArticleStore(path, read_only=True) as store:
        assert len(store.articles()) == 2
        with pytest.raises(DatabaseFileError, match="readonly"):
            store.add([Article("new", "Ny", "Ny tekst.")])
    assert path.stat().st_mtime_ns == modified
