"""Example questions taken from the loaded corpus, each checked to get an answer.

Fixed examples fail on any other corpus («Hva skjedde i Irak?» on a corpus without
Iraq). These come from the articles' own headlines: the names they mention most
often (the newest dated articles first), phrased as a question in the corpus
language, and kept only when the bot really answers it. Computed once per loaded
index, so a reload brings new examples.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import TYPE_CHECKING

from retrieval.text.timeparse import newest_first

if TYPE_CHECKING:
    from bot.core import ConversationCore
    from bot.library import Snapshot

# How many examples a help text shows.
EXAMPLES = 3
# Candidates tried before giving up (each is one search).
CANDIDATES = 12
# Question words are stop words, so the question searches the topic alone.
_TEMPLATES = {"norwegian": "Hva er det med {topic}?", "english": "What is new about {topic}?"}
# A run of capitalised words inside a headline: «Helge Ingstad», «Nato».
_NAME_RUN = re.compile(r"(?<!^)(?<![.:!?–-] )\b([A-ZÆØÅ][\w-]+(?: [A-ZÆØÅ][\w-]+)*)")


class CorpusExamples:
    """Questions the current corpus answers, for help texts and small talk."""

    def __init__(self, core: ConversationCore) -> None:
        self.core = core
        self._lock = threading.Lock()
        self._cached: tuple[Snapshot, list[str]] | None = None

    def questions(self) -> list[str]:
        """Up to :data:`EXAMPLES` questions, verified against the current index."""
        snapshot = self.core.library.snapshot
        with self._lock:
            if self._cached is None or self._cached[0] is not snapshot:
                self._cached = (snapshot, self._find(snapshot))
            return self._cached[1]

    def listing(self) -> str:
        """The examples as indented lines for a help text (empty when none was found)."""
        return "".join(f"  {q}\n" for q in self.questions())

    def first(self) -> str:
        """One example for a one-line suggestion; a bare topic word when none was verified."""
        found = self.questions()
        return found[0] if found else "…"

    def _find(self, snapshot: Snapshot) -> list[str]:
        articles = snapshot.retriever.articles
        language = snapshot.retriever.index.analyzer.profile.name
        template = _TEMPLATES.get(language, _TEMPLATES["norwegian"])
        dated = [p for p in newest_first(articles) if articles[p].date is not None]
        order = dated or range(len(articles))
        names: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for rank, position in enumerate(order):
            for name in dict.fromkeys(_NAME_RUN.findall(articles[position].headline)):
                names[name] += 1
                first_seen.setdefault(name, rank)
        ranked = sorted(names, key=lambda n: (-names[n], first_seen[n], n))
        kept: list[str] = []
        for name in ranked[:CANDIDATES]:
            question = template.format(topic=name)
            if self.core.answers(question):
                kept.append(question)
            if len(kept) == EXAMPLES:
                break
        return kept
