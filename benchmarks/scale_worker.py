"""One measurement of the scale benchmark, run in a fresh process so memory figures stay apart.

    python -m benchmarks.scale_worker build|serve|add|first SYSTEM ROOT [--runs N] [--question Q]

``SYSTEM`` is ``nyhetsbot``, ``tantivy`` or ``bm25s``; ``ROOT`` a generated corpus folder
(see :class:`benchmarks.synthetic_news.CorpusFiles`). Prints one JSON object on stdout
(``first`` prints the answer instead, as a user would see it). nyhetsbot is measured
through its public API: ``NewsLibrary(settings).load()`` builds or loads the cached
index and re-reads the corpus folder on reload; answers go through the conversation
core and the console renderer, as ``run_bot.py ask`` answers.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.memory import current_mib, folder_mib, peak_mib, reset_peak  # noqa: E402
from benchmarks.synthetic_news import CorpusFiles  # noqa: E402
from retrieval.text.language import language_profile  # noqa: E402

SYSTEMS = ("nyhetsbot", "tantivy", "bm25s")
RANK_K = 10
ADDED_PREFIX = "zz-added-"  # sorts after the corpus files, so positions of old passages stay put


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def timings(run: Callable[[str], object], questions: list[str], runs: int) -> list[dict[str, float]]:
    """p50 and p95 in milliseconds of ``run`` over ``questions``, once per run, and the p50 of the CPU time it took.

    The CPU time (``cpu_p50``, of the asking thread: not of nyhetsbot's background
    checks of the index files after a start) moves less than the elapsed time when
    other work shares the machine's cores.
    """
    figures = []
    for _ in range(runs):
        spent, used = [], []
        for question in questions:
            started, cpu = time.perf_counter(), time.thread_time()
            run(question)
            spent.append((time.perf_counter() - started) * 1000)
            used.append((time.thread_time() - cpu) * 1000)
        figures.append({"p50": statistics.median(spent), "p95": percentile(spent, 95), "cpu_p50": statistics.median(used)})
    return figures


class Nyhetsbot:
    """nyhetsbot over a corpus folder, its index cached in ``ROOT/nyhetsbot-cache``."""

    def __init__(self, files: CorpusFiles) -> None:
        import os

        from bot.library import NewsLibrary
        from bot.settings import load_settings

        self.settings = load_settings(None, os.environ).replace(
            corpus=files.corpus.resolve(), cache_dir=(files.root / "nyhetsbot-cache").resolve(), data_dir=None
        )
        self.library = NewsLibrary(self.settings)

    def load(self) -> None:
        self.library.load()

    def core(self) -> Callable[[str], str]:
        from bot.core import ConversationCore
        from bot.render_text import render

        core = ConversationCore(self.settings, self.library)
        language = self.settings.interface_language
        return lambda question: render(core.answer(question, language))

    def rank(self, question: str) -> object:
        return self.library.snapshot.retriever.index.search(question, RANK_K, max_per_article=RANK_K)

    def finds(self, question: str, article_id: str) -> bool:
        answer = self.library.snapshot.retriever.answer(question, RANK_K)
        return any(found.article.id == article_id for found in answer.results)


def _peer(system: str, files: CorpusFiles, build: bool = False, with_texts: bool = False) -> object:
    from benchmarks.scale_peers import Bm25sStore, TantivyStore, corpus_files, passage_texts

    profile = language_profile("norwegian")
    folder = files.root / system
    texts = passage_texts(corpus_files(files.corpus))
    if system == "tantivy":
        return TantivyStore.build(folder, texts, profile) if build else TantivyStore(folder, profile)
    return Bm25sStore.build(folder, texts, profile) if build else Bm25sStore.open(folder, profile, with_texts)


def build(system: str, files: CorpusFiles) -> dict[str, object]:
    started = time.perf_counter()
    if system == "nyhetsbot":
        shutil.rmtree(files.root / "nyhetsbot-cache", ignore_errors=True)
        Nyhetsbot(files).load()
    else:
        _peer(system, files, build=True)
    build_s = time.perf_counter() - started
    return {
        "build_s": build_s,
        "build_cpu_s": cpu_seconds(),
        "build_peak_mib": peak_mib(),
        "cache_mib": folder_mib(files.root / _cache(system)),
    }


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (nyhetsbot's helper process).

    Less sensitive than the seconds on the clock to other work on a shared machine:
    the build figures to compare when the load moves.
    """
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cache(system: str) -> str:
    return "nyhetsbot-cache" if system == "nyhetsbot" else system


