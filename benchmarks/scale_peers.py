"""tantivy and bm25s kept on disk, as a deployment would keep them, over nyhetsbot's passages.

The scale benchmark compares start-up, serving memory and adding articles, so the
peers must live in a folder and be opened by a fresh process, not built in memory
as in :mod:`benchmarks.peer_systems` (whose analysis they share: PyStemmer's
Norwegian Snowball stemmer, the language's stop words for bm25s). tantivy adds new
documents with its own writer; bm25s has no way to add, so adding means rebuilding.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import Stemmer

from benchmarks.peer_systems import bm25s_search
from benchmarks.synthetic_news import PASSAGE_WORDS
from retrieval.news.passages import split_article
from retrieval.text.language import LanguageProfile

_ANALYZER = "norwegian_stem"
# scikit-learn's default token pattern, as in benchmarks/peer_systems.py (not imported from
# there: that module imports scikit-learn, which would count in the peers' start-up time).
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus folder's JSON Lines files in the order nyhetsbot's loader reads them."""
    return sorted(p for p in corpus.rglob("*.jsonl") if p.is_file() and not p.name.startswith("."))


def passage_texts(files: Iterable[Path]) -> Iterator[str]:
    """Every passage of every article in ``files``, split as nyhetsbot splits (80 words), streamed."""
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                text = str(json.loads(line)["text"])
                for start, end in split_article(text, PASSAGE_WORDS):
                    yield text[start:end]


class TantivyStore:
    """A tantivy index in a folder: body text (stored, so an answer can be shown) and the passage position."""

    def __init__(self, folder: Path, profile: LanguageProfile) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=True, tokenizer_name=_ANALYZER)
        builder.add_integer_field("position", stored=True, indexed=False)
        folder.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(builder.build(), path=str(folder))
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(profile.stemmer))
            .build()
        )
        self.index.register_tokenizer(_ANALYZER, analyzer)
        self.searcher = self.index.searcher()
        self.size = self.searcher.num_docs

    @classmethod
    def build(cls, folder: Path, texts: Iterable[str], profile: LanguageProfile) -> TantivyStore:
        shutil.rmtree(folder, ignore_errors=True)
        store = cls(folder, profile)
        store.add(texts)
        return store

    def add(self, texts: Iterable[str]) -> None:
        """Index ``texts`` after the present documents and make them searchable (commit, reload)."""
        writer = self.index.writer()
        position = self.size
        for text in texts:
            writer.add_document(self.tantivy.Document(body=text, position=position))
            position += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.size = position

    def search(self, question: str, k: int) -> list[int]:
        words = _TOKEN.findall(question)
        if not words:
            return []
        hits = self.searcher.search(self.index.parse_query(" ".join(words), ["body"]), k).hits
        return [self.searcher.doc(address)["position"][0] for _, address in hits]

    def text(self, question: str) -> str:
        """The best passage's text for ``question`` (what a reply would quote)."""
        words = _TOKEN.findall(question)
        hits = self.searcher.search(self.index.parse_query(" ".join(words), ["body"]), 1).hits
        return self.searcher.doc(hits[0][1])["body"][0] if hits else ""


class Bm25sStore:
    """A bm25s index saved to a folder with its passages, loaded memory-mapped."""

    def __init__(self, retriever: object, profile: LanguageProfile) -> None:
        self.retriever = retriever
        # Kept apart so a search returns positions; the texts are only read to show an answer.
        self.corpus, retriever.corpus = getattr(retriever, "corpus", None), None  # type: ignore[attr-defined]
        self.stemmer = Stemmer.Stemmer(profile.stemmer)
        self.stop_words = sorted(profile.stop_words)

    @classmethod
    def build(cls, folder: Path, texts: Iterable[str], profile: LanguageProfile) -> Bm25sStore:
        import bm25s

        corpus = list(texts)  # bm25s tokenises a list
        stemmer = Stemmer.Stemmer(profile.stemmer)
        tokens = bm25s.tokenize(corpus, stopwords=sorted(profile.stop_words), stemmer=stemmer, show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        shutil.rmtree(folder, ignore_errors=True)
        retriever.save(str(folder), corpus=corpus, show_progress=False)
        return cls(retriever, profile)

    @classmethod
    def open(cls, folder: Path, profile: LanguageProfile, with_texts: bool = False) -> Bm25sStore:
        """Load the index into memory (memory-mapped, its queries took half as long again at 100k passages)."""
        import bm25s

        return cls(bm25s.BM25.load(str(folder), load_corpus=with_texts, show_progress=False), profile)

    def search(self, question: str, k: int) -> list[int]:
        return bm25s_search(self.retriever, self.stemmer, self.stop_words, question, k)

    def text(self, question: str) -> str:
        found = self.search(question, 1)
        if not found:
            return ""
        return str(self.corpus[found[0]]["text"]) if self.corpus is not None else ""
