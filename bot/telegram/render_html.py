"""Render replies as Telegram HTML, split into messages Telegram accepts.

Every piece of article and user text goes through :func:`html.escape`; the only
markup is what this module writes (``<b>``, ``<i>``, ``<a>``), and a link only ever
points at an ``http``/``https`` address. Telegram refuses a
message longer than :attr:`MessageLimit.MAX_TEXT_LENGTH` (counted in UTF-16 code
units), so :func:`split_html` cuts long replies at line breaks or spaces, never
inside a tag or an entity, closing open tags at the end of a part and reopening
them at the start of the next.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from telegram.constants import MessageLimit

from bot import messages
from bot.reply import Citation, OtherSource, Quote, Reply
from retrieval.news.article import web_url

# A tag, an entity, a line break, other white space, a word, or a stray markup character.
_ATOM = re.compile(r"<[^>]*>|&#?\w+;|\n|[^\S\n]+|[^\s<&]+|[<&]")
_TAGS = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")


def size(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def highlighted(text: str, highlights: tuple[tuple[int, int], ...]) -> str:
    """``text`` escaped, with each highlight span in ``<b>``."""
    parts, position = [], 0
    for start, end in highlights:
        if start < position:  # overlapping spans: the earlier one already covers it
            continue
        parts.append(html.escape(text[position:start]))
        parts.append(f"<b>{html.escape(text[start:end])}</b>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def citation_html(citation: Citation, language: str, headline: bool = True) -> str:
    """``<i>Headline</i> — 12. mars 2020 — NRK — <a href="…">nrk.no</a>``, leaving out what is not known."""
    fields = [f"<i>{html.escape(citation.headline)}</i>"] if headline else []
    fields += [html.escape(f) for f in (citation.date_text, citation.source) if f]
    if url := web_url(citation.url):  # never a javascript:, data: or tg: link
        label = urlsplit(url).hostname or messages.text(language, "link")
        fields.append(f'<a href="{html.escape(url)}">{html.escape(label)}</a>')
    return " — ".join(fields)


def other_html(other: OtherSource, language: str) -> str:
    """``<i>Headline</i> — NRK — <a href="…">nrk.no</a>`` for an article telling the same story."""
    citation = Citation(0, other.article_id, other.headline, None, other.date_text, other.source, other.url)
    return citation_html(citation, language)


def quote_html(quote: Quote, language: str) -> str:
    """One cited excerpt: ``[1] «quote»`` with matched words in bold, its citation, and where else the story ran."""
    lines = [f"[{quote.citation.number}] «{highlighted(quote.text, quote.highlights)}»", citation_html(quote.citation, language)]
    lines += [f"{html.escape(quote.also_in_label)}: {other_html(other, language)}" for other in quote.also_in]
    return "\n".join(lines)


def one_line(quote: Quote, limit: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The quote on one line, cut at a word before ``limit`` characters, with its highlights.

    Line breaks become spaces (same length, so highlight offsets still hold).
    """
    text = quote.text.replace("\n", " ")
    if len(text) <= limit:
        return text, quote.highlights
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit
    kept = tuple((s, e) for s, e in quote.highlights if e <= cut)
    return text[:cut].rstrip() + " …", kept


def render(reply: Reply, language: str) -> list[str]:
    """A reply as one or more HTML messages: lead, cited quotes and notes, or an article's citation and body."""
    blocks = [html.escape(reply.lead)]
    if reply.answer is not None:
        blocks.append(f"<b>{html.escape(reply.answer.text)}</b> [{reply.answer.citation}]")
    blocks += [quote_html(quote, language) for quote in reply.quotes]
    blocks += [html.escape(note) for note in reply.notes]
    if reply.citation is not None:
        details = citation_html(reply.citation, language, headline=False)  # the lead is the headline
        blocks[0] = f"<b>{blocks[0]}</b>" + (f"\n[{reply.citation.number}] {details}" if details else "")
    if reply.body is not None:
        blocks.append(html.escape(reply.body))
    return split_html("\n\n".join(blocks))


