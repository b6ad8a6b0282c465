"""How nyhetsbot's index build and query time grow with the corpus, next to bm25s.

The NorQuAD development articles are repeated (each copy a new article id) to reach
about 2k, 20k and 100k passages; the same 200 questions are asked at every size.
Repetition keeps the vocabulary at the development set's size, so this measures
how cost grows with postings length, not with vocabulary. Times are also given as a
ratio to bm25s in the same run, because the machine is shared and noisy.

    python benchmarks/scale.py [--articles PATH] [--questions PATH] [--copies 1,10,45] [--json]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser, timed  # noqa: E402
from benchmarks.peer_systems import PEERS  # noqa: E402
from retrieval.news.article import Article  # noqa: E402
from retrieval.evaluation import REFERENCE_PASSAGE_WORDS, load_questions  # noqa: E402
from retrieval.index.passage_index import IndexSettings, PassageIndex  # noqa: E402
from retrieval.text.language import language_profile  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from retrieval.news.passages import split_passages  # noqa: E402
from retrieval.ranking.retriever import Retriever  # noqa: E402

QUESTIONS = 200
COLUMNS = ("passages", "build_s", "p50_ms", "p95_ms", "answer_p50_ms", "bm25s_build_s", "bm25s_p50_ms", "p50_ratio")


def repeated(articles: Sequence[Article], copies: int) -> list[Article]:
    """``copies`` copies of every article, each with its own id."""
    return [replace(a, id=f"{a.id}#{copy}") for copy in range(copies) for a in articles]


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(percent / 100 * len(ordered)))]


def measure(articles: Sequence[Article], questions: Sequence[str]) -> dict[str, float]:
    """Build and query times of nyhetsbot and bm25s over the same passages."""
    passages = split_passages(articles, REFERENCE_PASSAGE_WORDS)
    retriever, build_s = timed(lambda: Retriever(PassageIndex.build(articles, IndexSettings(), passages=passages)))
    search_ms, answer_ms = [], []
    for question in questions:
        started = time.perf_counter()
        retriever.index.search(question, 10, max_per_article=10)
        search_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        retriever.answer(question, 3)
        answer_ms.append((time.perf_counter() - started) * 1000)
    texts = [articles[p.article].text[p.start : p.end] for p in passages]
    peer, peer_build_s = timed(lambda: PEERS["bm25s"](texts, language_profile("norwegian")))
    peer_ms = []
    for question in questions:
        started = time.perf_counter()
        peer.search(question, 10)  # type: ignore[attr-defined]
        peer_ms.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(search_ms)
    return {
        "passages": len(passages),
        "build_s": round(build_s, 2),
        "p50_ms": round(p50, 2),
        "p95_ms": round(percentile(search_ms, 95), 2),
        "answer_p50_ms": round(statistics.median(answer_ms), 2),
        "bm25s_build_s": round(peer_build_s, 2),
        "bm25s_p50_ms": round(statistics.median(peer_ms), 2),
        "p50_ratio": round(p50 / statistics.median(peer_ms), 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__)
    parser.add_argument("--copies", default="1,10,45", help="corpus sizes as numbers of copies (default 1,10,45)")
    parser.add_argument("--json", action="store_true", help="print one JSON object keyed by number of copies")
    args = parser.parse_args(argv)
    articles = load_corpus(args.articles).articles
    questions = [q.question for q in load_questions(args.questions)[:QUESTIONS]]
    results = {}
    for copies in (int(c) for c in args.copies.split(",")):
        results[str(copies)] = measure(repeated(articles, copies), questions)
        print(f"measured {copies} copies", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'copies':>7}" + "".join(f"{c:>15}" for c in COLUMNS))
    for copies, figures in results.items():
        print(f"{copies:>7}" + "".join(f"{figures[c]:>15}" for c in COLUMNS))


if __name__ == "__main__":
    main()
