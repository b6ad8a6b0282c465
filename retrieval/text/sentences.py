"""Sentence boundaries inside an article, as exact character spans.

Both the second-stage ranking (which looks for the sentence that answers) and the
excerpt choice (which quotes it) need the same sentences, so they live here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence ends at . ! ? (optionally closed by a quote or bracket) before white
# space and an upper-case letter, digit, dash or opening quote; or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[»\"”')]*\s+(?=[A-ZÆØÅ0-9«\"“–-])|\n+")


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]``, trimmed of white space."""
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        yield from _trimmed(text, position, match.start())
        position = match.end()
    yield from _trimmed(text, position, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped)
        yield offset, offset + len(stripped)
