"""How confident the short answer must be: coverage and distance bars against shown, F1 and EM.

For every development question the bot's first result and its quote are found once;
then each setting of :class:`~retrieval.ranking.answer_span.AnswerFinder` decides which
short answer (if any) it would show. Figures as ``eval`` reports them (``answer_shown``,
``answer_f1``, ``answer_em``), on the even- and odd-numbered questions apart, so a bar
chosen on one half can be checked on the other; then the chosen setting by kind of
answer, and against keeping the counted noun («ti offiserer»).

    python benchmarks/answer_bars.py [--articles PATH] [--questions PATH] [--json]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser  # noqa: E402
from retrieval.evaluation import AnswerScore, Question, load_questions  # noqa: E402
from retrieval.index.passage_index import IndexSettings, PassageIndex  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from retrieval.ranking.answer_span import AnswerFinder  # noqa: E402
from retrieval.ranking.retriever import Found, Retriever  # noqa: E402
from retrieval.text.cues import Cue  # noqa: E402

COVERAGES = (0.5, 0.6, 0.7)
DISTANCES = (2, 3, 4, 6)


@dataclass(frozen=True)
class Case:
    """One question with the bot's first result, the question's terms and its cue."""

    question: Question
    found: Found | None
    terms: frozenset[str]
    cue: Cue


def cases(retriever: Retriever, questions: Sequence[Question]) -> list[Case]:
    """The first result of every question, found once for all settings."""
    found = []
    for question in questions:
        answer = retriever.answer(question.question, 1)
        cue = retriever.index.question_cue(question.question).kind
        found.append(Case(question, answer.results[0] if answer.results else None, answer.terms, cue))
    return found


def score(finder: AnswerFinder, cases: Sequence[Case], kind: Cue | None = None) -> dict[str, float]:
    """``answer_shown``, ``answer_f1``, ``answer_em`` of ``finder`` (only answers of ``kind`` when given)."""
    board = AnswerScore()
    for case in cases:
        found = case.found
        span = None
        if found is not None:
            quoted = found.excerpt.alone or found.excerpt  # the one slice the short answer is looked for in
            span = finder.find(found.article.text, quoted.start, quoted.end, case.terms, case.cue, case.question.question)
        if span is not None and kind is not None and span.kind is not kind:
            span = None
        text = found.article.text[span.start : span.end] if found is not None and span is not None else None
        board.add(case.question, found is not None, text)
    return {**board.report(), "shown": board.shown}


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__ or "")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    articles = load_corpus(args.articles).articles
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    everything = cases(retriever, load_questions(args.questions))
    halves = {"even": everything[0::2], "odd": everything[1::2]}
    index = retriever.index
    grid = []
    for coverage in COVERAGES:
        for distance in DISTANCES:
            finder = AnswerFinder(index.analyzer, index.term_weights, min_coverage=coverage, max_distance=distance)
            grid.append({"min_coverage": coverage, "max_distance": distance, **{h: score(finder, c) for h, c in halves.items()}})
    chosen = AnswerFinder(index.analyzer, index.term_weights)
    kinds = {kind.name.lower(): score(chosen, everything, kind) for kind in (Cue.NAME, Cue.NUMBER, Cue.TIME)}
    counted = AnswerFinder(index.analyzer, index.term_weights, counted_noun=True)
    numbers = {"without": kinds["number"], "with": score(counted, everything, Cue.NUMBER)}
    report = {"grid": grid, "chosen": score(chosen, everything), "kinds": kinds, "counted_noun": numbers}
    if args.json:
        print(json.dumps(report))
        return
    print(f"{'coverage':>8} {'distance':>8} | {'even shown':>10} {'F1':>5} {'EM':>5} | {'odd shown':>9} {'F1':>5} {'EM':>5}")
    for row in grid:
        even, odd = row["even"], row["odd"]
        print(
            f"{row['min_coverage']:>8} {row['max_distance']:>8} | {even['answer_shown']:>10} {even['answer_f1']:>5} "
            f"{even['answer_em']:>5} | {odd['answer_shown']:>9} {odd['answer_f1']:>5} {odd['answer_em']:>5}"
        )
    chosen_row = report["chosen"]
    print(f"\nchosen (coverage {chosen.min_coverage}, distance {chosen.max_distance}), all questions: "
          f"shown {chosen_row['answer_shown']}, F1 {chosen_row['answer_f1']}, EM {chosen_row['answer_em']}")
    for name, row in kinds.items():
        print(f"  {name:<7} {row['shown']:>4} shown, F1 {row['answer_f1']}, EM {row['answer_em']}")
    print(f"numbers with the counted noun: F1 {numbers['with']['answer_f1']} (without: {numbers['without']['answer_f1']})")


if __name__ == "__main__":
    main()