def questions_of(files: CorpusFiles) -> list[str]:
    with files.questions.open(encoding="utf-8") as handle:
        return [json.loads(line)["question"] for line in handle]


def serve(system: str, files: CorpusFiles, runs: int) -> dict[str, object]:
    questions = questions_of(files)
    result: dict[str, object] = {"questions": len(questions), "runs": runs}
    if system == "nyhetsbot":
        bot = Nyhetsbot(files)
        bot.load()
        result["rank"] = timings(bot.rank, questions, runs)
        result["answer"] = timings(bot.core(), questions, runs)
    else:
        peer = _peer(system, files)
        result["rank"] = timings(lambda q: peer.search(q, RANK_K), questions, runs)  # type: ignore[attr-defined]
    result["serving_mib"] = current_mib()
    result["serving_peak_mib"] = peak_mib()
    return result


def _new_article(files: CorpusFiles, count: int) -> tuple[str, str]:
    """The article of an additions file that a probe question should find once it is added."""
    probe = json.loads(files.probe(count).read_text(encoding="utf-8"))
    return str(probe["id"]), str(probe["question"])


def add(system: str, files: CorpusFiles) -> dict[str, object]:
    """Make 1, then 1,000 more new articles searchable; time and peak memory of each step."""
    from benchmarks.scale_peers import passage_texts

    result: dict[str, object] = {}
    placed: list[Path] = []
    try:
        if system == "nyhetsbot":
            bot = Nyhetsbot(files)
            bot.load()
        else:
            peer = _peer(system, files)
            before = peer.size if system == "tantivy" else None  # type: ignore[attr-defined]
        for count in (1, 1000):
            source = files.additions(count)
            target = files.corpus / f"{ADDED_PREFIX}{count}.jsonl"
            article_id, question = _new_article(files, count)
            reset_peak()
            base_mib = current_mib()
            started = time.perf_counter()
            if system == "nyhetsbot":
                shutil.copyfile(source, target)
                placed.append(target)
                bot.load()
                found = bot.finds(question, article_id)
            elif system == "tantivy":
                shutil.copyfile(source, target)
                placed.append(target)
                peer.add(passage_texts([source]))  # type: ignore[attr-defined]
                found = any(p >= before for p in peer.search(question, RANK_K))  # type: ignore[attr-defined]
                before = peer.size  # type: ignore[attr-defined]
            else:
                shutil.copyfile(source, target)
                placed.append(target)
                peer = _peer(system, files, build=True)  # bm25s cannot add: rebuild over the grown corpus
                found = bool(peer.search(question, RANK_K))  # type: ignore[attr-defined]
            result[f"add{count}_s"] = time.perf_counter() - started
            result[f"add{count}_peak_mib"] = peak_mib()
            result[f"add{count}_base_mib"] = base_mib
            result[f"add{count}_found"] = found
    finally:  # the corpus folder is left as generated; the peers' indexes hold the additions until rebuilt
        for path in placed:
            path.unlink(missing_ok=True)
    return result


def first(system: str, files: CorpusFiles, question: str) -> str:
    """Open the stored index and answer one question (the caller times process start to this line)."""
    if system == "nyhetsbot":
        bot = Nyhetsbot(files)
        bot.load()
        return bot.core()(question)
    return _peer(system, files, with_texts=True).text(question)  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("task", choices=("build", "serve", "add", "first"))
    parser.add_argument("system", choices=SYSTEMS)
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default="")
    args = parser.parse_args(argv)
    files = CorpusFiles(args.root)
    if args.task == "first":
        print(first(args.system, files, args.question), flush=True)
        return
    task = {"build": build, "add": add}.get(args.task)
    result = task(args.system, files) if task else serve(args.system, files, args.runs)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
