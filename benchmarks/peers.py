"""Benchmark nyhetsbot's retrieval against established lexical search engines.

Every system ranks the same reference passages (80-word split) in the same process
and is scored by the same :class:`~retrieval.evaluation.Scoreboard`. A second table
compares what the user reads: nyhetsbot's excerpt from its own split against each
peer's first 400 characters of its top passage. The machine is noisy, so query times
are also given as ratios to bm25s's.

    python benchmarks/peers.py [--articles PATH] [--questions PATH] [--json]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser, timed  # noqa: E402
from benchmarks.peer_systems import PEERS, Peer  # noqa: E402
from retrieval.news.article import Article  # noqa: E402
from retrieval.evaluation import (  # noqa: E402
    REFERENCE_PASSAGE_WORDS,
    Question,
    Scoreboard,
    load_questions,
    ranked_texts,
)
from retrieval.ranking.excerpts import MAX_CHARS  # noqa: E402
from retrieval.index.passage_index import IndexSettings, PassageIndex  # noqa: E402
from retrieval.text.language import language_profile  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from retrieval.news.passages import Passage, split_passages  # noqa: E402
from retrieval.ranking.retriever import Retriever  # noqa: E402

K = 10
SYSTEM = "nyhetsbot"
RANKING_COLUMNS = ("ans@1", "ans@3", "ans@5", "doc@1", "MRR@10", "p50_ms", "p95_ms", "build_s")


def bench_nyhetsbot(
    articles: Sequence[Article],
    passages: Sequence[Passage],
    questions: Sequence[Question],
    settings: IndexSettings | None = None,
) -> dict:
    """nyhetsbot's ranking over the reference passages and its excerpts from its own split.

    Query times are ranking times (``PassageIndex.search``), like the peers'; the time
    of a whole answer with its excerpt is reported apart as ``answer_p50_ms``.
    """
    settings = settings or IndexSettings()
    reference, build_s = timed(lambda: Retriever(PassageIndex.build(articles, settings, passages=passages)))
    product = Retriever(PassageIndex.build(articles, settings))
    board = Scoreboard()
    answer_ms = []
    for question in questions:
        started = time.perf_counter()
        hits = reference.index.search(question.question, K, max_per_article=K).hits
        elapsed = (time.perf_counter() - started) * 1000
        board.add_ranking(question, ranked_texts(reference.index, hits), elapsed)
        started = time.perf_counter()
        quoted = product.answer(question.question, 1)
        answer_ms.append((time.perf_counter() - started) * 1000)
        board.add_excerpt(question, quoted.results[0].quote if quoted.results else None)
    return {**board.report(), "build_s": round(build_s, 2), "answer_p50_ms": round(statistics.median(answer_ms), 2)}


def bench_peer(
    build: Callable[[Sequence[str]], Peer], articles: Sequence[Article], passages: Sequence[Passage], questions: Sequence[Question]
) -> dict:
    """A peer's ranking; its excerpt is the first ``MAX_CHARS`` characters of its top passage."""
    texts = [articles[p.article].text[p.start : p.end] for p in passages]
    peer, build_s = timed(lambda: build(texts))
    board = Scoreboard()
    for question in questions:
        started = time.perf_counter()
        positions = peer.search(question.question, K)  # type: ignore[attr-defined]
        elapsed = (time.perf_counter() - started) * 1000
        board.add_ranking(question, [(articles[passages[p].article].id, texts[p]) for p in positions], elapsed)
        board.add_excerpt(question, texts[positions[0]][:MAX_CHARS] if positions else None)
    return {**board.report(), "build_s": round(build_s, 2)}


def run(articles: Sequence[Article], questions: Sequence[Question]) -> dict[str, dict]:
    """Every system's figures, keyed by system name."""
    passages = split_passages(articles, REFERENCE_PASSAGE_WORDS)
    profile = language_profile("norwegian")
    results = {SYSTEM: bench_nyhetsbot(articles, passages, questions)}
    for name, builder in PEERS.items():
        results[name] = bench_peer(lambda texts, b=builder: b(texts, profile), articles, passages, questions)
    return results


def tables(results: dict[str, dict]) -> str:
    """The ranking table, the excerpt table and time ratios, as plain text."""
    lines = [f"{'system':<12}" + "".join(f"{c:>9}" for c in RANKING_COLUMNS)]
    for name, figures in results.items():
        lines.append(f"{name:<12}" + "".join(f"{figures[c]:>9}" for c in RANKING_COLUMNS))
    lines += ["", f"{'system':<12}{'excerpt@1':>10}  excerpt"]
    for name, figures in results.items():
        how = "own split, chosen sentences" if name == SYSTEM else f"first {MAX_CHARS} chars of top passage"
        lines.append(f"{name:<12}{figures['excerpt@1']:>10}  {how}")
    ours, base = results[SYSTEM], results.get("bm25s")
    if base:
        lines += [
            "",
            f"query time ratio {SYSTEM}/bm25s: p50 {ours['p50_ms'] / base['p50_ms']:.2f}×, "
            f"p95 {ours['p95_ms'] / base['p95_ms']:.2f}×",
            f"{SYSTEM} whole answer with excerpt (own split, k=1): p50 {ours['answer_p50_ms']} ms",
        ]
    peers = [f for n, f in results.items() if n != SYSTEM]
    for metric in ("ans@1", "ans@5", "MRR@10", "excerpt@1"):
        best = max(f[metric] for f in peers)
        lines.append(f"{metric}: {SYSTEM} {ours[metric]} vs best peer {best} ({ours[metric] - best:+.1f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object keyed by system name")
    args = parser.parse_args(argv)
    articles = load_corpus(args.articles).articles
    questions = load_questions(args.questions)
    results = run(articles, questions)
    print(json.dumps(results, indent=2) if args.json else tables(results))


if __name__ == "__main__":
    main()
