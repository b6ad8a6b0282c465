"""Dictionary forms of words (lemmas), so that inflections a stemmer cannot see meet.

Snowball strips suffixes by rule, so a strong verb's past («grunnla») and its
participle («grunnlagt») keep different stems, as do «offisielle» and «offisielt»,
and «tilskuerne» keeps an ``n`` that «tilskuere» loses. A full-form dictionary knows
that all of them belong to one lemma (``grunnlegge``, ``offisiell``, ``tilskuer``).
simplemma ships such dictionaries (Bokmål is ``nb``) and leaves a word it does not
know as it is, so names pass through untouched.
"""

from __future__ import annotations

import simplemma

# simplemma's language codes for a profile's Snowball stemmer name: only where measured
# (the English profile keeps its Snowball stems until an English set says otherwise).
_LANGUAGES = {"norwegian": ("nb",)}


class Lemmatiser:
    """Callable lower-case word → lower-case lemma for one language (the word itself when unknown)."""

    def __init__(self, stemmer: str) -> None:
        if stemmer not in _LANGUAGES:
            raise ValueError(f"no lemma dictionary for {stemmer!r}; known: {', '.join(sorted(_LANGUAGES))}")
        self._languages = _LANGUAGES[stemmer]

    @classmethod
    def for_language(cls, stemmer: str) -> Lemmatiser | None:
        """The lemmatiser of a profile's language, or ``None`` when it has none (its words keep their Snowball stems)."""
        return cls(stemmer) if stemmer in _LANGUAGES else None

    def __call__(self, word: str) -> str:
        # The dictionaries capitalise names («stoltenbergs» → «Stoltenberg»); terms are lower case.
        return simplemma.lemmatize(word, lang=self._languages).lower()
