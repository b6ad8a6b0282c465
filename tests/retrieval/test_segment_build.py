"""The fast segment build gives exactly the arrays of a plain word-by-word analysis.

The build analyses each distinct written word once and counts from term ids; the
reference here walks every word of every passage with the analyser's own
``tokens`` and places it in its sentence by offset, as the index did before. Every
array must be equal, down to term ids, so the speed-up cannot move a score.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from retrieval.index.passage_index import IndexSettings
from retrieval.index.segment import Entry, Segment, build_segment, merge_segments
from retrieval.index.terms import TermDictionary
from retrieval.index.token_table import ROW, form_hash
from retrieval.news.article import Article
from retrieval.news.loaders import load_corpus
from retrieval.news.passages import split_article
from retrieval.text.analysis import Analyzer, normalise_word
from retrieval.text.cues import word_cues
from retrieval.text.sentences import sentence_spans

from tests.conftest import SEEDS

TRICKY = [
    Article(
        "tricky-1",
        "Nato-ministrene møttes i ÅLESUND – «Det er krise», sa Støre",
        "Nato-ministrene møttes i ÅLESUND – «Det er krise», sa Støre\n"
        "FOTO: Ørn E. Borgen / NTB scanpix\n"
        "Statsministeren sa torsdag 12. mars 2020 at 1.250.000 kroner (ca. 3,5 %) gikk til «Forsvarsdepartementet». "
        "Han la til: «Vi må handle nå!» Deretter reiste han til Tromsø.\n\n"
        "– Dette er 2020-tallets viktigste sak, sa han. I 1945 var det annerledes... Ikke nå?\n"
        "Olje- og energiminister Tina Bru (H) og næringsministeren Iselin Nybø var enige. "
        "Café-eieren Ærlige Åse sa «æøå» er bokstaver: Ææ Øø Åå; o\u0301 og e\u0301 er kombinert.\n"
        "Sykehusbyggeprosjektet i Bodø kostet 4.2 mrd. kroner i januar 2019. Neste: vinterferie-uka!\n"
        "   \n"
        "Bildetekst: Ski_VM 2025 i Trondheim. 33-åringen vant gull, og og og igjen.",
    ),
    Article("tricky-2", "Kort", "Kort\n\n"),  # no words beyond the headline
    Article("tricky-3", "", "og i på er det"),  # stop words only
]


def corpus(norquad: Path) -> list[Article]:
    return [*load_corpus(SEEDS).articles, *load_corpus(norquad / "articles.jsonl").articles[:40], *TRICKY]


def reference(articles: list[Article], analyzer: Analyzer, settings: IndexSettings) -> dict[str, object]:
    """Term ids, token rows and counts, word by word (the analysis the build must reproduce)."""
    ids: dict[str, int] = {}

    def ensure(term: str) -> int:
        return ids.setdefault(term, len(ids))

    rows: dict[str, list[int]] = {"terms": [], "forms": [], "sentences": [], "cues": [], "starts": [], "ends": []}
    passage_counts, headline_counts = [], []
    base = 0
    for article in articles:
        headline_counts.append(Counter(ensure(t) for t in analyzer(article.headline)))
        for start, end in split_article(article.text, settings.passage_words):
            sentences = list(sentence_spans(article.text, start, end))
            rows["starts"].append(len(rows["terms"]))
            counts: Counter[int] = Counter()
            sentence, previous, last = 0, -1, -1
            for token in analyzer.tokens(article.text[start:end]):
                at = start + token.start
                while sentence < len(sentences) and at >= sentences[sentence][1]:
                    sentence += 1
                initial, previous = sentence != previous, sentence
                if token.term is None:
                    continue
                written = article.text[at : start + token.end]
                term = ensure(token.term)
                counts[term] += 1
                rows["terms"].append(term)
                rows["forms"].append(form_hash(normalise_word(written)))
                rows["sentences"].append(base + sentence)
                rows["cues"].append(int(word_cues(written, initial, analyzer.profile.date_words)))
                last = sentence
            base += last + 1
            rows["ends"].append(len(rows["terms"]))
            passage_counts.append(counts)
    return {"ids": ids, "rows": rows, "p": passage_counts, "h": headline_counts}


def postings(segment: Segment, kind: str) -> list[Counter[int]]:
    """Each document's term counts, read back from the segment's column-compressed postings."""
    terms, indptr, indices, counts = (np.asarray(a) for a in segment.postings(kind))
    documents = segment.passages if kind == "p" else segment.articles
    out: list[Counter[int]] = [Counter() for _ in range(documents)]
    for column, term in enumerate(terms.tolist()):
        for document, count in zip(indices[indptr[column] : indptr[column + 1]].tolist(), counts[indptr[column] : indptr[column + 1]].tolist()):
            out[document][term] = count
    return out


def test_build_reproduces_the_word_by_word_analysis(norquad):
    articles = corpus(norquad)
    settings = IndexSettings()
    analyzer = Analyzer(settings.analyzer)
    dictionary = TermDictionary()
    entries = [Entry(str(n), "test", a) for n, a in enumerate(articles)]
    segment = build_segment("s", entries, analyzer, dictionary, settings)
    expected = reference(articles, analyzer, settings)

    assert dictionary.all_ids() == expected["ids"]  # same terms, same ids, same order
    rows = expected["rows"]
    assert segment.t_rows.dtype == ROW
    for name, field in (("terms", "term"), ("forms", "form"), ("sentences", "sentence"), ("cues", "cues")):
        np.testing.assert_array_equal(segment.t_rows[field], np.asarray(rows[name], dtype=ROW[field]), err_msg=name)
    for name in ("starts", "ends"):
        array = segment.arrays[f"t_{name}"]
        assert array.dtype == np.int64, name
        np.testing.assert_array_equal(array, rows[name], err_msg=name)
    assert postings(segment, "p") == expected["p"]
    assert postings(segment, "h") == expected["h"]
    np.testing.assert_array_equal(segment.p_lengths, [sum(c.values()) for c in expected["p"]])
    assert segment.t_rows["cues"].any() and segment.t_rows["sentence"].max() > len(articles)  # the corpus exercises cues and sentences


def test_new_words_of_a_later_segment_continue_the_dictionary(norquad):
    articles = corpus(norquad)
    settings = IndexSettings()
    analyzer = Analyzer(settings.analyzer)
    dictionary = TermDictionary()
    half = len(articles) // 2
    first = build_segment("a", [Entry(str(n), "t", a) for n, a in enumerate(articles[:half])], analyzer, dictionary, settings)
    second = build_segment("b", [Entry(str(n), "t", a) for n, a in enumerate(articles[half:])], analyzer, dictionary, settings)
    expected = reference(articles, analyzer, settings)
    assert dictionary.all_ids() == expected["ids"]
    np.testing.assert_array_equal(np.concatenate([first.t_rows["term"], second.t_rows["term"]]), expected["rows"]["terms"])


@pytest.mark.parametrize("text", ["", "   \n\n", "– «»"])
def test_passages_without_words(text):
    settings = IndexSettings()
    dictionary = TermDictionary()
    segment = build_segment("e", [Entry("e", "t", Article("e", "", text))], Analyzer(settings.analyzer), dictionary, settings)
    assert len(dictionary) == 0 and segment.t_rows.size == 0 and segment.p_indices.size == 0
    assert segment.t_starts.tolist() == segment.t_ends.tolist() == [0] * segment.passages


def test_merged_segments_hold_the_arrays_of_one_segment_built_at_once(norquad):
    articles = corpus(norquad)[:30]
    settings = IndexSettings()
    analyzer = Analyzer(settings.analyzer)
    entries = [Entry(str(n), "test", a) for n, a in enumerate(articles)]
    whole = build_segment("whole", entries, analyzer, TermDictionary(), settings)
    dictionary = TermDictionary()
    parts = [build_segment(f"part-{n}", entries[n : n + 10], analyzer, dictionary, settings) for n in (0, 10, 20)]
    merged = merge_segments("merged", [(part, np.zeros(0, dtype=np.int64)) for part in parts])
    assert set(merged.arrays) == set(whole.arrays)
    for name, array in whole.arrays.items():
        assert merged.arrays[name].dtype == array.dtype, name
        np.testing.assert_array_equal(merged.arrays[name], array, err_msg=name)
