"""The index that grows: incremental equals rebuilt, tombstones, merges, and the index on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.index import growing, reading
from retrieval.index import segment as segment_module
from retrieval.index import storage
from retrieval.index.growing import GrowingIndex
from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.index.segment import Entry, Segment
from retrieval.news.article import Article, ArticleDate
from retrieval.news.loaders import load_corpus

QUESTIONS = [
    "Hvor mange offiserer kan Norge stille med?",
    "Hva sa statsministeren om budsjettet?",
    "Når åpnet den nye skolen?",
    "Hvem vant valget i Irak?",
    "Hvor mange døde i ulykken?",
    "Hva koster billettene til festivalen?",
]
SETTINGS = IndexSettings()


@pytest.fixture
def sample(norquad: Path) -> list[Article]:
    """Forty NorQuAD articles, read in place."""
    return load_corpus(norquad / "articles.jsonl").articles[:40]


def ranking(index: PassageIndex, question: str) -> list[tuple[str, int, int, float]]:
    hits = index.search(question, k=10, max_per_article=2).hits
    return [(index.articles[h.passage.article].id, h.passage.start, h.passage.end, h.score) for h in hits]


def entries(articles: list[Article]) -> list[Entry]:
    return [Entry(f"c:{a.id}", "test", a) for a in articles]


def test_an_index_grown_article_by_article_ranks_exactly_like_one_built_at_once(sample):
    built = PassageIndex.build(sample, SETTINGS)
    grown = GrowingIndex(SETTINGS)
    for entry in entries(sample):
        grown.add([entry])
    index = grown.snapshot()
    assert len(index.segments) == len(sample)
    for question in QUESTIONS:
        np.testing.assert_array_equal(index.score(question), built.score(question))
        assert ranking(index, question) == ranking(built, question)
    grown.merge([s.name for s in index.segments])
    merged = grown.snapshot()
    assert len(merged.segments) == 1
    for question in QUESTIONS:
        assert ranking(merged, question) == ranking(built, question)


def test_removed_articles_stop_counting_in_the_statistics(sample):
    kept, dropped = sample[:30], sample[30:]
    grown = GrowingIndex(SETTINGS)
    grown.add(entries(sample[:20]))
    grown.add(entries(sample[20:]))
    assert grown.remove([f"c:{a.id}" for a in dropped]) == len(dropped)
    index, built = grown.snapshot(), PassageIndex.build(kept, SETTINGS)
    assert [a.id for a in index.articles] == [a.id for a in kept]
    assert index.statistics.passages == built.statistics.passages
    np.testing.assert_array_equal(index.statistics.passage_df[: built.statistics.width], built.statistics.passage_df[: built.statistics.width])
    for question in QUESTIONS:
        got, expected = ranking(index, question), ranking(built, question)
        assert [r[:3] for r in got] == [r[:3] for r in expected]
        np.testing.assert_allclose([r[3] for r in got], [r[3] for r in expected], rtol=1e-6)


def test_every_passage_slot_names_its_live_article_position_across_segments(sample):
    grown = GrowingIndex(SETTINGS)
    for start in range(0, 40, 10):
        grown.add(entries(sample[start : start + 10]))
    assert len(grown.snapshot().passages) == len(PassageIndex.build(sample, SETTINGS).passages)
    grown.remove([f"c:{a.id}" for a in sample[15:25]])
    index = grown.snapshot()
    assert len(index.segments) == 4
    passages = list(index.passages)
    kept = sample[:15] + sample[25:]
    # the live passages, in slot order, are those of the kept articles indexed alone; a dead one names no article
    assert [p for p in passages if p.article >= 0] == list(PassageIndex.build(kept, SETTINGS).passages)
    assert sum(p.article < 0 for p in passages) == len(PassageIndex.build(sample[15:25], SETTINGS).passages)


def test_a_term_only_in_removed_articles_is_unknown():
    grown = GrowingIndex(SETTINGS)
    grown.add(entries([Article("a", "Vindkraft i Nordland", "Kommunene sier nei til vindkraft."),
                       Article("b", "Budsjett", "Stortinget vedtok budsjettet.")]))  # fmt: skip
    assert grown.snapshot().search("vindkraft", k=1).hits
    grown.remove(["c:a"])
    result = grown.snapshot().search("vindkraft", k=1)
    assert result.hits == [] and result.empty_reason == "below_threshold"


def test_merging_carries_tombstones_written_during_the_merge(sample, tmp_path: Path):
    grown = GrowingIndex(SETTINGS, tmp_path)
    for start in range(0, 16, 2):
        grown.add(entries(sample[start : start + 2]))
    grown.commit({})
    names = [s.name for s in grown.snapshot().segments]
    original = growing.merge_segments

    def remove_while_merging(*args, **kwargs):
        grown.remove([f"c:{sample[3].id}"])  # a feed round during the merge
        return original(*args, **kwargs)

    growing.merge_segments = remove_while_merging
    try:
        assert grown.merge(names)
    finally:
        growing.merge_segments = original
    index = grown.snapshot()
    assert len(index.segments) == 1
    assert [a.id for a in index.articles] == [a.id for a in sample[:16] if a.id != sample[3].id]


def test_a_segment_whose_articles_all_went_away_is_dropped_by_its_merge(sample, tmp_path: Path):
    grown = GrowingIndex(SETTINGS, tmp_path)
    grown.add(entries(sample[:4]))
    grown.add(entries(sample[4:6]))
    grown.commit({})
    grown.remove([f"c:{a.id}" for a in sample[4:6]])  # every article (and term) of the second segment
    grown.commit({})
    assert grown.merge_plan() == [grown.snapshot().segments[1].name]
    assert grown.merge(grown.merge_plan())
    index = grown.snapshot()
    assert len(index.segments) == 1
    assert [a.id for a in index.articles] == [a.id for a in sample[:4]]


def test_headline_terms_read_row_by_row_are_those_the_headline_postings_hold(sample, tmp_path: Path):
    grown = GrowingIndex(SETTINGS, tmp_path)
    for start in range(0, 24, 6):
        grown.add(entries(sample[start : start + 6]))
    grown.commit({})
    grown.remove([f"c:{sample[2].id}", f"c:{sample[13].id}"])
    grown.commit({})
    before = grown.snapshot()
    grown.merge([s.name for s in before.segments[1:3]])  # rows of live articles carried over, dead ones dropped
    rng = np.random.default_rng(3)
    found = 0
    for index in (before, grown.snapshot()):
        known = np.unique(np.concatenate([s.h_row_terms for s in index.segments]))
        slots = index._live_slots
        for _ in range(20):
            terms = np.sort(rng.choice(known, size=int(rng.integers(1, 8)), replace=False)).astype(np.int64)
            articles = np.sort(rng.choice(slots, size=int(rng.integers(1, slots.size)), replace=False))
            held = index._in_headlines(terms, articles)
            np.testing.assert_array_equal(held, index._values("h", terms, articles) > 0)
            found += int(held.sum())
    assert found > 20  # the headlines held some of the terms


def test_passage_frequencies_inside_articles_count_the_passages_holding_each_term(sample):
    grown = GrowingIndex(SETTINGS)
    for start in range(0, 24, 5):
        grown.add(entries(sample[start : start + 5]))
    grown.remove([f"c:{sample[6].id}"])
    index = grown.snapshot()
    rng = np.random.default_rng(4)
    known = np.unique(np.concatenate([s.p_terms for s in index.segments]))
    for _ in range(20):
        terms = np.sort(rng.choice(known, size=int(rng.integers(1, 8)), replace=False)).astype(np.int64)
        articles = np.sort(rng.choice(index._live_slots, size=int(rng.integers(1, 20)), replace=False))
        expected = np.zeros((terms.size, articles.size), dtype=np.float32)
        for column, article in enumerate(articles.tolist()):
            passages = np.arange(index._article_first[article], index._article_first[article + 1])
            expected[:, column] = (index._values("p", terms, passages) > 0).sum(axis=1)
        np.testing.assert_array_equal(index._passage_frequencies(terms, articles), expected)


def test_merge_policy_keeps_the_segment_count_bounded(sample):
    grown = GrowingIndex(SETTINGS)
    for entry in entries(sample[:20]):
        grown.add([entry])
        while plan := grown.merge_plan():
            grown.merge(plan)
    assert grown.segment_count < growing.MERGE_FACTOR
    assert [a.id for a in grown.snapshot().articles] == [a.id for a in sample[:20]]


def test_cold_token_rows_and_strings_read_from_the_files_answer_as_the_maps_do(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(storage, "COLD_BYTES", 0)  # every segment's token table and strings read with pread
    built = PassageIndex.build(sample[:24], SETTINGS)
    grown = GrowingIndex(SETTINGS, tmp_path)
    for start in range(0, 24, 8):
        grown.add(entries(sample[start : start + 8]))
    grown.commit({})
    index = grown.snapshot()
    assert all(set(s.cold) == set(segment_module.COLD_ARRAYS) for s in index.segments)
    for segment, local in ((s, np.array([3, 1, 2, 0, 4])) for s in index.segments):
        mapped = Segment(segment.name, segment.arrays)  # the same files, through the maps
        bounds = segment.t_starts[local], segment.t_ends[local]
        np.testing.assert_array_equal(segment.read_token_rows(*bounds), mapped.read_token_rows(*bounds))
        assert segment.passage_bytes(local) == mapped.passage_bytes(local)
        assert segment.article(5) == mapped.article(5) and segment.field(6, "key") == mapped.field(6, "key")
    for question in QUESTIONS:
        assert ranking(index, question) == ranking(built, question)
    assert [a.text for a in index.articles] == [a.text for a in sample[:24]]
    grown.merge([s.name for s in index.segments])  # the old segment folders are deleted ...
    assert not (tmp_path / index.segments[0].name).exists()
    for question in QUESTIONS:  # ... and a question still on the old snapshot reads them from its open files
        assert ranking(index, question) == ranking(built, question)
    assert index.articles[7] == sample[7]


def test_large_segments_read_their_token_rows_from_the_files_and_small_ones_through_the_maps(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    built = PassageIndex.build(sample[:24], SETTINGS)
    grown = GrowingIndex(SETTINGS, tmp_path)
    grown.add(entries(sample[:20]))
    grown.add(entries(sample[20:24]))
    grown.commit({})
    grown.close()
    large, small = (part.record.nbytes for part in grown._parts)
    monkeypatch.setattr(storage, "COLD_BYTES", (large + small) // 2)
    index = GrowingIndex(SETTINGS, tmp_path).snapshot()
    assert set(index.segments[0].cold) == set(segment_module.COLD_ARRAYS) and not index.segments[1].cold
    for question in QUESTIONS:
        assert ranking(index, question) == ranking(built, question)


def test_a_restart_maps_the_segments_instead_of_building(sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    first = GrowingIndex(SETTINGS, tmp_path)
    first.add(entries(sample[:10]))
    first.commit({"marker": 1})
    expected = {q: ranking(first.snapshot(), q) for q in QUESTIONS}
    first.close()

    def refuse(*args, **kwargs):
        raise AssertionError("a segment was built although nothing changed")

    monkeypatch.setattr(growing, "build_segment", refuse)
    again = GrowingIndex(SETTINGS, tmp_path)
    assert again.sources == {"marker": 1}
    index = again.snapshot()
    assert isinstance(index.segments[0].p_indices.base, np.memmap)  # mapped, not read
    assert {q: ranking(index, q) for q in QUESTIONS} == expected
    assert again.snapshot().articles[0] == sample[0]  # text, date and source come back from the segment


def test_new_second_stage_weights_open_the_stored_index_and_other_passages_build_a_new_one(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Re-scoring weights change with every ranking improvement; the files do not depend on them."""
    from dataclasses import replace

    from retrieval.ranking.rerank import RerankSettings

    first = GrowingIndex(SETTINGS, tmp_path)
    first.add(entries(sample[:10]))
    first.commit({"marker": 1})
    first.close()
    reweighted = replace(SETTINGS, rerank=RerankSettings(depth=10, cue_weight=0.1))
    assert reweighted.cache_key == SETTINGS.cache_key
    with monkeypatch.context() as patched:
        patched.setattr(growing, "build_segment", lambda *a, **k: pytest.fail("built although only weights changed"))
        again = GrowingIndex(reweighted, tmp_path)
        assert again.sources == {"marker": 1} and again.snapshot().settings.rerank.depth == 10
        again.close()
    other_passages = replace(SETTINGS, passage_words=40)
    assert other_passages.cache_key != SETTINGS.cache_key
    assert GrowingIndex(other_passages, tmp_path).sources == {}  # built anew: its passages differ