def render_list(reply: Reply, excerpt_chars: int) -> list[str]:
    """A search result list: per article its headline, date and source, and a one-line excerpt."""
    blocks = [html.escape(reply.lead)]
    for quote in reply.quotes:
        citation = quote.citation
        details = " — ".join(html.escape(f) for f in (citation.date_text, citation.source) if f)
        head = f"{citation.number}. <b>{html.escape(citation.headline)}</b>" + (f" — {details}" if details else "")
        text, spans = one_line(quote, excerpt_chars)
        blocks.append(f"{head}\n{highlighted(text, spans)}")
    return split_html("\n\n".join(blocks))


def split_html(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """``text`` in parts of at most ``limit`` UTF-16 units, each with balanced tags.

    A part ends at the last line break that leaves it at least half full, else at the
    last space, else (a word longer than a message) between two characters. Tags and
    entities are atoms and are never cut.
    """
    if size(text) <= limit:
        return [text] if _visible([text]) else []
    parts: list[str] = []
    current: list[str] = []  # atoms of the part being filled
    used = 0  # size of `current`
    stack: list[tuple[str, str]] = []  # (tag name, opening tag) of tags open at the end of `current`
    for atom in _atoms(text, limit // 4):
        while used + size(atom) + _closing_size(stack) > limit and _visible(current):
            current = _cut(current, stack, parts, limit)
            stack = _open_tags(current)
            used = sum(size(a) for a in current)
        current.append(atom)
        used += size(atom)
        _track(atom, stack)
    parts.append("".join(current) + _closing(stack))
    return [part for part in parts if _visible([part])]


def _atoms(text: str, longest_word: int) -> list[str]:
    """Tags, entities, white space and words; words longer than ``longest_word`` in pieces."""
    atoms = []
    for atom in _ATOM.findall(text):
        if len(atom) > longest_word and atom[0] not in "<&":
            atoms += [atom[i : i + longest_word] for i in range(0, len(atom), longest_word)]
        else:
            atoms.append(atom)
    return atoms


def _cut(current: list[str], stack: list[tuple[str, str]], parts: list[str], limit: int) -> list[str]:
    """Finish a part from ``current`` at the best break; return the atoms carried to the next part."""
    index = _break_index(current, limit)
    if index is None:  # no break: cut right here
        parts.append("".join(current) + _closing(stack))
        return [opening for _, opening in stack]
    head, rest = current[:index], current[index + 1 :]
    open_at_break = _open_tags(head)
    parts.append("".join(head) + _closing(open_at_break))
    return [opening for _, opening in open_at_break] + rest


def _break_index(atoms: list[str], limit: int) -> int | None:
    """Where to end a part: the last line break past half the limit, else the last space."""
    used, newline, space = 0, None, None
    for i, atom in enumerate(atoms):
        if atom == "\n" and used >= limit // 2:
            newline = i
        elif atom.isspace() and i > 0:
            space = i
        used += size(atom)
    return newline if newline is not None else space


def _open_tags(atoms: list[str]) -> list[tuple[str, str]]:
    """The tags still open after ``atoms``."""
    stack: list[tuple[str, str]] = []
    for atom in atoms:
        _track(atom, stack)
    return stack


def _track(atom: str, stack: list[tuple[str, str]]) -> None:
    """Push an opening tag, pop its closing tag; other atoms leave ``stack`` alone."""
    if not atom.startswith("<") or len(atom) < 3:
        return
    match = _TAG_NAME.match(atom)
    if match is None:
        return
    name = match[1].lower()
    if atom.startswith("</"):
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == name:
                del stack[i:]
                break
    else:
        stack.append((name, atom))


def _visible(atoms: list[str]) -> bool:
    """Whether ``atoms`` show any text (Telegram refuses a message of tags and spaces only)."""
    return bool(_TAGS.sub("", "".join(atoms)).strip())


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _closing_size(stack: list[tuple[str, str]]) -> int:
    return size(_closing(stack))
