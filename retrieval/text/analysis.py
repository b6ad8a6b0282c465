"""Turn text into index terms: Unicode normalisation, lower-casing, stop words, folding, lemmas, stems.

The same :class:`Analyzer` analyses articles and questions, and it is saved with the
index, so a question can never be analysed differently from the passages it is
matched against.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import Stemmer

from retrieval.text.folding import fold_diacritics
from retrieval.text.language import LanguageProfile, language_profile
from retrieval.text.lemmas import Lemmatiser
from retrieval.text.nynorsk import bokmal_stem, bokmal_word

# Letters and digits; hyphens, apostrophes and underscores split words ("Nato-ministrene").
# A word starts with a letter or digit and goes on with letters, digits and combining accents.
# Written as runs of letters (one fast character-class loop in the regex engine) joined by runs
# of accents, it matches exactly what ``[^\W_](?:[^\W_]|[\u0300-\u036f])*`` matches, 40% faster:
# finding words is a sixth of an index build.
_WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*")


class Token(NamedTuple):
    """A word of the original text, its index term (``None`` for a stop word) and where it is."""

    term: str | None
    start: int
    end: int


@dataclass(frozen=True)
class AnalyzerSettings:
    """What decides how text becomes terms; part of the index's cache key."""

    language: str = "norwegian"
    # Snowball leaves "statsministeren" → "statsminister" but "statsminister" → "statsminist";
    # a second pass brings such forms together (measured: ans@5 +0.4, ans@1 ±0).
    stem_passes: int = 2
    # «Khios» matches «Khíos» and «Sao Paulo» «São Paulo»; æ, ø and å stay letters (see folding.py).
    fold_accents: bool = True
    # Look a word's lemma up before stemming it, so «grunnla» meets «grunnlagt» (see lemmas.py),
    # but only a lemma sharing the word's first ``lemma_prefix`` letters: «bedre» is not «god».
    # Measured fold by fold: lemmas for every word ans@1 −0.28; prefix 4 −0.05, 5 +0.19, 6 +0.32, 7 +0.14.
    lemmatise: bool = True
    lemma_prefix: int = 6
    # Nynorsk words stemmed as their Bokmål forms («frå» as «fra», «veke» as «uke»), so
    # questions and articles in either written Norwegian meet (Norwegian only).
    nynorsk_forms: bool = True


class Analyzer:
    """Callable text → terms, usable as scikit-learn's ``analyzer=``.

    Picklable: only the settings are stored; the Snowball stemmer (a C object) is
    rebuilt on load. ``lemma_folder``: where the lemma tables lie (an index folder:
    see :mod:`retrieval.text.lemmas`); the lemmas are the same without it, only slower
    to load.
    """

    def __init__(self, settings: AnalyzerSettings, lemma_folder: Path | None = None) -> None:
        self.settings = settings
        self.profile: LanguageProfile = language_profile(settings.language)
        self._stemmer = Stemmer.Stemmer(self.profile.stemmer)
        self.lemmatiser = Lemmatiser.for_language(self.profile.stemmer, lemma_folder) if settings.lemmatise else None
        self._nynorsk = settings.nynorsk_forms and self.profile.name == "norwegian"
        self._cache: dict[str, str | None] = {}

    def __getstate__(self) -> dict[str, object]:
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["settings"])  # type: ignore[misc, arg-type]

    def words(self, text: str) -> list[str]:
        """Normalised lower-case words of ``text``, stop words included."""
        return [normalise_word(m.group()) for m in _WORD.finditer(text)]

    @staticmethod
    def written_words(text: str, start: int = 0, end: int | None = None) -> list[str]:
        """The words of ``text[start:end]`` as written (not normalised), stop words included.

        One C-level pass with no match objects, for the index build, which analyses
        each distinct written word once and only needs to count the rest.
        """
        return _WORD.findall(text, start, len(text) if end is None else end)

    def stem(self, word: str) -> str:
        """The term a normalised word stands for when it is not a stop word.

        A Nynorsk word is read as its Bokmål form (when ``nynorsk_forms``), then its
        lemma (when ``lemmatise``), without accents (when ``fold_accents``),
        Snowball-stemmed ``stem_passes`` times. Not remembered here: :meth:`term`
        remembers each word form, and the index build asks :meth:`analyse` once per distinct form.
        """
        if self._nynorsk:
            word = bokmal_word(word)
        keep = self.settings.lemma_prefix
        stem = word
        if self.lemmatiser is not None and len(word) >= keep:
            lemma = self.lemmatiser(word)
            if lemma[:keep] == word[:keep]:
                stem = lemma
        if self.settings.fold_accents:
            stem = fold_diacritics(stem)
        for _ in range(self.settings.stem_passes):
            stem = self._stemmer.stemWord(stem)
        return bokmal_stem(stem) if self._nynorsk else stem

    def term(self, word: str) -> str | None:
        """Index term of a normalised word, or ``None`` for a stop word.

        An emphasised stop word («én», «dét», «òg») is still one.
        """
        if word not in self._cache:
            self._cache[word] = self.analyse(word)
        return self._cache[word]

    def analyse(self, word: str) -> str | None:
        """:meth:`term` without remembering the word here.

        For the index build, whose table of written words remembers each form for as
        long as the build lasts: remembering it here too kept every word of the
        corpus in the serving process's analyser (~30 MiB at 300k passages).
        """
        return None if self._is_stop_word(word) else self.stem(word)

    def _is_stop_word(self, word: str) -> bool:
        stop_words = self.profile.stop_words
        return word in stop_words or (self.settings.fold_accents and fold_diacritics(word) in stop_words)

    def tokens(self, text: str) -> list[Token]:
        """Every word of ``text`` with its term and character span (for highlighting)."""
        return [Token(self.term(normalise_word(m.group())), m.start(), m.end()) for m in _WORD.finditer(text)]

    def __call__(self, text: str) -> list[str]:
        """Index terms of ``text``: the stems of its words that are not stop words."""
        return [term for word in self.words(text) if (term := self.term(word)) is not None]


def normalise_word(word: str) -> str:
    """NFKC and case folding, keeping æøå as letters (``Ø`` → ``ø``, not ``o``)."""
    return unicodedata.normalize("NFKC", word).lower()