def test_article_fields_round_trip_through_the_segment(tmp_path: Path):
    text = "Første linje.\n\nAndre linje med æøå."
    article = Article("x-1", "Tittel «sitat»", text, ArticleDate.parse("2021-03"), "NRK", "https://nrk.no/x")
    plain = Article("x-2", "Uten dato", "Tekst uten dato og kilde.")
    grown = GrowingIndex(SETTINGS, tmp_path)
    grown.add(entries([article, plain]))
    grown.commit({})
    grown.close()
    assert list(GrowingIndex(SETTINGS, tmp_path).snapshot().articles) == [article, plain]


def test_a_corrupted_segment_file_is_detected_and_dropped_with_a_warning(sample, tmp_path: Path, caplog):
    grown = GrowingIndex(SETTINGS, tmp_path)
    grown.add(entries(sample[:5]))
    grown.add(entries(sample[5:10]))
    grown.commit({"files": {}})
    grown.close()
    damaged = next(tmp_path.glob("seg-*/p_counts.npy"))
    data = bytearray(damaged.read_bytes())
    data[-1] ^= 0xFF  # same size, other content: only the checksum can tell
    damaged.write_bytes(bytes(data))
    reopened = GrowingIndex(SETTINGS, tmp_path)
    assert reopened.damaged and "damaged" in caplog.text
    assert reopened.segment_count == 1
    assert not (tmp_path / damaged.parent.name).exists()  # removed; the library indexes its articles again


