"""The library keeps its index in line with the corpus folder and the store, changing only what changed."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.library import NewsLibrary, open_store
from bot.settings import Settings
from retrieval.index import growing
from retrieval.index.passage_index import PassageIndex
from retrieval.news.article import Article

NATO = Article("nato", "Nato øker innsatsen i Irak", "Nato sender flere soldater til Irak.\nNorge stiller med ti offiserer.")
WEATHER = Article("vaer", "Kaldt vær i vente", "Meteorologene varsler kulde og snø i hele Sør-Norge.\nDet blir minus ti grader.")
FOOTBALL = Article("fotball", "Rosenborg vant", "Rosenborg slo Molde 3–1 i eliteserien.\nKampen ble spilt i Trondheim.")


def write_jsonl(path: Path, *articles: Article) -> None:
    path.write_text("".join(json.dumps({"id": a.id, "title": a.headline, "text": a.text}) + "\n" for a in articles), encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "a.jsonl", NATO, WEATHER)
    write_jsonl(corpus / "b.jsonl", FOOTBALL)
    return Settings(corpus=corpus, cache_dir=tmp_path / "cache", data_dir=tmp_path / "data")


def ids(library: NewsLibrary) -> list[str]:
    return sorted(library.snapshot.articles_by_id)


def found(library: NewsLibrary, question: str) -> list[str]:
    answer = library.snapshot.retriever.answer(question, k=3, min_score=0.3)
    return [r.article.id for r in answer.results]


def test_a_removed_file_takes_its_articles_and_an_edited_one_is_read_alone(settings: Settings):
    library = NewsLibrary(settings)
    library.load()
    assert ids(library) == ["fotball", "nato", "vaer"]
    (settings.corpus / "b.jsonl").unlink()
    library.load()
    assert ids(library) == ["nato", "vaer"] and found(library, "Rosenborg Molde eliteserien") == []
    changed = Article("vaer", "Kaldt vær i vente", "Meteorologene varsler storm på Vestlandet.")
    write_jsonl(settings.corpus / "a.jsonl", NATO, changed)
    write_jsonl(settings.corpus / "c.jsonl", FOOTBALL)
    warnings = library.load()
    assert warnings == [] and ids(library) == ["fotball", "nato", "vaer"]
    assert found(library, "storm på Vestlandet") == ["vaer"] and found(library, "snø og minus grader") == []
    assert library.index.articles == 3  # the unchanged NATO article was not indexed twice


def test_a_republished_feed_item_replaces_the_old_version(settings: Settings):
    store = open_store(settings)
    store.add([Article("feed-1", "Brann i Bergen", "Det brenner i en lagerhall i Bergen sentrum.", url="https://avis.example/1")])
    library = NewsLibrary(settings, store=store)
    library.load()
    assert found(library, "brann lagerhall Bergen") == ["feed-1"]
    corrected = Article("feed-1", "Brann i Bergen", "Det brenner i en verkstedhall på Laksevåg.", url="https://avis.example/1")
    assert store.add([corrected]) == 0  # not new, but a replacement
    library.load()
    assert found(library, "verkstedhall Laksevåg") == ["feed-1"]
    assert found(library, "lagerhall sentrum") == []
    assert library.index.articles == 4
    rebuilt = PassageIndex.build([NATO, WEATHER, FOOTBALL, corrected], library.index.settings)
    question = "Hvor brenner det i Bergen?"
    got = library.snapshot.retriever.index.search(question, k=2).hits
    expected = rebuilt.search(question, k=2).hits
    assert [h.score for h in got] == pytest.approx([h.score for h in expected], rel=1e-6)
    store.close()


def test_a_new_feed_article_is_added_as_one_small_segment_and_a_restart_builds_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    store = open_store(settings)
    library = NewsLibrary(settings, store=store)
    library.load()
    before = library.index.segment_count
    store.add([Article("feed-2", "Ras i Gudbrandsdalen", "Et jordras stengte E6 ved Otta.")])
    library.load()
    assert library.index.segment_count == before + 1
    assert found(library, "jordras E6 Otta") == ["feed-2"]
    library.wait_for_background_work()

    def refuse(*args, **kwargs):
        raise AssertionError("the index was rebuilt although nothing changed")

    monkeypatch.setattr(growing, "build_segment", refuse)
    restarted = NewsLibrary(settings, store=store)
    restarted.load()
    assert ids(restarted) == ["feed-2", "fotball", "nato", "vaer"]
    store.close()


def test_a_corrupted_cache_is_rebuilt_from_the_corpus_with_a_warning(settings: Settings, caplog: pytest.LogCaptureFixture):
    NewsLibrary(settings).load()
    for path in settings.cache_dir.glob("index-*/seg-*/t_rows.npy"):
        data = bytearray(path.read_bytes())
        data[-1] ^= 0x7F
        path.write_bytes(bytes(data))
    caplog.set_level(logging.WARNING)
    library = NewsLibrary(settings)
    library.load()
    assert "damaged" in caplog.text
    assert ids(library) == ["fotball", "nato", "vaer"] and found(library, "Nato soldater offiserer") == ["nato"]


def test_questions_from_several_threads_are_answered_while_segments_merge(settings: Settings):
    import threading

    store = open_store(settings)
    library = NewsLibrary(settings, store=store)
    library.load()
    failures: list[BaseException] = []
    answers: list[list[str]] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                answers.append(found(library, "Nato soldater offiserer"))
            except BaseException as error:  # noqa: BLE001 - any failure fails the test
                failures.append(error)
                return

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for thread in askers:
        thread.start()
    for number in range(3 * growing.MERGE_FACTOR):
        store.add([Article(f"feed-{number}", f"Nyhet {number}", f"Kommune {number} bygger ny skole nummer {number}.")])
        library.load()
    library.wait_for_background_work()
    stop.set()
    for thread in askers:
        thread.join()
    assert not failures
    assert answers and all(a == ["nato"] for a in answers)
    assert library.index.segment_count < growing.MERGE_FACTOR
    assert len(library.snapshot.articles_by_id) == 3 + 3 * growing.MERGE_FACTOR
    library.close()
    store.close()


def test_corpus_statistics_come_from_the_live_articles_of_every_segment():
    from collections import Counter

    from bot.library import CorpusStats
    from retrieval.index.growing import GrowingIndex
    from retrieval.index.passage_index import IndexSettings
    from retrieval.index.segment import Entry
    from retrieval.news.article import ArticleDate

    dated = [("2020-02", "NRK"), ("2019", "VG"), (None, "NRK"), ("2021-03-04", None), ("2021-03", "VG")]
    articles = [Article(str(i), f"Sak {i}", f"Tekst {i}.", ArticleDate.parse(d) if d else None, s) for i, (d, s) in enumerate(dated)]
    index = GrowingIndex(IndexSettings())
    index.add([Entry(f"c:{a.id}", "o", a) for a in articles[:2]])
    index.add([Entry(f"c:{a.id}", "o", a) for a in articles[2:]])
    index.remove(["c:1"])  # the only 2019 article
    stats = CorpusStats.of(index.snapshot())
    live = [a for a in articles if a.id != "1"]
    dates = sorted(a.date for a in live if a.date)
    assert (stats.articles, stats.first, stats.last, stats.undated) == (4, dates[0], dates[-1], 1)
    assert stats.sources == tuple(Counter(a.source for a in live if a.source).most_common())


def test_old_index_caches_are_removed_when_the_library_opens(settings: Settings):
    from retrieval.index.storage import FORMAT_VERSION, MANIFEST

    settings.cache_dir.mkdir()
    pickle = settings.cache_dir / "index-0123456789abcdef.pkl"
    pickle.write_bytes(b"\x80\x04not to be unpickled")
    old_format = settings.cache_dir / "index-fedcba9876543210"
    old_format.mkdir()
    (old_format / MANIFEST).write_text(json.dumps({"format": FORMAT_VERSION - 1}))
    NewsLibrary(settings).load()
    assert not pickle.exists() and not old_format.exists()
    assert list(settings.cache_dir.glob("index-*/manifest.json"))


def test_an_unusable_cache_folder_is_logged_and_the_index_kept_in_memory(settings: Settings, caplog: pytest.LogCaptureFixture):
    settings.cache_dir.write_text("a file where the cache folder should be")
    caplog.set_level(logging.WARNING)
    library = NewsLibrary(settings)
    library.load()
    assert ids(library) == ["fotball", "nato", "vaer"] and "kept in memory" in caplog.text


def test_lines_appended_to_a_jsonl_file_are_read_alone(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    from retrieval.index import sync

    library = NewsLibrary(settings)
    library.load()
    path = settings.corpus / "a.jsonl"
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "ny", "title": "Ny sak", "text": "Fergen til Bastøy er innstilt."}) + "\n")
        out.write("{not json\n")
    read: list[int] = []
    original = sync.load_jsonl
    monkeypatch.setattr(sync, "load_jsonl", lambda p, start=0, first=1: read.append(start) or original(p, start, first))
    warnings = library.load()
    assert read and read[0] > 0  # from where the file ended before
    assert [str(w) for w in warnings] == [f"{path}:4: bad JSON (Expecting property name enclosed in double quotes); line skipped"]
    assert ids(library) == ["fotball", "nato", "ny", "vaer"] and found(library, "ferge Bastøy innstilt") == ["ny"]


def test_a_first_build_in_many_batches_still_sees_an_id_it_has_already_indexed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    from retrieval.index import sync

    monkeypatch.setattr(sync, "BATCH_CHARACTERS", 1)  # a new segment after every article
    write_jsonl(settings.corpus / "c.jsonl", Article("nato", "Nato igjen", "En annen tekst om Nato."))  # id of a.jsonl
    library = NewsLibrary(settings)
    warnings = library.load()
    assert library.index.segment_count >= 3
    assert ids(library) == ["fotball", "nato", "vaer"] and library.index.articles == 3
    assert any("duplicate article id 'nato'" in str(w) for w in warnings)
    edited = Article("vaer", "Kaldt vær i vente", "Meteorologene varsler storm på Vestlandet.")
    write_jsonl(settings.corpus / "a.jsonl", NATO, edited)  # a later round: an old segment's article replaced
    library.load()
    assert library.index.articles == 3 and found(library, "storm på Vestlandet") == ["vaer"]
