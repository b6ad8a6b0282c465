"""Why the first excerpt misses the answer: a count of the causes, and the misses to read.

``excerpt@1`` counts a question when a gold answer is inside the first quote. A miss
has one of these causes, told apart here for nyhetsbot's first result:

- ``wrong story``: the first result is another article (the ranking's job);
- ``elsewhere``: the right article, but the answer lies outside the passage and
  out of reach of a quote holding it (the passage choice's job);
- ``near passage``: the answer is outside the passage but close enough that a quote
  holding a sentence of the passage could reach it;
- ``in passage``: the answer is inside the chosen passage, and the quote left it out
  (the excerpt choice's job, what this script is for);
- ``no result``.

With ``--show CAUSE`` it prints each such miss: the question, the quote and the
sentence holding the answer, to read why.

    python benchmarks/excerpt_misses.py [--show "in passage"] [--json]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser  # noqa: E402
from retrieval.evaluation import load_questions, normalise  # noqa: E402
from retrieval.index.passage_index import IndexSettings, PassageIndex  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from retrieval.ranking.excerpts import MAX_CHARS  # noqa: E402
from retrieval.ranking.retriever import Found, Retriever  # noqa: E402
from retrieval.text.sentences import sentence_spans  # noqa: E402

CAUSES = ("quoted", "no result", "wrong story", "elsewhere", "near passage", "in passage")


def answer_positions(text: str, answers: tuple[str, ...]) -> list[tuple[int, int]]:
    """Every span of ``text`` holding a gold answer (case-insensitive), in reading order."""
    lowered = text.lower()
    found = []
    for answer in answers:
        at = lowered.find(answer.lower())
        while at >= 0:
            found.append((at, at + len(answer)))
            at = lowered.find(answer.lower(), at + 1)
    return sorted(found)


def cause(found: Found | None, document_id: str, answers: tuple[str, ...]) -> tuple[str, tuple[int, int] | None]:
    """The cause of a miss (or ``quoted``) and where the answer is in the first result's article."""
    if found is None:
        return "no result", None
    if any(normalise(a) in normalise(found.quote) for a in answers):
        return "quoted", None
    if found.article.id != document_id:
        return "wrong story", None
    positions = answer_positions(found.article.text, answers)
    if not positions:
        return "elsewhere", None
    inside = [at for at in positions if found.passage_start <= at[0] and at[1] <= found.passage_end]
    if inside:
        return "in passage", inside[0]

    def reach(at: tuple[int, int]) -> int:
        return at[1] - found.passage_start if at[0] >= found.passage_end else found.passage_end - at[0]

    nearest = min(positions, key=reach)
    return ("near passage" if reach(nearest) <= MAX_CHARS else "elsewhere"), nearest


def sentence_at(text: str, position: int) -> str:
    """The sentence of ``text`` holding character ``position``."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    for s, e in sentence_spans(text, line_start, len(text) if line_end < 0 else line_end):
        if s <= position < e:
            return text[s:e]
    return ""


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__)
    parser.add_argument("--show", choices=CAUSES, action="append", default=[], help="print these misses")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    articles = load_corpus(args.articles).articles
    questions = load_questions(args.questions)
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    counts: Counter[str] = Counter()
    for question in questions:
        results = retriever.answer(question.question, 1).results
        found = results[0] if results else None
        why, at = cause(found, question.document_id, question.answers)
        counts[why] += 1
        if why in args.show and found is not None:
            text = found.article.text
            print(f"[{why}] {question.question}  → {' | '.join(question.answers)}")
            print(f"  quote:  {found.quote!r}")
            if at is not None:
                print(f"  answer: {sentence_at(text, at[0])!r}")
                print(f"  answer at {at[0] - found.passage_start:+d} from passage start, quote at "
                      f"{found.excerpt.start - found.passage_start:+d}..{found.excerpt.end - found.passage_start:+d}")
            print()
    report = {c: round(100 * counts[c] / len(questions), 1) for c in CAUSES}
    if args.json:
        print(json.dumps({"questions": len(questions), **report}))
        return
    print(f"{'cause':<14}{'%':>7}{'count':>7}")
    for c in CAUSES:
        print(f"{c:<14}{report[c]:>7.1f}{counts[c]:>7}")


if __name__ == "__main__":
    main()
