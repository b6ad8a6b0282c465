"""Established lexical search engines, wrapped to rank the same passages as nyhetsbot.

Each peer is built from the passage texts and answers a question with passage
positions, best first. Peers are benchmark-only dependencies (the ``bench`` extra):
they are imported when a peer is built, so the bot never needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import Stemmer
from sklearn.feature_extraction.text import TfidfVectorizer

from retrieval.text.language import LanguageProfile

# scikit-learn's default token pattern, shared by the peers that take raw text.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


class Peer(Protocol):
    """A built search engine over a fixed passage list."""

    def search(self, question: str, k: int) -> list[int]:
        """Positions of the ``k`` best passages for ``question``."""
        ...


PeerBuilder = Callable[[Sequence[str], LanguageProfile], Peer]


def _top(scores: np.ndarray, k: int) -> list[int]:
    positive = np.flatnonzero(scores > 0)
    best = positive[np.argsort(-scores[positive], kind="stable")[:k]]
    return [int(p) for p in best]


class StemmedTokens:
    """Lower-case tokens without stop words, Snowball-stemmed: the peers' shared analysis."""

    def __init__(self, profile: LanguageProfile) -> None:
        self.stemmer = Stemmer.Stemmer(profile.stemmer)
        self.stop_words = profile.stop_words

    def __call__(self, text: str) -> list[str]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self.stop_words]
        return self.stemmer.stemWords(words)


class NaiveTfidf:
    """scikit-learn ``TfidfVectorizer()`` with every default: the naive baseline."""

    def __init__(self, texts: Sequence[str], profile: LanguageProfile) -> None:
        self.vectorizer = TfidfVectorizer()
        self.matrix = self.vectorizer.fit_transform(texts).tocsr()

    def search(self, question: str, k: int) -> list[int]:
        query = self.vectorizer.transform([question])
        return _top((self.matrix @ query.T).toarray().ravel(), k)


class Bm25s:
    """bm25s (Lucene BM25, k1 1.5, b 0.75) over PyStemmer stems, stop words removed."""

    def __init__(self, texts: Sequence[str], profile: LanguageProfile) -> None:
        import bm25s

        self.stemmer = Stemmer.Stemmer(profile.stemmer)
        self.stop_words = sorted(profile.stop_words)
        tokens = bm25s.tokenize(list(texts), stopwords=self.stop_words, stemmer=self.stemmer, show_progress=False)
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)

    def search(self, question: str, k: int) -> list[int]:
        return bm25s_search(self.retriever, self.stemmer, self.stop_words, question, k)


def bm25s_search(retriever: Any, stemmer: Stemmer.Stemmer, stop_words: list[str], question: str, k: int) -> list[int]:
    """Positions of bm25s's ``k`` best passages with a positive score; question words it does not know are left out (bm25s refuses them)."""
    import bm25s

    query = bm25s.tokenize([question], stopwords=stop_words, stemmer=stemmer, return_ids=False, show_progress=False)
    known = [[t for t in query[0] if t in retriever.vocab_dict]]
    if not known[0]:
        return []
    size = int(retriever.scores["num_docs"])
    documents, scores = retriever.retrieve(known, k=min(k, size), show_progress=False)
    return [int(d) for d, s in zip(documents[0], scores[0]) if s > 0]


class RankBm25:
    """rank_bm25 ``BM25Okapi`` (k1 1.5, b 0.75) on the same stemmed tokens."""

    def __init__(self, texts: Sequence[str], profile: LanguageProfile) -> None:
        from rank_bm25 import BM25Okapi

        self.tokens = StemmedTokens(profile)
        self.bm25 = BM25Okapi([self.tokens(t) for t in texts])

    def search(self, question: str, k: int) -> list[int]:
        return _top(np.asarray(self.bm25.get_scores(self.tokens(question))), k)


class Tantivy:
    """tantivy (Lucene-style BM25) with a simple tokenizer, lower-casing and its Norwegian stemmer."""

    _ANALYZER = "norwegian_stem"

    def __init__(self, texts: Sequence[str], profile: LanguageProfile) -> None:
        import tantivy

        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(profile.stemmer))
            .build()
        )
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", tokenizer_name=self._ANALYZER)
        builder.add_integer_field("position", stored=True, indexed=False)
        self.index = tantivy.Index(builder.build())
        self.index.register_tokenizer(self._ANALYZER, analyzer)
        writer = self.index.writer()
        for position, text in enumerate(texts):
            writer.add_document(tantivy.Document(body=text, position=position))
        writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, question: str, k: int) -> list[int]:
        words = _TOKEN.findall(question)
        if not words:
            return []
        query = self.index.parse_query(" ".join(words), ["body"])
        hits = self.searcher.search(query, k).hits
        return [self.searcher.doc(address)["position"][0] for _, address in hits]


PEERS: dict[str, PeerBuilder] = {
    "tfidf-naive": NaiveTfidf,
    "bm25s": Bm25s,
    "rank_bm25": RankBm25,
    "tantivy": Tantivy,
}
