"""Dictionary forms of words (lemmas), so that inflections a stemmer cannot see meet.

Snowball strips suffixes by rule, so a strong verb's past («grunnla») and its
participle («grunnlagt») keep different stems, as do «offisielle» and «offisielt»,
and «tilskuerne» keeps an ``n`` that «tilskuere» loses. A full-form dictionary knows
that all of them belong to one lemma (``grunnlegge``, ``offisiell``, ``tilskuer``).
simplemma ships such dictionaries (Bokmål is ``nb``) and leaves a word it does not
know as it is, so names pass through untouched.

Reading simplemma's Bokmål dictionary into a dict takes 0.5–0.6 s (640k entries
decoded in Python), a quarter of the time from process start to the first answer at
1M passages, although one answer asks for a few hundred words. So an index folder
keeps the same dictionary as a MARISA trie (``marisa-trie``, the store simplemma
itself offers for this: 4 MB, memory-mapped, 3 ms with its check), written once by
the process that writes the index (2.5 s) and named by its SHA-256, which is checked
when it is opened; simplemma's own lookup (:class:`DictionaryLookupStrategy`: its
canonical form and case rules) asks the trie instead of the dict, so every lemma is
the same. Without a sound trie (a folder only read, or no folder) the dict is read
as before. A word costs 7.6 µs through the trie against 4.1 µs through the dict
(this class, on a busy machine): after :data:`DICT_AFTER` words (a large build, not a
question) the dict is read after all.
Considered: the sorted hashes the term dictionary uses (:mod:`retrieval.index.hashed_strings`)
in an ``.npz`` checked by its CRC: 25 MB to read, 40–70 ms measured for a file of that size.
"""

from __future__ import annotations

import functools
import hashlib
import mmap
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import simplemma
from simplemma.strategies import DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

from retrieval.atomic_files import write_atomically

# simplemma's language codes for a profile's Snowball stemmer name: only where measured
# (English on RealTime QA, see retrieval/index/language_settings.py).
_LANGUAGES = {"norwegian": ("nb",), "english": ("en",)}
# Words looked up in the tries before simplemma's dict is read instead (0.6 s to read, then ~3.5 µs a word saved).
DICT_AFTER = 300_000


class Lemmatiser:
    """Callable lower-case word → lower-case lemma for one language (the word itself when unknown).

    ``folder``: where the tries of :func:`write_tables` lie (an index folder); without
    one, or without a sound trie there, simplemma's dict is read on first use.
    """

    def __init__(self, stemmer: str, folder: Path | None = None) -> None:
        if stemmer not in _LANGUAGES:
            raise ValueError(f"no lemma dictionary for {stemmer!r}; known: {', '.join(sorted(_LANGUAGES))}")
        self._languages = _LANGUAGES[stemmer]
        self._folder = folder
        self._asked = 0
        # Only the dictionary: simplemma's rules and affix searches for words it lacks
        # lost a question (ans@1 −0.05) and cost 30 µs a word more. Asked directly, as
        # simplemma's Lemmatizer front adds a cache and checks that double the cost of a
        # lookup, and the analyser memoises anyway. Chosen on the first word (see :meth:`_choose`).
        self._strategy: DictionaryLookupStrategy | None = None

    @classmethod
    def for_language(cls, stemmer: str, folder: Path | None = None) -> Lemmatiser | None:
        """The lemmatiser of a profile's language, or ``None`` when it has none (its words keep their Snowball stems)."""
        return cls(stemmer, folder) if stemmer in _LANGUAGES else None

    def __call__(self, word: str) -> str:
        strategy = self._strategy or self._choose()
        self._asked += 1
        if self._asked == DICT_AFTER:
            self._strategy = DictionaryLookupStrategy()
        # The dictionaries capitalise names («stoltenbergs» → «Stoltenberg»); terms are lower case.
        for language in self._languages:
            if (lemma := strategy.get_lemma(word, language)) is not None:
                return lemma.lower()
        return word

    def _choose(self) -> DictionaryLookupStrategy:
        tries = {language: read_table(self._folder, language) for language in self._languages} if self._folder else {}
        if all(trie is not None for trie in tries.values()) and tries:
            self._strategy = DictionaryLookupStrategy(_Tries(tries))  # type: ignore[arg-type]
        else:
            self._strategy = DictionaryLookupStrategy()
        return self._strategy

    def table_files(self) -> set[str]:
        """Names of the tries of this lemmatiser's languages that lie in its folder (to keep them there)."""
        if self._folder is None:
            return set()
        return {path.name for language in self._languages for path in self._folder.glob(_table_glob(language))}

    def write_tables(self) -> None:
        """Write the tries of this lemmatiser's languages into its folder where missing (about 2.5 s each, once).

        The tries checked here are the ones the lemmatiser then reads from (read once, not twice).
        """
        if self._folder is None:
            return
        tries = {}
        for language in self._languages:
            trie = read_table(self._folder, language)
            if trie is None:
                for damaged in self._folder.glob(_table_glob(language)):
                    damaged.unlink()
                write_table(self._folder, language)
                trie = read_table(self._folder, language)
            tries[language] = trie
        if self._strategy is None and all(trie is not None for trie in tries.values()):
            self._strategy = DictionaryLookupStrategy(_Tries(tries))  # type: ignore[arg-type]


class _TrieLemmas(Mapping[str, str]):
    """A trie of word → lemma bytes as the ``Mapping`` simplemma's lookup asks."""

    def __init__(self, trie: object) -> None:
        self._trie = trie

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        found = self._trie.get(key)  # type: ignore[attr-defined]
        return found[0].decode("utf-8") if found else default

    def __getitem__(self, key: str) -> str:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self._trie)  # type: ignore[arg-type]


class _Tries:
    """simplemma's ``DictionaryFactory`` protocol over the tries read from an index folder."""

    def __init__(self, tries: Mapping[str, object]) -> None:
        self._dictionaries = {language: _TrieLemmas(trie) for language, trie in tries.items()}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        return self._dictionaries[lang]


def _table_glob(language: str) -> str:
    return f"lemmas-{language}-simplemma-{simplemma.__version__}-*.marisa"


def read_table(folder: Path, language: str) -> object | None:
    """The trie of ``language`` in ``folder`` whose bytes match the SHA-256 in its name, else ``None``."""
    from marisa_trie import BytesTrie

    for path in sorted(folder.glob(_table_glob(language))):
        named = path.stem.rsplit("-", 1)[-1]
        try:
            with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                sound = re.fullmatch(r"[0-9a-f]{64}", named) is not None and hashlib.sha256(data).hexdigest() == named
            if sound:
                return BytesTrie().mmap(str(path))  # mapped, not read: a few pages are touched per answer
        except (OSError, ValueError):  # unreadable, or empty (an empty file cannot be mapped)
            continue
    return None


def write_table(folder: Path, language: str) -> str:
    """Write simplemma's dictionary of ``language`` into ``folder`` as a trie, through a temporary file; its name."""
    data = _trie_bytes(language)
    name = _table_glob(language).replace("*", hashlib.sha256(data).hexdigest())
    write_atomically(folder / name, lambda handle: handle.write(data))
    return name


@functools.cache
def _trie_bytes(language: str) -> bytes:
    """simplemma's dictionary of ``language`` as a trie's bytes: built once a process (2.5 s), as every new index folder gets a copy."""
    from marisa_trie import BytesTrie

    lemmas = DefaultDictionaryFactory(cache_max_size=1).get_dictionary(language)
    return BytesTrie((word, lemmas[word].encode("utf-8")) for word in lemmas).tobytes()
