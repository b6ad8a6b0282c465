"""The question's word pairs that a sentence repeats in the same order.

Coverage counts the question's terms one by one, so «Canada vant 14 gull i Vinter-OL
2010» covers «Hvilke land vant sine første gull i Vinter-OL 2010?» as well as
«Slovakia og Hviterussland vant sine første gullmedaljer i Vinter-OL 2010» does. The
second repeats the question's own phrase, «vant sine første»: what the question
asks about, told in its words. A pair counts only when it holds a question term
that is not in the headline (every sentence of the story is about those; «Vinter-OL
2010» says nothing about which sentence answers).
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.text.analysis import Analyzer, Token, normalise_word

Pair = tuple[str, str]


def question_pairs(question: str, analyzer: Analyzer) -> frozenset[Pair]:
    """The question's consecutive words as normalised pairs, stop words included («vant sine», «sine første»)."""
    words = analyzer.words(question)
    return frozenset(zip(words, words[1:]))


def telling_pairs(
    pairs: frozenset[Pair], analyzer: Analyzer, terms: frozenset[str], topic: frozenset[str]
) -> frozenset[Pair]:
    """The ``pairs`` holding a question term (of ``terms``) outside the headline's ``topic``."""

    def telling(word: str) -> bool:
        term = analyzer.term(word)
        return term is not None and term in terms and term not in topic

    return frozenset(p for p in pairs if telling(p[0]) or telling(p[1]))


def shared_share(text: str, tokens: Sequence[Token], base: int, pairs: frozenset[Pair]) -> float:
    """The share of ``pairs`` that the sentence of ``tokens`` (offsets into ``text`` from ``base``) repeats in order."""
    if not pairs or len(tokens) < 2:
        return 0.0
    words = [normalise_word(text[base + t.start : base + t.end]) for t in tokens]
    return len(pairs.intersection(zip(words, words[1:]))) / len(pairs)