def test_large_segments_are_checked_in_the_background(sample, tmp_path: Path):
    grown = GrowingIndex(SETTINGS, tmp_path)
    grown.add(entries(sample[:5]))
    grown.commit({})
    damaged = next(tmp_path.glob("seg-*/t_rows.npy"))
    data = bytearray(damaged.read_bytes())
    data[-1] ^= 0x01
    damaged.write_bytes(bytes(data))
    reopened = GrowingIndex(SETTINGS, tmp_path, verify_at_open=0)  # size checks only at open
    assert reopened.segment_count == 1
    assert reopened.verify_pending() == [damaged.parent.name]
    assert reopened.segment_count == 0 and reopened.damaged


def test_garbage_in_the_cache_folder_never_runs_code_nor_crashes(sample, tmp_path: Path):
    import hashlib
    import json
    import pickle

    grown = GrowingIndex(SETTINGS, tmp_path)
    grown.add(entries(sample[:3]))
    grown.commit({})
    grown.close()
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    target = next(tmp_path.glob("seg-*/p_counts.npy"))
    np.save(target, np.array([Payload()], dtype=object), allow_pickle=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    record = manifest["segments"][0]["files"]["p_counts.npy"]
    record[:] = [target.stat().st_size, hashlib.sha256(target.read_bytes()).hexdigest()]  # a forged checksum
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "stray.pkl").write_bytes(pickle.dumps(Payload()))
    reopened = GrowingIndex(SETTINGS, tmp_path)
    assert reopened.damaged and reopened.segment_count == 0
    reopened.close()
    assert not marker.exists() and not (tmp_path / "stray.pkl").exists()
    (tmp_path / "manifest.json").write_bytes(b"\x00garbage{")
    assert GrowingIndex(SETTINGS, tmp_path).segment_count == 0
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "settings": repr(SETTINGS), "segments": [{"name": "../../etc"}]}))
    assert GrowingIndex(SETTINGS, tmp_path).segment_count == 0
    assert not marker.exists()


