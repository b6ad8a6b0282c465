"""Read articles from seed text files, plain text files, JSON Lines, or folders of them.

A broken file or line never stops a load: it is skipped and reported as a
:class:`LoadWarning` naming the file and line, and the rest still loads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from retrieval.news.article import Article, ArticleDate

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

_SEED_HEADER = re.compile(r"^\s*date\s+(\S+)\s+(.*\S)\s*$")


class EmptyCorpusError(ValueError):
    """Raised when a corpus location yields no article at all."""


@dataclass(frozen=True)
class LoadWarning:
    """Something skipped while loading, with where it was."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Corpus:
    """The articles loaded from a location and what had to be skipped."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)


def load_corpus(location: Path | str) -> Corpus:
    """Load every article under ``location`` (a file or a folder, read recursively).

    Raises :class:`EmptyCorpusError` when nothing loads, with the reasons gathered.
    """
    root = Path(location)
    corpus = Corpus()
    if not root.exists():
        raise EmptyCorpusError(f"corpus not found: {root}")
    seen_ids: set[str] = set()
    for path in corpus_files(root):
        for item in load_file(path, root):
            if isinstance(item, LoadWarning):
                corpus.warnings.append(item)
            elif item.id in seen_ids:
                corpus.warnings.append(LoadWarning(path, None, f"duplicate article id {item.id!r} skipped"))
            else:
                seen_ids.add(item.id)
                corpus.articles.append(item)
    if not corpus.articles:
        reasons = "; ".join(str(w) for w in corpus.warnings[:5])
        detail = f" ({reasons})" if reasons else ""
        raise EmptyCorpusError(f"no articles found in {root}{detail}")
    return corpus


def corpus_files(root: Path) -> list[Path]:
    """The files a corpus location holds, in the order they load: itself, or a folder's corpus files sorted."""
    return [root] if root.is_file() else sorted(p for p in root.rglob("*") if _is_corpus_file(p))


def _is_corpus_file(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".") and path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES


def load_file(path: Path, root: Path) -> Iterator[Article | LoadWarning]:
    """The articles (and warnings) of one file of the corpus at ``root``; ids of text files are relative to ``root``."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from load_jsonl(path)
    else:
        yield load_text_file(path, article_id=_text_article_id(path, root))


def _text_article_id(path: Path, root: Path) -> str:
    """A folder-relative id, so equal file names in different folders stay distinct."""
    relative = path.relative_to(root) if root.is_dir() else Path(path.name)
    return relative.with_suffix("").as_posix()


def load_text_file(path: Path, article_id: str | None = None) -> Article | LoadWarning:
    """Read one article from a seed file (`` date YYYY-MM Headline`` first) or plain text.

    A plain text file has the headline on its first line. The body follows the first
    line (after an optional blank line) and is kept exactly, so offsets into it are
    offsets into what the reader sees.
    """
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return LoadWarning(path, line, "not valid UTF-8; file skipped")
    content = content.replace("\r\n", "\n")
    first_line, _, body = content.partition("\n")
    article_date = None
    headline = first_line.strip()
    if match := _SEED_HEADER.match(first_line):
        article_date = read_date(match[1])
        if isinstance(article_date, str):
            return LoadWarning(path, 1, f"{article_date}; file skipped")
        headline = match[2]
    body = body.lstrip("\n").rstrip()
    if not headline or not body:
        return LoadWarning(path, 1, "no headline or no text; file skipped")
    return Article(id=article_id or path.stem, headline=headline, text=body, date=article_date)


def load_jsonl(path: Path, start: int = 0, first_line: int = 1) -> Iterator[Article | LoadWarning]:
    """Yield one article per JSON line: ``id``, ``title``, ``text``; optional ``date``, ``url``, ``source``.

    ``start`` (a byte offset at the beginning of line ``first_line``) reads only what
    follows it: the lines appended to a file since it was last read.
    """
    dates: dict[str, ArticleDate | str] = {}  # a day's articles share their date: each is read once
    with path.open("rb") as handle:
        handle.seek(start)
        for number, raw in enumerate(handle, start=first_line):
            if not raw.strip():
                continue
            yield _article_from_json_line(path, number, raw, dates)


def _article_from_json_line(path: Path, number: int, raw: bytes, dates: dict[str, ArticleDate | str]) -> Article | LoadWarning:
    try:
        # utf-8-sig: a byte-order mark (editors on Windows write one) is not part of the JSON.
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return LoadWarning(path, number, "not valid UTF-8; line skipped")
    except json.JSONDecodeError as error:
        return LoadWarning(path, number, f"bad JSON ({error.msg}); line skipped")
    except RecursionError:  # the parser recurses once per level of nesting
        return LoadWarning(path, number, "JSON nested too deeply; line skipped")
    if not isinstance(record, dict):
        return LoadWarning(path, number, "not a JSON object; line skipped")
    text, title = record.get("text"), record.get("title")
    if not isinstance(text, str) or not text.strip():
        return LoadWarning(path, number, "missing text; line skipped")
    if "id" not in record:
        return LoadWarning(path, number, "missing id; line skipped")
    if not isinstance(title, str) or not title.strip():
        title = text.strip().split("\n", 1)[0]
    article_date = None
    if record.get("date"):
        written = str(record["date"])
        article_date = dates.get(written) or dates.setdefault(written, read_date(written))
    if isinstance(article_date, str):
        return LoadWarning(path, number, f"{article_date}; line skipped")
    return Article(
        id=str(record["id"]),
        headline=title.strip(),
        text=text,
        date=article_date,
        source=_optional_text(record.get("source")),
        url=_optional_text(record.get("url")),
    )


def read_date(text: str, today: date | None = None) -> ArticleDate | str:
    """The date ``text`` gives, or why it cannot be an article's date.

    An impossible date (year 0, month 13) or one far in the future (9999) would
    otherwise be loaded and then break or distort every question with a period and
    every «newest first» list, so it is refused here, where the file and line are known.
    """
    try:
        parsed = ArticleDate.parse(text)
    except ValueError as error:
        return f"unparseable date {text!r} ({error})"
    if not parsed.is_plausible(today or date.today()):
        return f"date {text!r} is in the future"
    return parsed


def _optional_text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
