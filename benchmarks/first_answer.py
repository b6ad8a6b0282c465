"""Process start to first answer on a warm cache, for this checkout beside others, interleaved run by run.

The figure of issue 8's bar (≤ 2 s at 1M passages) as :mod:`benchmarks.scale` takes it:
a fresh ``run_bot.py ask`` over a generated corpus folder whose index is already
built in ``ROOT/nyhetsbot-cache``, timed from starting the process to the first line
of the answer on stdout. On a machine shared with other work one run can take twice
another, so every peer runs once per round, in turn, and the table gives the median,
the range and the median's ratio to the first peer's.

    python benchmarks/first_answer.py ROOT [--peer NAME=CHECKOUT:ROOT ...] [--runs 9] [--json]

``ROOT``: a folder of :class:`benchmarks.synthetic_news.CorpusFiles` (made by
``benchmarks/scale.py``) answered by this checkout; ``--peer``: another checkout
(its own ``.venv``) answering from its own copy of a corpus folder, e.g. the main
branch. Both read the cache they find: an index written by an older format is
rebuilt on its first start, so run one round before timing (``--warm``, default 1).

Measured at 1M passages (9 rounds, load average about 3 on the 2 cores), against main
at the time: main 2.52 s (2.04–3.07), this checkout 0.64 s (0.44–0.70); see the
README's *Scale* section for the steps. What did not pay: a ``dict(zip(...))`` term loader (no gain over the
loop); checking ``terms.txt``'s SHA-256 in the background instead of at open would
save its 10–25 ms but needs every later write to wait for it (see
:mod:`retrieval.index.terms`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import seconds_to_first_line  # noqa: E402

QUESTION = "Hvem er generalsekretær i Norsk Redaktørforening?"  # as benchmarks/scale.py asks


@dataclass(frozen=True)
class Peer:
    """A checkout and the corpus folder it answers from."""

    name: str
    checkout: Path
    root: Path

    @property
    def python(self) -> str:
        own = self.checkout / ".venv" / "bin" / "python"
        return str(own) if self.checkout != REPO and own.exists() else sys.executable

    @classmethod
    def parse(cls, text: str) -> Peer:
        name, _, place = text.partition("=")
        checkout, _, root = place.rpartition(":")
        if not (name and checkout and root):
            raise argparse.ArgumentTypeError(f"expected NAME=CHECKOUT:ROOT, got {text!r}")
        return cls(name, Path(checkout).resolve(), Path(root).resolve())


def first_answer_seconds(peer: Peer, question: str) -> float:
    """Seconds from starting ``run_bot.py ask`` to the first line of its answer."""
    command = [peer.python, "run_bot.py", "ask", question, "--corpus", str(peer.root / "corpus")]
    return seconds_to_first_line(command, peer.checkout, peer.root, peer.name)


def measure(peers: list[Peer], runs: int, warm: int, question: str) -> dict[str, list[float]]:
    """Each peer's first-answer seconds, ``runs`` rounds after ``warm`` untimed ones, peers in turn."""
    for _ in range(warm):
        for peer in peers:
            first_answer_seconds(peer, question)
    seconds: dict[str, list[float]] = {peer.name: [] for peer in peers}
    for _ in range(runs):
        for peer in peers:
            seconds[peer.name].append(first_answer_seconds(peer, question))
    return seconds


def table(seconds: dict[str, list[float]]) -> str:
    first = statistics.median(next(iter(seconds.values())))
    lines = ["| checkout | first answer s (median) | range | runs | ratio to the first |", "|---|---|---|---|---|"]
    for name, values in seconds.items():
        median = statistics.median(values)
        lines.append(f"| {name} | {median:.2f} | {min(values):.2f}–{max(values):.2f} | {len(values)} | {median / first:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="corpus folder with its nyhetsbot-cache, answered by this checkout")
    parser.add_argument("--peer", type=Peer.parse, action="append", default=[], help="NAME=CHECKOUT:ROOT")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--warm", type=int, default=1, help="untimed rounds first (an older cache is upgraded)")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    peers = [Peer("this checkout", REPO, args.root.resolve()), *args.peer]
    seconds = measure(peers, args.runs, args.warm, args.question)
    print(json.dumps(seconds) if args.json else table(seconds))


if __name__ == "__main__":
    main()
