"""Score retrieval on a question set as ``norquad-news/README.md`` defines it.

Ranking metrics (``ans@k``, ``doc@k``, ``MRR@10``) are computed over the reference
80-word passages so that they compare with other systems; ``excerpt@1`` uses the
product's own passage split and excerpt choice, which the rules allow because an
excerpt does not depend on the split. The :class:`Scoreboard` is shared with the
peer benchmark so that every system is judged by the same code.

The short answer shown before the first quote is scored apart (:class:`AnswerScore`):
``answer_shown`` is the share of answered questions that get one, ``answer_f1`` and
``answer_em`` are SQuAD's token F1 and exact match against the best gold answer,
averaged over the questions with a shown answer. SQuAD's normalisation (lower case,
no punctuation, no articles, single spaces) with the Norwegian articles and
determiners «en», «ei», «et», «den», «det», «de» standing for English "a", "an", "the".

Whether the bot answers at all is scored with its own bars (:class:`AnswerBars`: the
search's ``min_score`` and ``min_coverage`` and the answer judge's ``min_confidence``):
``answered`` is the share of the questions it answers; ``false_answers`` the share of
a set of questions the corpus cannot answer that it answers anyway, overall and per
``split`` when the file names one. The other figures do not depend on the bars, so
they compare with systems that always answer. A question file needs only
``question`` per line; ``document_id`` and ``answers`` (both or neither) make it count
in the ranking and answer figures.
"""

from __future__ import annotations

import json
import re
import statistics
import string
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.news.article import Article
from retrieval.index.passage_index import Hit, IndexSettings, PassageIndex, Progress
from retrieval.news.passages import split_passages
from retrieval.ranking.confidence import AnswerBars, AnswerJudge, first_answer
from retrieval.ranking.retriever import Retriever

REFERENCE_PASSAGE_WORDS = 80
METRICS = ("ans@1", "ans@3", "ans@5", "doc@1", "doc@5", "MRR@10", "excerpt@1")
ANSWER_METRICS = ("answer_shown", "answer_f1", "answer_em")
REFUSAL_METRICS = ("answered", "false_answers")
_SPACE = re.compile(r"\s+")
_ARTICLES = frozenset({"en", "ei", "et", "den", "det", "de"})
_PUNCTUATION = frozenset(string.punctuation) | frozenset("«»–—“”‘’…")


@dataclass(frozen=True)
class Question:
    """A question with its gold article id and answer strings."""

    question: str
    document_id: str = ""  # empty: no gold answer (an unanswerable question)
    answers: tuple[str, ...] = ()
    split: str = ""  # the part of its set it belongs to, e.g. "tune" or "heldout"

    @property
    def has_gold(self) -> bool:
        return bool(self.document_id and self.answers)


def normalise(text: str) -> str:
    """Lower-case and collapse white space, as the scoring rules define."""
    return _SPACE.sub(" ", text.lower()).strip()


class QuestionFileError(ValueError):
    """A question file line that cannot be read; the message names the file and line."""


def load_questions(path: Path) -> list[Question]:
    """Read ``questions-dev.jsonl``-style lines (only ``question`` is required)."""
    questions = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["question"]
                if not isinstance(text, str) or not text.strip():
                    raise ValueError("empty question")
                gold = record.get("document_id")
                answers = tuple(record.get("answers") or ())
                questions.append(Question(text, "" if gold is None else str(gold), answers, str(record.get("split") or "")))
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                raise QuestionFileError(f"{path}:{number}: not a question line ({error})") from None
    return questions


@dataclass
class Scoreboard:
    """Accumulates the README's figures question by question, for any system."""

    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METRICS, 0.0))
    latencies: list[float] = field(default_factory=list)
    count: int = 0

    def add_ranking(self, question: Question, ranked: Sequence[tuple[str, str]], milliseconds: float) -> None:
        """Judge one ranking: ``(article id, passage text)`` pairs, best first."""
        gold = [normalise(a) for a in question.answers]
        answering = [
            article_id == question.document_id and any(g in normalise(text) for g in gold) for article_id, text in ranked
        ]
        documents = [article_id == question.document_id for article_id, _ in ranked]
        for depth in (1, 3, 5):
            self.totals[f"ans@{depth}"] += any(answering[:depth])
        for depth in (1, 5):
            self.totals[f"doc@{depth}"] += any(documents[:depth])
        self.totals["MRR@10"] += next((1 / rank for rank, hit in enumerate(answering[:10], 1) if hit), 0.0)
        self.latencies.append(milliseconds)
        self.count += 1

    def add_excerpt(self, question: Question, quote: str | None) -> None:
        """Judge the first excerpt a user would read (``None`` when nothing was found)."""
        if quote is not None:
            self.totals["excerpt@1"] += any(normalise(a) in normalise(quote) for a in question.answers)

    def report(self) -> dict[str, float]:
        """Percentages with one decimal, query-time percentiles in ms and the question count."""
        count = max(1, self.count)
        report = {name: round(100 * value / count, 1) for name, value in self.totals.items()}
        report["p50_ms"] = round(statistics.median(self.latencies), 2) if self.latencies else 0.0
        report["p95_ms"] = round(percentile(self.latencies, 95), 2) if self.latencies else 0.0
        report["questions"] = self.count
        return report


