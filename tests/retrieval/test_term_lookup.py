"""The term dictionary read through its lookup file: same ids, same rankings, damage detected, old indexes upgraded."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from retrieval.index import terms
from retrieval.index.growing import GrowingIndex
from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.index.segment import Entry
from retrieval.index.terms import TermDictionary
from retrieval.news.article import Article
from retrieval.news.loaders import load_corpus

QUESTIONS = [
    "Hvor mange offiserer kan Norge stille med?",
    "Hva sa statsministeren om budsjettet?",
    "Hvem vant valget i Irak?",
    "Hva koster billettene til festivalen?",
]
SETTINGS = IndexSettings()


@pytest.fixture
def sample(norquad: Path) -> list[Article]:
    return load_corpus(norquad / "articles.jsonl").articles[:30]


def ranking(index: PassageIndex, question: str) -> list[tuple[str, int, int, float]]:
    hits = index.search(question, k=10, max_per_article=2).hits
    return [(index.articles[h.passage.article].id, h.passage.start, h.passage.end, h.score) for h in hits]


def grown_in_rounds(folder: Path, articles: list[Article], rounds: int) -> GrowingIndex:
    index = GrowingIndex(SETTINGS, folder)
    step = -(-len(articles) // rounds)
    for start in range(0, len(articles), step):
        index.add([Entry(str(n), "t", a) for n, a in enumerate(articles[start : start + step], start)])
        index.commit({"round": start})
    return index


def test_terms_read_through_lookup_files_keep_their_ids_and_rank_as_built_at_once(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(terms, "LOOKUP_TAIL", 50)  # a new lookup file on most commits
    grown = grown_in_rounds(tmp_path, sample, rounds=4)
    expected = grown.dictionary.all_ids()
    grown.close()
    assert len(list(tmp_path.glob("terms-lookup-*.npy"))) == 1  # the older ones were removed with their manifests

    reopened = GrowingIndex(SETTINGS, tmp_path)
    dictionary = reopened.dictionary
    assert dictionary.lookup_file is not None and len(dictionary) == len(expected)
    assert dictionary.all_ids() == expected
    assert all(dictionary.get(term) == number for term, number in expected.items())
    assert dictionary.get("finnesikkeiordboka") == -1
    built = PassageIndex.build(sample, SETTINGS)
    assert {q: ranking(reopened.snapshot(), q) for q in QUESTIONS} == {q: ranking(built, q) for q in QUESTIONS}


def test_a_new_term_after_a_restart_continues_the_ids(sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(terms, "LOOKUP_TAIL", 10)
    grown_in_rounds(tmp_path, sample[:10], rounds=1).close()
    reopened = GrowingIndex(SETTINGS, tmp_path)
    size = len(reopened.dictionary)
    assert reopened.dictionary.ensure(["nyttordheltsikkert", "nyttordheltsikkert"]).tolist() == [size, size]
    assert reopened.dictionary.ensure_one("nyttordheltsikkert") == size and len(reopened.dictionary) == size + 1


def test_a_hash_collision_never_gives_the_wrong_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(terms, "LOOKUP_TAIL", 2)
    monkeypatch.setattr(terms, "string_hash", lambda term: 7)  # every term collides with every other
    monkeypatch.setattr(terms, "string_hashes", lambda texts: np.full(len(list(texts)), 7, dtype=np.int64))
    dictionary = TermDictionary()
    words = ["alfa", "beta", "gamma", "delta", "alfabet", "alf"]
    dictionary.ensure(words)
    record = dictionary.save(tmp_path)
    assert record["lookup"] is not None
    again = TermDictionary.load(tmp_path, record)
    assert [again.get(w) for w in words] == list(range(len(words)))
    assert again.get("alfab") == -1 and again.get("gam") == -1


@pytest.mark.parametrize("damaged", ["terms.txt", "terms-lookup-*.npy"])
def test_a_damaged_terms_file_or_lookup_is_detected_and_the_index_built_again(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, damaged: str
):
    monkeypatch.setattr(terms, "LOOKUP_TAIL", 10)
    grown_in_rounds(tmp_path, sample[:10], rounds=2).close()
    path = next(tmp_path.glob(damaged))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # same size, other content: only the checksum can tell
    path.write_bytes(bytes(data))
    caplog.set_level(logging.WARNING)
    reopened = GrowingIndex(SETTINGS, tmp_path)
    assert "unreadable" in caplog.text and "checksum mismatch" in caplog.text
    assert reopened.segment_count == 0 and len(reopened.dictionary) == 0  # the library indexes everything again


def test_an_index_written_before_the_lookup_file_gets_one_at_open(sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    grown = grown_in_rounds(tmp_path, sample[:10], rounds=2)
    expected = {q: ranking(grown.snapshot(), q) for q in QUESTIONS}
    ids = grown.dictionary.all_ids()
    grown.close()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["terms"]["lookup"] is None  # fewer terms than LOOKUP_TAIL: all read into the dict
    del manifest["terms"]["lookup"]  # as the manifests written before the lookup file existed
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))

    monkeypatch.setattr(terms, "LOOKUP_TAIL", 10)
    upgraded = GrowingIndex(SETTINGS, tmp_path)
    assert upgraded.dictionary.lookup_file is not None and not upgraded.damaged
    upgraded.close()
    assert json.loads((tmp_path / "manifest.json").read_text())["terms"]["lookup"]["file"] == upgraded.dictionary.lookup_file
    again = GrowingIndex(SETTINGS, tmp_path)
    assert again.dictionary.all_ids() == ids
    assert {q: ranking(again.snapshot(), q) for q in QUESTIONS} == expected


def test_a_term_with_white_space_is_refused():
    with pytest.raises(ValueError, match="white space"):
        TermDictionary().ensure(["to ord"])


def test_a_dictionary_started_anew_leaves_another_processs_mapped_terms_readable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(terms, "LOOKUP_TAIL", 2)
    old = TermDictionary()
    old.ensure(["alfa", "beta", "gamma", "delta"])
    reader = TermDictionary.load(tmp_path, old.save(tmp_path))  # maps terms.txt, as a read-only process does
    new = TermDictionary()  # a writer that found the index damaged starts over in the same folder
    new.ensure(["omega"])
    record = new.save(tmp_path)
    assert [reader.get(w) for w in ("alfa", "delta", "omega")] == [0, 3, -1]  # its map still holds the old file
    assert TermDictionary.load(tmp_path, record).get("omega") == 0


def test_a_question_looks_up_its_terms_without_listing_the_dictionary(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Listing every term costs 0.2 s at 1M passages: a question (a name question reads headlines too) must not."""
    grown = grown_in_rounds(tmp_path, sample, rounds=2)
    grown.close()
    reopened = GrowingIndex(SETTINGS, tmp_path)

    def listed(self: TermDictionary) -> dict[str, int]:
        raise AssertionError("the whole dictionary was listed while answering")

    monkeypatch.setattr(TermDictionary, "all_ids", listed)
    index = reopened.snapshot()
    for question in [*QUESTIONS, "Hvem er generalsekretær i Norsk Redaktørforening?"]:
        assert index.search(question, k=5, max_per_article=2).hits is not None
    reopened.close()
