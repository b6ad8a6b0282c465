"""Near-duplicate articles: the same story from two outlets, or an updated version of it.

Feeds bring the same wire story from several papers, and an article again after each
update. Quoting both would show the same lines twice and push other stories off the
page, so the results fold them into one result that names the others ("also in …").

Two articles tell the same story when their texts share most word shingles (runs of
``size`` consecutive words): a Jaccard similarity of at least ``min_jaccard``, or,
for an updated version that added paragraphs, when at least ``min_containment`` of
the shorter text's shingles are in the longer one. Only the articles among one
question's results are compared, so the cost is a few set intersections per answer;
shingle sets are kept for the most recently seen articles.

On the 403 development articles (word 4-shingles) the three pairs that are versions
of one story have Jaccard 0.52–0.95 (containment 0.71–0.97); every other pair is
below 0.16 (containment 0.27), so the bars sit well inside that gap.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from retrieval.news.article import Article
from retrieval.text.analysis import Analyzer

# Shortest text (in shingles) compared at all: two one-line articles that share a
# sentence are not the same story.
MIN_SHINGLES = 8


class DuplicateFinder:
    """Decides whether two articles of a corpus tell the same story."""

    def __init__(
        self,
        articles: Sequence[Article],
        analyzer: Analyzer,
        size: int = 4,
        min_jaccard: float = 0.4,
        min_containment: float = 0.6,
        cache_size: int = 2048,
    ) -> None:
        self.articles = articles
        self.analyzer = analyzer
        self.size = size
        self.min_jaccard = min_jaccard
        self.min_containment = min_containment
        self.cache_size = cache_size
        self._shingles: OrderedDict[int, frozenset[int]] = OrderedDict()
        self._lock = threading.Lock()  # answers run in worker threads

    def shingles(self, position: int) -> frozenset[int]:
        """Hashed word shingles of article ``position``'s headline and text (cached)."""
        with self._lock:
            cached = self._shingles.get(position)
            if cached is not None:
                self._shingles.move_to_end(position)
                return cached
        article = self.articles[position]
        words = self.analyzer.words(f"{article.headline}\n{article.text}")
        found = frozenset(hash(tuple(words[i : i + self.size])) for i in range(max(0, len(words) - self.size + 1)))
        with self._lock:
            self._shingles[position] = found
            if len(self._shingles) > self.cache_size:
                self._shingles.popitem(last=False)
        return found

    def same_story(self, first: int, second: int) -> bool:
        """Whether articles ``first`` and ``second`` are near-duplicates."""
        if first == second:
            return True
        a, b = self.shingles(first), self.shingles(second)
        if min(len(a), len(b)) < MIN_SHINGLES:
            return False
        shared = len(a & b)
        jaccard = shared / (len(a) + len(b) - shared)  # |a ∪ b| without building the union
        containment = shared / min(len(a), len(b))
        return jaccard >= self.min_jaccard or containment >= self.min_containment

    def fold(self, positions: Sequence[int]) -> list[tuple[int, tuple[int, ...]]]:
        """Results' article ``positions`` (best first) folded into stories.

        Returns ``(index, others)`` for each result that leads a story: its index in
        ``positions`` and the article positions of the same story ranked below it, in
        order. The best-ranked article of a story leads it. Several results from one
        article (several passages) are not folded into each other.
        """
        leaders: list[tuple[int, list[int]]] = []
        for index, position in enumerate(positions):
            home = next(
                (others for i, others in leaders if positions[i] != position and self.same_story(positions[i], position)),
                None,
            )
            if home is None:
                leaders.append((index, []))
            elif position not in home:
                home.append(position)
        return [(index, tuple(others)) for index, others in leaders]