def answer_tokens(text: str) -> list[str]:
    """SQuAD's normalisation: lower case, punctuation and articles removed, split on white space."""
    lowered = "".join(" " if c in _PUNCTUATION else c for c in text.lower())
    return [word for word in lowered.split() if word not in _ARTICLES]


def token_f1(predicted: str, gold: str) -> float:
    """SQuAD token F1 of a predicted answer against one gold answer."""
    mine, theirs = answer_tokens(predicted), answer_tokens(gold)
    if not mine or not theirs:
        return float(mine == theirs)
    shared = sum((Counter(mine) & Counter(theirs)).values())
    if shared == 0:
        return 0.0
    precision, recall = shared / len(mine), shared / len(theirs)
    return 2 * precision * recall / (precision + recall)


@dataclass
class AnswerScore:
    """Accumulates the short-answer figures: how often one is shown, and how good it is."""

    answered: int = 0
    shown: int = 0
    f1: float = 0.0
    exact: int = 0

    def add(self, question: Question, answered: bool, shown: str | None) -> None:
        """Judge one question: was it answered, and which short answer (if any) was shown."""
        self.answered += answered
        if shown is None:
            return
        self.shown += 1
        self.f1 += max(token_f1(shown, gold) for gold in question.answers)
        self.exact += any(answer_tokens(shown) == answer_tokens(gold) for gold in question.answers)

    def report(self) -> dict[str, float]:
        """Percentages with one decimal; F1 and EM over the questions with a shown answer."""
        return {
            "answer_shown": round(100 * self.shown / max(1, self.answered), 1),
            "answer_f1": round(100 * self.f1 / max(1, self.shown), 1),
            "answer_em": round(100 * self.exact / max(1, self.shown), 1),
        }


def evaluate(
    articles: Sequence[Article],
    questions: Sequence[Question],
    settings: IndexSettings,
    k: int = 10,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.perf_counter,
    bars: AnswerBars = AnswerBars(),
    unanswerable: Sequence[Question] = (),
) -> dict[str, float]:
    """Rank the reference passages for every question, quote from the product split, and count what the bot answers.

    Two indexes are built: one over the reference passages (ranking metrics and
    query times) and one with ``settings``' own split (``excerpt@1``, ``answered``
    and ``false_answers``). Query times are ranking times (``PassageIndex.search``),
    comparable with other engines'; excerpt choice is left out of them.
    """
    passages = split_passages(articles, REFERENCE_PASSAGE_WORDS)
    reference = Retriever(PassageIndex.build(articles, settings, progress, passages))
    product = Retriever(PassageIndex.build(articles, settings, progress))
    judge = AnswerJudge(product.index)
    board = Scoreboard()
    answers = AnswerScore()
    answered = sum(first_answer(product, judge, q.question, bars) is not None for q in questions)
    report: dict[str, float] = {"answered": round(100 * answered / max(1, len(questions)), 1)}
    report.update(false_answers(product, judge, unanswerable, bars))
    for question in (q for q in questions if q.has_gold):
        started = clock()
        hits = reference.index.search(question.question, k, max_per_article=k).hits
        elapsed = (clock() - started) * 1000
        board.add_ranking(question, ranked_texts(reference.index, hits), elapsed)
        quoted = product.answer(question.question, 1)
        first = quoted.results[0] if quoted.results else None
        board.add_excerpt(question, first.quote if first else None)
        span = first.answer if first else None
        answers.add(question, first is not None, first.article.text[span.start : span.end] if first and span else None)
    if board.count:
        report.update({**board.report(), **answers.report()})
    report["questions"] = len(questions)
    return report


def false_answers(retriever: Retriever, judge: AnswerJudge, questions: Sequence[Question], bars: AnswerBars) -> dict[str, float]:
    """Percentage of ``questions`` (none answerable) that get an answer anyway: overall and per split."""
    if not questions:
        return {}
    wrong = {q.question for q in questions if first_answer(retriever, judge, q.question, bars) is not None}
    report: dict[str, float] = {"false_answers": round(100 * len(wrong) / len(questions), 1), "unanswerable": len(questions)}
    for split in sorted({q.split for q in questions if q.split}):
        part = [q for q in questions if q.split == split]
        report[f"false_answers_{split}"] = round(100 * sum(q.question in wrong for q in part) / len(part), 1)
    return report


def ranked_texts(index: PassageIndex, hits: Sequence[Hit]) -> list[tuple[str, str]]:
    """``(article id, passage text)`` of each hit, as :meth:`Scoreboard.add_ranking` takes them."""
    return [
        (index.articles[h.passage.article].id, index.articles[h.passage.article].text[h.passage.start : h.passage.end])
        for h in hits
    ]


def percentile(values: Sequence[float], percent: float) -> float:
    """Nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
