"""The scale benchmark's generated news: deterministic, prefix-stable, and its vocabulary grows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks.synthetic_news import CorpusFiles, load_stories, write_corpus
from retrieval.news.loaders import load_corpus
from retrieval.text.language import language_profile

STOP_WORDS = language_profile("norwegian").stop_words


def _generate(norquad: Path, root: Path, passages: int, seed: int = 3) -> dict[str, object]:
    stories = load_stories(norquad / "articles.jsonl")
    return write_corpus(stories, ["Hvem er generalsekretær?"], STOP_WORDS, passages, root, seed, 20, additions=(1, 5))


def _texts(root: Path) -> list[str]:
    return [a.text for a in load_corpus(CorpusFiles(root).corpus).articles]


def test_same_seed_same_corpus_and_smaller_is_a_prefix(norquad: Path, tmp_path: Path) -> None:
    _generate(norquad, tmp_path / "a", 4000)
    _generate(norquad, tmp_path / "b", 4000)
    _generate(norquad, tmp_path / "small", 3000)
    big = _texts(tmp_path / "a")
    assert big == _texts(tmp_path / "b")
    small = _texts(tmp_path / "small")
    assert big[: len(small)] == small and len(small) < len(big)


def test_vocabulary_grows_with_new_words_and_originals_come_first(norquad: Path, tmp_path: Path) -> None:
    manifest = _generate(norquad, tmp_path, 6000)
    corpus = load_corpus(CorpusFiles(tmp_path).corpus)
    originals = [a for a in corpus.articles if a.id.startswith("norquad-")]
    assert len(originals) == 403 and corpus.articles[:403] == originals
    source_words = {w for a in originals for w in re.findall(r"\w+", a.text.lower())}
    generated = corpus.articles[403:]
    new_words = {w for a in generated for w in re.findall(r"\w+", a.text.lower())} - source_words
    assert len(new_words) > 0.3 * len(source_words)  # compounds, names and numbers the sources never had
    assert all(a.date is not None and a.id.startswith("gen3-") for a in generated)
    assert manifest["passages"] >= 6000 and manifest["word_forms"] > len(source_words)


def test_questions_and_additions_are_written_beside_the_corpus(norquad: Path, tmp_path: Path) -> None:
    _generate(norquad, tmp_path, 3000)
    files = CorpusFiles(tmp_path)
    questions = [json.loads(line) for line in files.questions.read_text(encoding="utf-8").splitlines()]
    assert questions[0] == {"question": "Hvem er generalsekretær?", "kind": "dev"}
    assert 10 <= sum(q["kind"] == "generated" for q in questions) <= 20
    corpus_ids = {a.id for a in load_corpus(files.corpus).articles}
    added = [json.loads(line)["id"] for line in files.additions(5).read_text(encoding="utf-8").splitlines()]
    assert len(added) == 5 and not corpus_ids.intersection(added)


def test_the_probe_question_names_words_only_the_added_article_has(norquad: Path, tmp_path: Path) -> None:
    _generate(norquad, tmp_path, 3000)
    files = CorpusFiles(tmp_path)
    probe = json.loads(files.probe(5).read_text(encoding="utf-8"))
    added = [json.loads(line) for line in files.additions(5).read_text(encoding="utf-8").splitlines()]
    assert probe["id"] == added[-1]["id"]
    corpus_words = {w for a in load_corpus(files.corpus).articles for w in re.findall(r"\w+", a.text.lower())}
    probe_words = probe["question"].lower().split()
    assert all(w in added[-1]["text"].lower() for w in probe_words)
    assert any(w not in corpus_words for w in probe_words)
