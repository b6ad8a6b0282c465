"""Every indexed word of every passage in reading order, as flat arrays.

The second-stage ranking needs to know, for a few dozen candidate passages, which
question terms share a sentence and whether that sentence holds a word of the kind
the question asks for. Keeping term ids, sentence ids and answer cues in flat numpy
arrays (one row per non-stop word) makes that a handful of vectorised operations
instead of re-analysing text at query time. Each word also keeps its surface form
(the normalised word as written), so a sentence that uses the question's very
inflection can be told from one that only shares the stem.

A surface form is stored as a 64-bit hash of the normalised word rather than an id
from a table of forms: segments written at different times then agree on forms
without a second growing dictionary, and the second stage only ever asks whether two
forms are equal (a collision needs 2**32 distinct forms to become likely).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from retrieval.news.article import Article
from retrieval.news.passages import Passage
from retrieval.text.analysis import Analyzer, normalise_word
from retrieval.text.cues import word_cues
from retrieval.text.sentences import sentence_spans


class Word(NamedTuple):
    """One indexed word of a passage: its term, surface form hash, sentence (within the passage) and cue bits."""

    term: str
    form: int
    sentence: int
    cues: int


def form_hash(word: str) -> int:
    """A stable signed 64-bit hash of a normalised word (Python's ``hash`` differs between processes)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)


def form_hashes(words: Iterable[str]) -> np.ndarray:
    """Sorted distinct form hashes of normalised ``words``."""
    return np.array(sorted({form_hash(w) for w in words}), dtype=np.int64)


@lru_cache(maxsize=1 << 18)
def _form_and_cues(word: str, sentence_initial: bool, time_words: frozenset[str]) -> tuple[int, int]:
    """A word's form hash and cue bits, memoised: news repeats its words, and this is most of an index build."""
    return form_hash(normalise_word(word)), int(word_cues(word, sentence_initial, time_words))


def passage_words(text: str, start: int, end: int, analyzer: Analyzer) -> Iterator[Word]:
    """The non-stop words of ``text[start:end]`` with their sentence (numbered within the passage).

    The passage is analysed in one pass and each word placed in its sentence by
    offset: words never straddle a sentence boundary (boundaries are white space and
    punctuation), so this is the analysis sentence by sentence, for one call instead of
    one per sentence.
    """
    time_words = analyzer.profile.date_words
    sentences = list(sentence_spans(text, start, end))
    sentence, previous = 0, -1
    for token in analyzer.tokens(text[start:end]):
        at = start + token.start
        while sentence < len(sentences) and at >= sentences[sentence][1]:
            sentence += 1
        initial = sentence != previous  # the sentence's first word, stop words included
        previous = sentence
        if token.term is None:
            continue
        form, cues = _form_and_cues(text[at : start + token.end], initial, time_words)
        yield Word(token.term, form, sentence, cues)


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
        terms: list[int] = []
        forms: list[int] = []
        sentences: list[int] = []
        cues: list[int] = []
        starts = np.zeros(len(passages), dtype=np.int64)
        ends = np.zeros(len(passages), dtype=np.int64)
        base = 0
        for position, passage in enumerate(passages):
            starts[position] = len(terms)
            last = -1
            for word in passage_words(articles[passage.article].text, passage.start, passage.end, analyzer):
                term = vocabulary.get(word.term, -1)
                if term < 0:
                    continue
                terms.append(term)
                forms.append(word.form)
                sentences.append(base + word.sentence)
                cues.append(word.cues)
                last = max(last, word.sentence)
            base += last + 1
            ends[position] = len(terms)
        return cls(
            np.asarray(terms, dtype=np.int32),
            np.asarray(forms, dtype=np.int64),
            np.asarray(sentences, dtype=np.int32),
            np.asarray(cues, dtype=np.uint8),
            starts,
            ends,
        )

    def known_forms(self, words: Iterable[str]) -> np.ndarray:
        """Sorted distinct form hashes of those normalised ``words`` that occur in the table."""
        hashes = form_hashes(words)
        return hashes[np.isin(hashes, self.forms)]

    def gather(self, passages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers of the words of ``passages`` and, for each, its passage's position in ``passages``."""
        lengths = self.ends[passages] - self.starts[passages]
        owners = np.repeat(np.arange(passages.size), lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.starts[passages][owners] + offsets, owners
