"""Render replies as plain text for the console (and any other plain-text medium).

Headlines and texts come from feeds and files anyone may write. Printed raw, an
escape sequence in a headline could recolour, clear or retitle the reader's terminal,
or hide text; so every piece of article text passes :func:`terminal_safe` before the
only escape sequences this module writes itself (bold for matched words) are added.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.reply import Citation, OtherSource, Quote, Reply

Emphasis = Callable[[str], str]

# Whole escape sequences first (CSI such as colours and cursor moves, OSC such as window
# titles and hyperlinks, and two-character ones), so none of their parameters is left
# behind as visible noise; then any other control character but line break and tab.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST (or by nothing)
    r"|\x1b[0-~]"  # other two-character sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` without terminal escape sequences, control characters or bidi overrides.

    Line breaks and tabs stay; a carriage return (which lets text overwrite the line
    it is on) does not.
    """
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def plain_emphasis(word: str) -> str:
    """Mark a matched word where the medium has no bold: ``*word*``."""
    return f"*{word}*"


def ansi_emphasis(word: str) -> str:
    """Bold on a terminal."""
    return f"\033[1m{word}\033[0m"


def highlight(quote: Quote, emphasis: Emphasis) -> str:
    """The quote's exact text with each matched word passed through ``emphasis``."""
    parts, position = [], 0
    for start, end in quote.highlights:
        parts.append(terminal_safe(quote.text[position:start]))
        parts.append(emphasis(terminal_safe(quote.text[start:end])))
        position = end
    parts.append(terminal_safe(quote.text[position:]))
    return "".join(parts)


def citation_line(citation: Citation, headline: bool = True) -> str:
    """``Headline — februar 2020 — Source — link``, leaving out what is not known."""
    fields = [citation.headline if headline else None, citation.date_text, citation.source, citation.url]
    return " — ".join(terminal_safe(f) for f in fields if f)


def other_line(other: OtherSource) -> str:
    """``Headline — Source — link`` of an article telling the same story as a quoted one."""
    return " — ".join(terminal_safe(f) for f in (other.headline, other.date_text, other.source, other.url) if f)


def render(reply: Reply, emphasis: Emphasis = plain_emphasis, hint: str | None = None) -> str:
    """The whole reply as text; ``hint`` (e.g. console commands) follows an answer with quotes.

    A short answer comes first, in bold with its citation number; a quote's
    near-duplicates are named under its citation.
    """
    lines = [terminal_safe(reply.lead)]
    if reply.answer is not None:
        lines += ["", f"{emphasis(terminal_safe(reply.answer.text))} [{reply.answer.citation}]"]
    for quote in reply.quotes:
        lines += ["", f"[{quote.citation.number}] «{highlight(quote, emphasis)}»", f"    {citation_line(quote.citation)}"]
        lines += [f"    {quote.also_in_label}: {other_line(other)}" for other in quote.also_in]
    if reply.notes:
        lines += ["", *(terminal_safe(note) for note in reply.notes)]
    if reply.citation is not None and (details := citation_line(reply.citation, headline=False)):
        lines += [f"[{reply.citation.number}] {details}"]  # the lead is the headline; no bare «[1]» line
    if reply.body is not None:
        lines += ["", terminal_safe(reply.body)]
    if reply.quotes and hint:
        lines += ["", hint]
    return "\n".join(lines)
