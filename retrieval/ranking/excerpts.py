"""Choose the sentences a person should read from a retrieved passage.

An excerpt is a run of consecutive sentences, at most ``max_chars`` long, sliced
exactly from the article. The anchor is the passage's sentence most likely to answer:
the one covering most of the question (terms weighted by IDF), raised when it holds
the kind of word the question asks for (see :mod:`retrieval.text.cues`). Neighbours are
added while they fit, so the quote can stand on its own and the answer, often told in
the sentence before or after the one that repeats the question's words, comes along.
Neighbours may lie outside the passage: a passage boundary is an accident of the
split, not of the story. A photo credit (``Foto: NTB scanpix``) is never the anchor
and never begins or ends a quote, but the quote may run through one: in news pages
the headline is followed by a captioned picture and then the lead, and the caption
and the lead often hold the answer the headline only announces.

Measured on the development questions (excerpt@1): one to three sentences within the
passage 66.0; as many sentences as fit 67.5; and across the passage boundary 69.2.
Keeping only credits (not whole caption lines) out and letting quotes run through
them: 69.5 → 70.8, better in each of five folds grouped by article
(``benchmarks/compare.py``).

Cost: the neighbourhood of a passage is analysed once (one tokenisation gives every
sentence its terms and cues and the quote its highlights), and only the sentences
that could still fit a quote are analysed at all. That halved the time per excerpt
at 100k passages without changing any excerpt (every pick compared with the earlier
implementation on the development set and a generated corpus).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from retrieval.text.analysis import Analyzer, Token
from retrieval.text.cues import Cue, word_cues
from retrieval.news.passages import photo_credits
from retrieval.ranking.rerank import sentence_value
from retrieval.text.sentences import sentence_spans

MAX_CHARS = 400


@dataclass(frozen=True)
class Excerpt:
    """A quotable span of an article with the spans of the words that matched."""

    start: int
    end: int
    highlights: tuple[tuple[int, int], ...]  # absolute offsets into the article text


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    weight: float
    credit: bool
    cue: bool


class ExcerptPicker:
    """Picks excerpts with the index's analyser and term weights."""

    def __init__(
        self,
        analyzer: Analyzer,
        term_weights: dict[str, float],
        max_chars: int = MAX_CHARS,
        cue_weight: float = 0.5,
        topic_weight: float = 0.5,
    ) -> None:
        self.analyzer = analyzer
        self.term_weights = term_weights
        self.max_chars = max_chars
        self.cue_weight = cue_weight
        self.topic_weight = topic_weight
        self._time_words = analyzer.profile.date_words

    def pick(
        self,
        text: str,
        start: int,
        end: int,
        terms: frozenset[str],
        cue: Cue = Cue.NONE,
        topic: frozenset[str] = frozenset(),
    ) -> Excerpt:
        """The best excerpt around passage ``text[start:end]`` for a question with index ``terms`` wanting ``cue``.

        The anchor is the sentence the second-stage ranking would call the best answer
        (:func:`~retrieval.ranking.rerank.sentence_value`). Question terms in ``topic`` (the
        article's headline) count ``topic_weight`` as much: every sentence of the story is
        about them, so they should not pull the quote towards the lead.
        """
        weights = {t: self.term_weights.get(t, 0.0) * (self.topic_weight if t in topic else 1.0) for t in terms}
        total = sum(weights.values()) or 1.0
        around_start, around_end = self._surroundings(text, start, end)
        spans = self._candidate_sentences(text, start, end, around_start, around_end)
        if not spans:
            return Excerpt(start, start, ())
        base = spans[0][0]
        tokens = self.analyzer.tokens(text[base : spans[-1][1]])  # offsets relative to ``base``
        credits = photo_credits(text, around_start, around_end)
        sentences = []
        position = 0  # tokens and sentences are both in reading order: one pass gives each sentence its tokens
        for s, e in spans:
            while position < len(tokens) and tokens[position].start < s - base:
                position += 1
            first_token = position
            while position < len(tokens) and tokens[position].end <= e - base:
                position += 1
            credit = any(a <= s < b for a, b in credits)
            sentences.append(self._sentence(text, s, e, base, tokens[first_token:position], weights, cue, total, credit))
        inside = [i for i, s in enumerate(sentences) if s.start < end and s.end > start]
        if not inside:
            return Excerpt(start, start, ())
        anchor = max(inside, key=lambda i: (not sentences[i].credit, sentences[i].weight, -i))
        first, last = self._widen(sentences, anchor)
        excerpt_start, excerpt_end = sentences[first].start, sentences[last].end
        quoted = [t for t in tokens if excerpt_start <= t.start + base and t.end + base <= excerpt_end]
        if excerpt_end - excerpt_start > self.max_chars:
            focus = next((t.start + base for t in _matching(quoted, terms)), excerpt_start)
            excerpt_start, excerpt_end = self._trim(text, excerpt_start, excerpt_end, focus)
            return Excerpt(excerpt_start, excerpt_end, self.highlights(text, excerpt_start, excerpt_end, terms))
        return Excerpt(excerpt_start, excerpt_end, tuple((t.start + base, t.end + base) for t in _matching(quoted, terms)))

    def _candidate_sentences(
        self, text: str, start: int, end: int, around_start: int, around_end: int
    ) -> list[tuple[int, int]]:
        """The sentences around passage ``text[start:end]`` that a quote could hold.

        A quote holds a sentence of the passage and is at most ``max_chars`` long, so
        a sentence reaching further than that beyond the passage can never join it:
        it is not analysed. (Sentences never cross a line, and the surroundings are
        whole lines, so the split is the same as over the whole article.)
        """
        low, high = start - self.max_chars, end + self.max_chars
        return [
            (s, e)
            for s, e in sentence_spans(text, around_start, around_end)
            if (s >= low and e <= high) or (s < end and e > start)
        ]

    def _surroundings(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The passage widened by ``max_chars`` or more on each side, to whole lines (so whole sentences)."""
        before = text.rfind("\n", 0, max(0, start - self.max_chars)) + 1
        after = text.find("\n", min(len(text), end + self.max_chars))
        return min(before, start), max(end, len(text) if after < 0 else after)

    def highlights(self, text: str, start: int, end: int, terms: frozenset[str]) -> tuple[tuple[int, int], ...]:
        """Spans of the words in ``text[start:end]`` whose index term is a question term."""
        return tuple((start + t.start, start + t.end) for t in _matching(self.analyzer.tokens(text[start:end]), terms))

    def _sentence(
        self,
        text: str,
        start: int,
        end: int,
        base: int,
        tokens: list[Token],
        weights: dict[str, float],
        cue: Cue,
        total: float,
        credit: bool,
    ) -> _Sentence:
        """Sentence ``text[start:end]`` scored from its ``tokens`` (offsets relative to ``base``).

        The neighbourhood is analysed once (:meth:`pick`); a word never straddles a
        sentence boundary, so a sentence's tokens are exactly those within its span.
        """
        matched = weights.keys() & {t.term for t in tokens}
        coverage = sum(weights[term] for term in matched) / total
        has_cue = bool(cue) and any(
            word_cues(text[base + t.start : base + t.end], order == 0, self._time_words) & cue
            for order, t in enumerate(tokens)
            if t.term not in weights
        )
        value = float(sentence_value(coverage, has_cue, self.cue_weight))
        return _Sentence(start, end, value, credit, has_cue)

    def _widen(self, sentences: list[_Sentence], anchor: int) -> tuple[int, int]:
        """Add neighbours around the anchor while they fit.

        A neighbour holding the kind of word the question wants comes first (the anchor
        may name the subject while the next sentence gives the number), then the better
        match, then the following sentence. Photo credits are stepped over together
        with the sentence beyond them, so a quote never ends on one.
        """
        first = last = anchor
        while True:
            options = []
            if (before := _beyond_credits(sentences, first, -1)) is not None:
                options.append((sentences[before].cue, sentences[before].weight, 0, before))
            if (after := _beyond_credits(sentences, last, 1)) is not None:
                options.append((sentences[after].cue, sentences[after].weight, 1, after))
            fitting = [o for o in options if self._span(sentences, min(first, o[-1]), max(last, o[-1])) <= self.max_chars]
            if not fitting:
                break
            chosen = max(fitting)[-1]
            first, last = min(first, chosen), max(last, chosen)
        return first, last

    @staticmethod
    def _span(sentences: list[_Sentence], first: int, last: int) -> int:
        return sentences[last].end - sentences[first].start

    def _trim(self, text: str, start: int, end: int, focus: int) -> tuple[int, int]:
        """Cut an over-long sentence to ``max_chars`` at word boundaries around ``focus`` (its first match)."""
        window_start = max(start, min(focus - self.max_chars // 4, end - self.max_chars))
        window_end = min(end, window_start + self.max_chars)
        while window_start > start and not text[window_start - 1].isspace():
            window_start += 1
        while window_end < end and not text[window_end].isspace():
            window_end -= 1
        return window_start, window_end


def _matching(tokens: Iterable[Token], terms: frozenset[str]) -> Iterator[Token]:
    """The tokens whose index term is one of ``terms`` (stop words have none)."""
    return (t for t in tokens if t.term is not None and t.term in terms)


def _beyond_credits(sentences: list[_Sentence], edge: int, step: int) -> int | None:
    """The first sentence after ``edge`` in direction ``step`` (±1) that is not a photo credit, if any."""
    position = edge + step
    while 0 <= position < len(sentences) and sentences[position].credit:
        position += step
    return position if 0 <= position < len(sentences) else None
