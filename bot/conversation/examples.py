"""Example questions taken from the loaded corpus, each checked to get an answer.

Fixed examples fail on any other corpus («Hva skjedde i Irak?» on a corpus without
Iraq). These come from the articles' own headlines: the names they mention most
often (the newest dated articles first; in a corpus of some size, not names so
common in the texts that they say little, like «Norge»), phrased as a question in
the corpus language, and kept only when the bot really answers it. Computed once per loaded
index, so a reload brings new examples, and from the newest :data:`SAMPLE` articles
only: examples should be about recent news, and reading a large archive's every
headline and text would cost seconds for three lines of help.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from retrieval.news.article import Article

if TYPE_CHECKING:
    from bot.core import ConversationCore
    from bot.library import Snapshot

# How many examples a help text shows.
EXAMPLES = 3
# The newest articles the examples are drawn from (and common names judged on).
SAMPLE = 500
# Candidates tried before giving up (each is one search).
CANDIDATES = 12
# Phrased so that people and places both read naturally; the second wording (stop words
# only besides the topic) where the first finds nothing.
_TEMPLATES = {
    "norwegian": ("Hva er nytt om {topic}?", "Hva er det med {topic}?"),
    "english": ("What is new about {topic}?", "What is it with {topic}?"),
}
# A name in more than this share of the articles' texts is too common to make a good
# example («Norge», «Oslo» in Norwegian news) — judged only in corpora of some size.
COMMON_SHARE = 0.1
COMMON_JUDGED_FROM = 50
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
        """One example for a one-line suggestion; the newest headline when no question was verified."""
        found = self.questions()
        if found:
            return found[0]
        snapshot = self.core.library.snapshot
        articles = snapshot.retriever.index.articles
        return articles.field(int(snapshot.dates.newest_first[0]), "headline") if len(articles) else "…"

    def _find(self, snapshot: Snapshot) -> list[str]:
        all_articles = snapshot.retriever.articles
        language = snapshot.retriever.index.analyzer.profile.name
        templates = _TEMPLATES.get(language, _TEMPLATES["norwegian"])
        dated = snapshot.dates.newest_first_among(snapshot.dates.dated).tolist()
        # Newest dated first; without dates, in corpus order.
        order = dated[:SAMPLE] or range(min(len(all_articles), SAMPLE))
        articles = [all_articles[position] for position in order]
        names: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for rank, article in enumerate(articles):
            for name in dict.fromkeys(_names(article)):
                names[name] += 1
                first_seen.setdefault(name, rank)
        if len(articles) >= COMMON_JUDGED_FROM:
            limit = COMMON_SHARE * len(articles)
            names = Counter({n: c for n, c in names.most_common(CANDIDATES * 3) if _mentions(articles, n) <= limit})
        ranked = sorted(names, key=lambda n: (-names[n], first_seen[n], n))
        kept: list[str] = []
        for name in ranked[:CANDIDATES]:
            question = next((q for t in templates if self.core.answers(q := t.format(topic=name))), None)
            if question is not None:
                kept.append(question)
            if len(kept) == EXAMPLES:
                break
        return kept


def _mentions(articles: Sequence[Article], name: str) -> int:
    """How many articles mention ``name`` in their text."""
    return sum(name in article.text for article in articles)


def _names(article: Article) -> list[str]:
    """Names in the headline: capitalised words inside it, and its first word when the text capitalises it mid-sentence."""
    headline = article.headline
    found = _NAME_RUN.findall(headline)
    first = headline.split(maxsplit=1)[0].strip(",.:;!?«»\"") if headline.split() else ""
    if first[:1].isupper() and re.search(rf"(?<=[a-zæøå,] ){re.escape(first)}\b", article.text):
        found.insert(0, first)
    return found
