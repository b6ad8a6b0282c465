"""Split articles into passages that keep character offsets into the article text.

Every passage is a span ``article.text[start:end]``, so whatever is later quoted from
it is an exact slice of the source. Lines (paragraphs) are grouped greedily into
passages of at most ``max_words`` words; a single longer line is a passage of its own.
With ``max_words=80`` this is the reference split of the NorQuAD evaluation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from retrieval.news.article import Article

_LINE = re.compile(r"[^\n]+")
# A photo credit: "(Foto: …)" up to its closing bracket, or "Foto: …" to the end of the line.
_CREDIT = re.compile(r"\(\s*foto\s*:[^)\n]*\)?|\bfoto\s*:[^\n]*", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    """A span of one article's text."""

    article: int  # position of the article in the index's article list
    start: int
    end: int


def photo_credits(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the photo credits (``Foto: NTB``, ``(Foto: Per Hansen)``) in ``text[start:end]``.

    A credit names who took a picture; the caption before it describes the picture
    and is often the story's best summary, so only the credit is kept out of quotes.
    """
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text, start, end)]


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, surrounding white space trimmed."""
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + line.index(stripped)
            yield start, start + len(stripped)


def split_article(text: str, max_words: int) -> list[tuple[int, int]]:
    """Group consecutive lines into spans of at most ``max_words`` words."""
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    current_words = 0
    for start, end in line_spans(text):
        words = len(text[start:end].split())
        if current is not None and current_words + words <= max_words:
            current = (current[0], end)
            current_words += words
            continue
        if current is not None:
            spans.append(current)
        current, current_words = (start, end), words
    if current is not None:
        spans.append(current)
    return spans


def split_passages(articles: Sequence[Article], max_words: int) -> list[Passage]:
    """All passages of ``articles`` in order."""
    return [
        Passage(position, start, end)
        for position, article in enumerate(articles)
        for start, end in split_article(article.text, max_words)
    ]
