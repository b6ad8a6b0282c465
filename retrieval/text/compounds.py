"""What a question word the corpus does not know may stand for: its parts, or its respelling.

Norwegian writes compounds as one word (``forsvarsministermøte``). A word is split
when both its head and its modifier (optionally without a linking ``s`` or ``e``) are
terms the corpus uses on their own. Learning the vocabulary from the corpus avoids
shipping a dictionary and adapts to new names.

Where it is used was measured: splitting every compound in the index and the
questions cost ranking quality (it also splits names: ``liverpool`` → ``liv`` +
``pool``), so only a question word the corpus does not know is split — a reader's
«forsvarsministermøtet» then still finds a story about a «møte» of the
«forsvarsministrene».

An unknown word may also be a word typed with the wrong one of o/ø or a/æ/å: a
«Tromso» typed without ø, a «Sjostrom» for the «Sjöström» the index holds as
``sjøstrøm`` (see :mod:`retrieval.text.folding`). Only an unknown word is respelled,
so «bor» never becomes «bør».
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from retrieval.text.folding import respellings

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
    def from_terms(cls, counts: Mapping[str, int]) -> CompoundSplitter:
        """Learn the index terms used in at least ``MIN_COUNT`` passages (``counts``: term → passages)."""
        return cls(frozenset(t for t, n in counts.items() if n >= MIN_COUNT and t.isalpha()))

    def __getstate__(self) -> dict[str, object]:
        return {"known_stems": self.known_stems}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.known_stems = state["known_stems"]  # type: ignore[assignment]
        self._memo = {}

    def parts(self, word: str, stem: Stem) -> tuple[str, ...]:
        """Known terms that ``word`` stands for: its respelling or its parts (empty when neither is known)."""
        if word not in self._memo:
            respelled = self._respelled(word, stem)
            split = self._split(word, stem) if not respelled and len(word) >= 2 * MIN_PART and word.isalpha() else None
            self._memo[word] = respelled or (tuple(stem(part) for part in split) if split else ())
        return self._memo[word]

    def _respelled(self, word: str, stem: Stem) -> tuple[str, ...]:
        """The known term of the first respelling of ``word`` that has one (fewest swapped letters first)."""
        return next(((term,) for respelled in respellings(word) if (term := stem(respelled)) in self.known_stems), ())

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
