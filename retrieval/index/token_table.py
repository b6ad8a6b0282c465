"""Every indexed word of every passage in reading order, as flat arrays.

The second-stage ranking needs to know, for a few dozen candidate passages, which
question terms share a sentence and whether that sentence holds a word of the kind
the question asks for. Keeping term ids, sentence ids and answer cues in flat numpy
arrays (one row per non-stop word) makes that a handful of vectorised operations
instead of re-analysing text at query time. Each word also keeps its surface form
(the normalised word as written), so a sentence that uses the question's very
inflection can be told from one that only shares the stem.

On disk a segment keeps the four values of a word side by side, one record of
:data:`ROW` per word (``t_rows``, see :mod:`retrieval.index.segment`): the second
stage reads the rows of a few dozen scattered passages, and one file of records makes
each passage (with the passage before it) one ``pread`` where four arrays took four.

A surface form is stored as a 64-bit hash of the normalised word rather than an id
from a table of forms: segments written at different times then agree on forms
without a second growing dictionary, and the second stage only ever asks whether two
forms are equal (a collision needs 2**32 distinct forms to become likely).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property

import numpy as np

from retrieval.news.article import Article
from retrieval.news.passages import Passage
from retrieval.text.analysis import Analyzer, normalise_word
from retrieval.text.cues import Cue, word_cues
from retrieval.text.sentences import sentence_texts


ROW = np.dtype([("term", "<i4"), ("sentence", "<i4"), ("form", "<i8"), ("cues", "u1")])
"""One word of the token table as a segment stores it: 17 bytes, packed (as four arrays they took as many)."""


def form_hash(word: str) -> int:
    """A stable signed 64-bit hash of a normalised word (Python's ``hash`` differs between processes)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)


def form_hashes(words: Iterable[str]) -> np.ndarray:
    """Sorted distinct form hashes of normalised ``words``."""
    return np.array(sorted({form_hash(w) for w in words}), dtype=np.int64)


class WrittenWords(dict[str, int]):
    """Each distinct word as written → its number; what a number stands for is analysed once, on first sight.

    News repeats its words, so normalising, stemming, hashing and classifying every
    occurrence was most of an index build. Here an occurrence costs one dictionary
    lookup (``map(words.__getitem__, ...)`` runs in C; only a new word reaches
    :meth:`__missing__`), and the per-word facts sit in arrays indexed by number, to
    be gathered for all occurrences at once.

    ``term_id`` gives a term's id (or -1 to leave the word out); it is asked in
    reading order of first sightings, so a growing dictionary hands out ids exactly
    as it would word by word.
    """

    def __init__(self, analyzer: Analyzer, term_id: Callable[[str], int]) -> None:
        super().__init__()
        self.analyzer = analyzer
        self._term_id = term_id
        self._time_words = analyzer.profile.date_words
        self.terms = array("q")  # term id, -1 for a stop word or one ``term_id`` leaves out
        self.forms = array("q")
        self.cues = array("B")  # cue bits inside a sentence
        self.initial_cues = array("B")  # cue bits as a sentence's first word

    def __missing__(self, word: str) -> int:
        normalised = normalise_word(word)
        term = self.analyzer.analyse(normalised)
        number = self[word] = len(self.terms)
        self.terms.append(-1 if term is None else self._term_id(term))
        self.forms.append(form_hash(normalised))
        cues = word_cues(word, False, self._time_words)
        self.cues.append(int(cues))
        self.initial_cues.append(int(cues & ~Cue.NAME))  # a capital opening a sentence is grammar, not a name
        return number

    def term_ids(self, text: str) -> list[int]:
        """Ids of the indexed words of ``text`` in order (a headline's terms)."""
        terms = self.terms
        return [term for number in map(self.__getitem__, self.analyzer.written_words(text)) if (term := terms[number]) >= 0]


class WordNumbers(dict[str, int]):
    """Each distinct word as written → its number in order of first sight, nothing analysed.

    What the helper process of a build keeps (see :mod:`retrieval.index.reading`): the
    other process analyses the words it sends, once each, so that no word is analysed
    in both.
    """

    def __missing__(self, word: str) -> int:
        number = self[word] = len(self)
        return number

    def numbers(self, text: str) -> list[int]:
        """Numbers of every word of ``text`` in order (a headline's, stop words included)."""
        return list(map(self.__getitem__, Analyzer.written_words(text)))


class PassageWords:
    """The words of a batch of passages, recorded as :class:`WrittenWords` numbers sentence by sentence.

    A word never straddles a sentence boundary (boundaries are white space and
    punctuation), so each sentence's words are matched within its span; a sentence's
    first word (stop words included) gets its word's sentence-initial cue bits.
    """

    def __init__(self, words: WrittenWords | WordNumbers) -> None:
        self.words = words  # :meth:`table` needs a :class:`WrittenWords`
        self._numbers = array("q")
        self._sizes = array("q")  # words per sentence that has any
        self._passage = array("q")  # its passage
        self._local = array("q")  # its number within the passage, counting sentences without words
        self.passages = 0

    def add(self, text: str, start: int, end: int) -> None:
        """Record the passage ``text[start:end]``."""
        lookup = self.words.__getitem__
        written = Analyzer.written_words
        numbers, sizes, passages, locals_ = self._numbers, self._sizes, self._passage, self._local
        passage = self.passages
        local = 0
        for sentence in sentence_texts(text, start, end):
            if not sentence or sentence.isspace():
                continue
            found = written(sentence)
            if found:
                numbers.extend(map(lookup, found))
                sizes.append(len(found))
                passages.append(passage)
                locals_.append(local)
            local += 1
        self.passages += 1

    def absorb(self, numbers: np.ndarray, sizes: np.ndarray, passages: np.ndarray, local: np.ndarray, count: int) -> None:
        """Append ``count`` passages recorded elsewhere: their sentences' word numbers (already in this
        table's numbering), words per sentence, passage within them and sentence number within the passage."""
        shifted = np.asarray(passages, dtype=np.int64) + self.passages
        for record, values in ((self._numbers, numbers), (self._sizes, sizes), (self._passage, shifted), (self._local, local)):
            record.frombytes(np.asarray(values, dtype=np.int64).tobytes())
        self.passages += count

    def table(self) -> TokenTable:
        """The token table of the recorded passages: indexed words only, sentences numbered across passages.

        A passage's sentences take the numbers after the previous passage's last
        sentence that holds an indexed word.
        """
        numbers = np.array(self._numbers, dtype=np.int64)  # copies: the arrays may keep growing
        sizes = np.array(self._sizes, dtype=np.int64)
        initial = np.zeros(numbers.size, dtype=bool)
        initial[np.cumsum(sizes) - sizes] = True
        words = self.words
        terms = np.array(words.terms, dtype=np.int64)[numbers]
        kept = terms >= 0
        numbers, initial, terms = numbers[kept], initial[kept], terms[kept]
        passage = np.repeat(np.array(self._passage, dtype=np.int64), sizes)[kept]
        local = np.repeat(np.array(self._local, dtype=np.int64), sizes)[kept]
        lengths = np.bincount(passage, minlength=self.passages)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        used = np.zeros(self.passages, dtype=np.int64)  # sentences up to the last with an indexed word
        has_words = lengths > 0
        used[has_words] = local[ends[has_words] - 1] + 1
        base = np.cumsum(used) - used
        cues = np.where(initial, np.array(words.initial_cues, dtype=np.uint8)[numbers], np.array(words.cues, dtype=np.uint8)[numbers])
        return TokenTable(
            terms.astype(np.int32),
            np.array(words.forms, dtype=np.int64)[numbers],
            (base[passage] + local).astype(np.int32),
            cues.astype(np.uint8),
            starts.astype(np.int64),
            ends.astype(np.int64),
        )


class TokenTable:
    """Term id, surface form hash, sentence id and :class:`~retrieval.text.cues.Cue` bits of each word, per passage."""

    def __init__(
        self,
        terms: np.ndarray,
        forms: np.ndarray,
        sentences: np.ndarray,
        cues: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
    ) -> None:
        self.terms = terms
        self.forms = forms
        self.sentences = sentences  # distinct per sentence within the table
        self.cues = cues
        self.starts = starts
        self.ends = ends

    @classmethod
    def build(
        cls, articles: Sequence[Article], passages: Sequence[Passage], analyzer: Analyzer, vocabulary: Mapping[str, int]
    ) -> TokenTable:
        """Analyse each passage sentence by sentence; unknown and stop words are left out."""
        recorder = PassageWords(WrittenWords(analyzer, lambda term: vocabulary.get(term, -1)))
        for passage in passages:
            recorder.add(articles[passage.article].text, passage.start, passage.end)
        return recorder.table()

    def rows(self) -> np.ndarray:
        """The words as :data:`ROW` records, as a segment stores them."""
        rows = np.empty(self.terms.size, dtype=ROW)
        rows["term"], rows["sentence"], rows["form"], rows["cues"] = self.terms, self.sentences, self.forms, self.cues
        return rows

    def known_forms(self, words: Iterable[str]) -> np.ndarray:
        """Sorted distinct form hashes of those normalised ``words`` that occur in the table."""
        hashes = form_hashes(words)
        return hashes[np.isin(hashes, self.forms)]

    @cached_property
    def owners(self) -> np.ndarray:
        """Each row's passage (its position in ``starts``), the rows taken where the table holds them.

        A table's passages are consecutive runs of its rows that together hold every row,
        in the order the passages were read, not necessarily their order here.
        """
        order = np.argsort(self.starts, kind="stable")
        return np.repeat(order, (self.ends - self.starts)[order])

    def gather(self, passages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers of the words of ``passages`` and, for each, its passage's position in ``passages``."""
        lengths = self.ends[passages] - self.starts[passages]
        owners = np.repeat(np.arange(passages.size), lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.starts[passages][owners] + offsets, owners
