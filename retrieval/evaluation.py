"""Score retrieval on a question set as ``norquad-news/README.md`` defines it.

Ranking metrics (``ans@k``, ``doc@k``, ``MRR@10``) are computed over the reference
80-word passages so that they compare with other systems; ``excerpt@1`` uses the
product's own excerpt choice, which does not depend on the split.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.article import Article
from retrieval.index import IndexSettings, PassageIndex, Progress
from retrieval.passages import split_passages
from retrieval.retriever import Retriever

REFERENCE_PASSAGE_WORDS = 80
METRICS = ("ans@1", "ans@3", "ans@5", "doc@1", "doc@5", "MRR@10", "excerpt@1")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Question:
    """A question with its gold article id and answer strings."""

    question: str
    document_id: str
    answers: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower-case and collapse white space, as the scoring rules define."""
    return _SPACE.sub(" ", text.lower()).strip()


def load_questions(path: Path) -> list[Question]:
    """Read ``questions-dev.jsonl``-style lines."""
    questions = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                questions.append(Question(record["question"], str(record["document_id"]), tuple(record["answers"])))
    return questions


def evaluate(
    articles: Sequence[Article],
    questions: Sequence[Question],
    settings: IndexSettings,
    k: int = 10,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, float]:
    """Build an index over the reference passages and score every question."""
    passages = split_passages(articles, REFERENCE_PASSAGE_WORDS)
    retriever = Retriever(PassageIndex.build(articles, settings, progress, passages))
    totals = dict.fromkeys(METRICS, 0.0)
    latencies = []
    for question in questions:
        started = clock()
        answer = retriever.answer(question.question, k, max_per_article=k)
        latencies.append((clock() - started) * 1000)
        gold = [normalise(a) for a in question.answers]
        answering = [
            found.article.id == question.document_id
            and any(g in normalise(found.article.text[found.passage_start : found.passage_end]) for g in gold)
            for found in answer.results
        ]
        documents = [found.article.id == question.document_id for found in answer.results]
        for depth in (1, 3, 5):
            totals[f"ans@{depth}"] += any(answering[:depth])
        for depth in (1, 5):
            totals[f"doc@{depth}"] += any(documents[:depth])
        totals["MRR@10"] += next((1 / rank for rank, hit in enumerate(answering[:10], 1) if hit), 0.0)
        if answer.results:
            totals["excerpt@1"] += any(g in normalise(answer.results[0].quote) for g in gold)
    count = max(1, len(questions))
    report = {name: round(100 * value / count, 1) for name, value in totals.items()}
    report["p50_ms"] = round(statistics.median(latencies), 2) if latencies else 0.0
    report["p95_ms"] = round(_percentile(latencies, 95), 2) if latencies else 0.0
    report["questions"] = len(questions)
    return report


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
