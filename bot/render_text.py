"""Render replies as plain text for the console (and any other plain-text medium)."""

from __future__ import annotations

from collections.abc import Callable

from bot.reply import Citation, Quote, Reply

Emphasis = Callable[[str], str]


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
        parts.append(quote.text[position:start])
        parts.append(emphasis(quote.text[start:end]))
        position = end
    parts.append(quote.text[position:])
    return "".join(parts)


def citation_line(citation: Citation, headline: bool = True) -> str:
    """``Headline — februar 2020 — Source — link``, leaving out what is not known."""
    fields = [citation.headline if headline else None, citation.date_text, citation.source, citation.url]
    return " — ".join(f for f in fields if f)


def render(reply: Reply, emphasis: Emphasis = plain_emphasis, hint: str | None = None) -> str:
    """The whole reply as text; ``hint`` (e.g. console commands) follows an answer with quotes."""
    lines = [reply.lead]
    for quote in reply.quotes:
        lines += ["", f"[{quote.citation.number}] «{highlight(quote, emphasis)}»", f"    {citation_line(quote.citation)}"]
    if reply.notes:
        lines += ["", *reply.notes]
    if reply.citation is not None and (details := citation_line(reply.citation, headline=False)):
        lines += [f"[{reply.citation.number}] {details}"]  # the lead is the headline; no bare «[1]» line
    if reply.body is not None:
        lines += ["", reply.body]
    if reply.quotes and hint:
        lines += ["", hint]
    return "\n".join(lines)
