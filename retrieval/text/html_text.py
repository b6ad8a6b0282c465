"""Turn the HTML of feed items into plain text with one paragraph per line.

Excerpts are exact slices of an article's text and passages are built from its
lines, so markup must go and block structure must survive as line breaks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Halves of UTF-16 surrogate pairs: not characters, and no UTF-8 encoder accepts them alone.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Elements that start a new line of text.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
})
# Elements whose content is not text a reader sees.
_HIDDEN = frozenset({"head", "iframe", "noscript", "object", "script", "style", "svg", "template", "title"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of ``markup``: entities unescaped, scripts and styles dropped,
    block elements and ``<br>`` as line breaks, runs of white space collapsed and
    blank lines removed."""
    collector = _TextCollector()
    collector.feed(drop_unencodable(markup))
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)


def drop_unencodable(text: str) -> str:
    """``text`` without lone surrogates, which cannot be stored, hashed or sent as UTF-8.

    Dropping the one bad character keeps the rest of a headline or an article that a
    broken feed or client produced, where an encoding error would lose all of it.
    """
    return _LONE_SURROGATE.sub("", text)
