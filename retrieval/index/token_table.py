"""Every indexed word of every passage in reading order, as flat arrays.

The second-stage ranking needs to know, for a few dozen candidate passages, which
question terms share a sentence and whether that sentence holds a word of the kind
the question asks for. Keeping term ids, sentence ids and answer cues in flat numpy
arrays (one row per non-stop word) makes that a handful of vectorised operations
instead of re-analysing text at query time. Each word also keeps its surface form
(the normalised word as written), so a sentence that uses the question's very
inflection can be told from one that only shares the stem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from retrieval.text.analysis import Analyzer, normalise_word
from retrieval.news.article import Article
from retrieval.text.cues import word_cues
from retrieval.news.passages import Passage
from retrieval.text.sentences import sentence_spans


class TokenTable:
    """Term id, surface form id, global sentence id and :class:`~retrieval.text.cues.Cue` bits of each word, per passage."""

    def __init__(
        self,
        terms: np.ndarray,
        forms: np.ndarray,
        sentences: np.ndarray,
        cues: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        form_ids: dict[str, int],
    ) -> None:
        self.terms = terms
        self.forms = forms
        self.sentences = sentences
        self.cues = cues
        self.starts = starts
        self.ends = ends
        self.form_ids = form_ids

    @classmethod
    def build(
        cls, articles: Sequence[Article], passages: Sequence[Passage], analyzer: Analyzer, vocabulary: Mapping[str, int]
    ) -> TokenTable:
        """Analyse each passage sentence by sentence; unknown and stop words are left out."""
        time_words = analyzer.profile.date_words
        terms: list[int] = []
        forms: list[int] = []
        form_ids: dict[str, int] = {}
        sentences: list[int] = []
        cues: list[int] = []
        starts = np.zeros(len(passages), dtype=np.int64)
        ends = np.zeros(len(passages), dtype=np.int64)
        sentence = 0
        for position, passage in enumerate(passages):
            text = articles[passage.article].text
            starts[position] = len(terms)
            for start, end in sentence_spans(text, passage.start, passage.end):
                for order, token in enumerate(analyzer.tokens(text[start:end])):
                    term = vocabulary.get(token.term, -1) if token.term is not None else -1
                    if term < 0:
                        continue
                    word = text[start + token.start : start + token.end]
                    terms.append(term)
                    forms.append(form_ids.setdefault(normalise_word(word), len(form_ids)))
                    sentences.append(sentence)
                    cues.append(word_cues(word, order == 0, time_words))
                sentence += 1
            ends[position] = len(terms)
        return cls(
            np.asarray(terms, dtype=np.int32),
            np.asarray(forms, dtype=np.int32),
            np.asarray(sentences, dtype=np.int32),
            np.asarray(cues, dtype=np.uint8),
            starts,
            ends,
            form_ids,
        )

    def known_forms(self, words: Iterable[str]) -> np.ndarray:
        """Sorted distinct ids of those normalised ``words`` that occur in the table."""
        return np.array(sorted({self.form_ids[w] for w in words if w in self.form_ids}), dtype=np.int32)

    def gather(self, passages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers of the words of ``passages`` and, for each, its passage's position in ``passages``."""
        lengths = self.ends[passages] - self.starts[passages]
        owners = np.repeat(np.arange(passages.size), lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.starts[passages][owners] + offsets, owners
