"""Split compound words against the corpus's own vocabulary.

Norwegian writes compounds as one word (``forsvarsministermøte``), so a question about
a "møte" with the "forsvarsminister" would not match it by stems alone. A word is
split when both its head and its modifier (optionally without a linking ``s`` or
``e``) are words the corpus uses on their own; the parts' stems are then indexed
beside the whole word's stem. Learning the vocabulary from the corpus avoids shipping
a dictionary and adapts to new names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

MIN_PART = 4
MIN_COUNT = 2
_LINKING_LETTERS = ("s", "e")

Stem = Callable[[str], str]


@dataclass
class CompoundSplitter:
    """Known stems learned from a corpus, and a memo of the splits found."""

    known_stems: frozenset[str]
    _memo: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_word_counts(cls, counts: Counter[str], stem: Stem, stop_words: Collection[str]) -> CompoundSplitter:
        """Learn the stems of words used at least ``MIN_COUNT`` times, stop words excluded."""
        known = {
            stem(word)
            for word, count in counts.items()
            if count >= MIN_COUNT and len(word) >= MIN_PART and word.isalpha() and word not in stop_words
        }
        return cls(frozenset(known))

    def __getstate__(self) -> dict[str, object]:
        return {"known_stems": self.known_stems}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.known_stems = state["known_stems"]  # type: ignore[assignment]
        self._memo = {}

    def parts(self, word: str, stem: Stem) -> tuple[str, ...]:
        """Stems of the parts of ``word`` (empty when it is not a known compound)."""
        if word not in self._memo:
            split = self._split(word, stem) if len(word) >= 2 * MIN_PART and word.isalpha() else None
            self._memo[word] = tuple(stem(part) for part in split) if split else ()
        return self._memo[word]

    def _split(self, word: str, stem: Stem) -> list[str] | None:
        """Longest known head first, then a known (or itself compound) modifier."""
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            if stem(head) not in self.known_stems:
                continue
            modifier = word[:cut]
            for candidate in self._modifier_forms(modifier):
                if stem(candidate) in self.known_stems:
                    return [candidate, head]
                if len(candidate) >= 2 * MIN_PART and (inner := self._split(candidate, stem)):
                    return [*inner, head]
        return None

    @staticmethod
    def _modifier_forms(modifier: str) -> list[str]:
        forms = [modifier]
        if modifier.endswith(_LINKING_LETTERS) and len(modifier) > MIN_PART:
            forms.append(modifier[:-1])
        return forms
