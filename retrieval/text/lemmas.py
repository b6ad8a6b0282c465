"""Dictionary forms of words (lemmas), so that inflections a stemmer cannot see meet.

Snowball strips suffixes by rule, so a strong verb's past («grunnla») and its
participle («grunnlagt») keep different stems, as do «offisielle» and «offisielt»,
and «tilskuerne» keeps an ``n`` that «tilskuere» loses. A full-form dictionary knows
that all of them belong to one lemma (``grunnlegge``, ``offisiell``, ``tilskuer``).
simplemma ships such dictionaries (Bokmål is ``nb``) and leaves a word it does not
know as it is, so names pass through untouched.
"""

from __future__ import annotations

from simplemma.strategies import DictionaryLookupStrategy

# simplemma's language codes for a profile's Snowball stemmer name: only where measured
# (the English profile keeps its Snowball stems until an English set says otherwise).
_LANGUAGES = {"norwegian": ("nb",)}


class Lemmatiser:
    """Callable lower-case word → lower-case lemma for one language (the word itself when unknown)."""

    def __init__(self, stemmer: str) -> None:
        if stemmer not in _LANGUAGES:
            raise ValueError(f"no lemma dictionary for {stemmer!r}; known: {', '.join(sorted(_LANGUAGES))}")
        self._languages = _LANGUAGES[stemmer]
        # Only the dictionary: simplemma's rules and affix searches for words it lacks
        # lost a question (ans@1 −0.05) and cost 30 µs a word more. Asked directly, as
        # simplemma's Lemmatizer front adds a cache and checks that double the cost of a
        # lookup, and the analyser memoises anyway.
        self._strategy = DictionaryLookupStrategy()

    @classmethod
    def for_language(cls, stemmer: str) -> Lemmatiser | None:
        """The lemmatiser of a profile's language, or ``None`` when it has none (its words keep their Snowball stems)."""
        return cls(stemmer) if stemmer in _LANGUAGES else None

    def __call__(self, word: str) -> str:
        # The dictionaries capitalise names («stoltenbergs» → «Stoltenberg»); terms are lower case.
        for language in self._languages:
            if (lemma := self._strategy.get_lemma(word, language)) is not None:
                return lemma.lower()
        return word