def test_a_second_process_on_the_same_folder_only_reads(sample, tmp_path: Path):
    writer = GrowingIndex(SETTINGS, tmp_path)
    writer.add(entries(sample[:3]))
    writer.commit({})
    reader = GrowingIndex(SETTINGS, tmp_path)  # another lock holder, as another process would be
    assert reader.read_only and [a.id for a in reader.snapshot().articles] == [a.id for a in sample[:3]]
    reader.add(entries(sample[3:4]))
    reader.commit({})  # kept in memory: the writer's files are not touched
    assert reader.segment_count == 2 and len(list(tmp_path.glob("seg-*"))) == 1
    writer.close()


def test_a_large_addition_is_cut_into_batches(sample, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(segment_module, "BATCH_CHARACTERS", sum(len(a.text) for a in sample) // 4)
    grown = GrowingIndex(SETTINGS)
    grown.add(entries(sample))
    assert 4 <= grown.segment_count <= 5
    for question in QUESTIONS[:3]:
        assert ranking(grown.snapshot(), question) == ranking(PassageIndex.build(sample, SETTINGS), question)


def test_segments_sharing_one_word_table_hold_the_same_arrays_as_segments_with_their_own(
    sample, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(segment_module, "BATCH_CHARACTERS", sum(len(a.text) for a in sample) // 8)
    alone, shared = GrowingIndex(SETTINGS), GrowingIndex(SETTINGS)
    for start in range(0, 40, 10):  # as a first build adds, batch by batch
        alone.add(entries(sample[start : start + 10]))
        with shared.sharing_words():
            shared.add(entries(sample[start : start + 10]))
    with shared.sharing_words():
        pass  # a table is not kept between blocks
    assert shared._shared_words is None
    ones, others = alone.snapshot().segments, shared.snapshot().segments
    assert len(ones) == len(others) >= 6
    for one, other in zip(ones, others):
        for name in one.arrays:
            np.testing.assert_array_equal(one.arrays[name], other.arrays[name], err_msg=name)


def test_a_batch_read_in_two_processes_gives_the_same_segment_as_one_read_in_one(
    sample, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(segment_module, "BATCH_CHARACTERS", sum(len(a.text) for a in sample) // 3)
    monkeypatch.setattr(growing, "TWO_PROCESS_CHARACTERS", 1)  # every batch read in two processes
    monkeypatch.setattr(reading, "TWO_PROCESS_CHARACTERS", 1)
    one, two = GrowingIndex(SETTINGS), GrowingIndex(SETTINGS)
    for start in (0, 25):  # two additions: the second meets words and terms the first already has
        one.add(entries(sample[start : start + 25]))
        with two.sharing_words():
            two.add(entries(sample[start : start + 25]))
            assert two._helper is not None
        assert two._helper is None  # the helper process ends with the block
    assert len(one.dictionary) == len(two.dictionary) and one.dictionary.all_ids() == two.dictionary.all_ids()
    ones, twos = one.snapshot().segments, two.snapshot().segments
    assert len(ones) == len(twos) >= 4
    for first, second in zip(ones, twos):
        for name in first.arrays:
            np.testing.assert_array_equal(first.arrays[name], second.arrays[name], err_msg=name)


def assert_same_segments(one: GrowingIndex, two: GrowingIndex) -> None:
    assert one.dictionary.all_ids() == two.dictionary.all_ids()
    ones, twos = one.snapshot().segments, two.snapshot().segments
    assert len(ones) == len(twos)
    for first, second in zip(ones, twos):
        for name in first.arrays:
            np.testing.assert_array_equal(first.arrays[name], second.arrays[name], err_msg=name)


def test_the_helper_reads_ahead_cut_anywhere_out_of_step_or_handed_the_wrong_batch_and_no_byte_moves(
    sample, monkeypatch: pytest.MonkeyPatch, caplog
):
    monkeypatch.setattr(segment_module, "BATCH_CHARACTERS", sum(len(a.text) for a in sample) // 6)
    monkeypatch.setattr(growing, "TWO_PROCESS_CHARACTERS", 1)
    monkeypatch.setattr(reading, "TWO_PROCESS_CHARACTERS", 1)
    one, two = GrowingIndex(SETTINGS), GrowingIndex(SETTINGS)
    for part in (sample[:16], sample[16:28], sample[34:]):
        one.add(entries(part))
    with two.sharing_words():
        two._helper = growing.helper_pool()
        assert two._helper is not None
        two._helper.share = 0.2  # most of each batch over there; later batches are cut where measured
        two.add(entries(sample[:16]))  # several batches: each next one handed over ahead
        assert two._helper.tasks >= 2
        two._helper.tasks += 1  # the next task arrives out of order: its part is read here
        two.add(entries(sample[16:28]))
        two.prefetch(entries(sample[28:34]))  # handed over, then never added
        two.add(entries(sample[34:]))
    assert "out of order" in caplog.text
    assert_same_segments(one, two)


def test_a_synchronisation_that_hands_each_batch_ahead_gives_the_segments_of_one_read_in_one_process(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import json

    from retrieval.index import sync

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(4):  # a file ends inside a batch, a batch inside a file
        lines = [json.dumps({"id": a.id, "title": a.headline, "text": a.text}) for a in sample[number * 10 : number * 10 + 10]]
        (corpus / f"part-{number}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = sum(len(a.text) for a in sample) // 7
    monkeypatch.setattr(segment_module, "BATCH_CHARACTERS", batch)
    monkeypatch.setattr(sync, "BATCH_CHARACTERS", batch)
    monkeypatch.setattr(growing, "TWO_PROCESS_CHARACTERS", 1)
    monkeypatch.setattr(reading, "TWO_PROCESS_CHARACTERS", 1)
    two = GrowingIndex(SETTINGS)
    assert sync.synchronise(two, corpus, None).added == 40
    monkeypatch.setattr(growing, "helper_pool", lambda: None)  # one process
    one = GrowingIndex(SETTINGS)
    sync.synchronise(one, corpus, None)
    assert one.segment_count >= 6
    assert_same_segments(one, two)


def test_article_dates_and_ids_are_listed_without_reading_texts():
    dated = [Article("a", "A", "Tekst a.", ArticleDate.parse("2020-02")), Article("b", "B", "Tekst b."),
             Article("c", "C", "Tekst c.", ArticleDate.parse("2021-03-04"))]  # fmt: skip
    grown = GrowingIndex(SETTINGS)
    grown.add(entries(dated[:2]))
    grown.add(entries(dated[2:]))
    grown.remove(["c:a"])
    assert grown.snapshot().articles.dates() == [None, dated[2].date]
    assert grown.snapshot().articles.ids() == ["b", "c"]


def test_progress_counts_over_all_batches(sample, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(segment_module, "BATCH_CHARACTERS", sum(len(a.text) for a in sample) // 3)
    reports: list[tuple[int, int]] = []
    GrowingIndex(SETTINGS).add(entries(sample), lambda stage, done, total: reports.append((done, total)))
    assert reports[-1] == (len(sample), len(sample))
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_results_beyond_the_reranked_top_come_best_first(sample):
    from retrieval.index.passage_index import rank
    from retrieval.ranking.rerank import RerankSettings

    settings = IndexSettings(rerank=RerankSettings(depth=5))  # a shallow top: most hits come from the rest
    index = PassageIndex.build(sample, settings)
    question = "Hva sa statsministeren om budsjettet?"
    hits = index.search(question, k=40, max_per_article=40).hits
    candidates = index.candidates(question, settings.rerank.features)
    order, final = rank(candidates, settings.rerank.weights, settings.rerank.within_weights)
    assert len(hits) == 40
    assert [h.passage for h in hits] == [index.passages[p] for p in order[:40]]
    rest = [h.score for h in hits[5:]]
    assert rest == sorted(rest, reverse=True)
