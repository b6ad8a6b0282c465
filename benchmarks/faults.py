"""Does the Telegram bot lose or repeat answers under faults? The real bot process against a fault-injecting fake Bot API.

Each scenario starts ``run_bot.py telegram`` (over the development set's articles, with
a fresh data folder) against the fake Bot API of the tests, lets USERS users ask
QUESTIONS questions each from the development set, spread over a few seconds, and
counts per question the accepted answers that quote it: answered, answered twice,
lost; latency is from the question's arrival at the fake API to its answer there.

Scenarios: ``healthy`` (no faults); ``kill`` (kill -9 at a random moment of the load,
restarted at once); ``outage`` (the API drops every connection for 15 s, from 2 s
into the load); ``errors`` (20 % of sendMessage calls answer HTTP 500); ``feed`` (a
feed round storing 100 new articles and rebuilding the index runs as the load starts).

With ``--baseline CHECKOUT`` each scenario also runs the bot of another checkout of
this repository (e.g. a worktree of an older commit), side by side in the same run.

    python benchmarks/faults.py [--users 200] [--questions-per-user 5] [--scenarios healthy,kill,...]
                                [--repeat 1] [--baseline CHECKOUT] [--logs FOLDER] [--json]
"""

from __future__ import annotations

import json
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser  # noqa: E402
from retrieval.evaluation import load_questions  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from tests.conftest import REPO, rss  # noqa: E402
from tests.telegram.processes import ThreadedApi, start_bot_process  # noqa: E402

SCENARIOS = ("healthy", "kill", "outage", "errors", "feed")
SPREAD_SECONDS = 5.0
OUTAGE = (2.0, 15.0)  # starts this long into the load, lasts this long
ERROR_SHARE = 0.2
FEED_ITEMS = 100
QUIET_SECONDS = 90.0  # give up when nothing new was answered for this long (longer than any backoff)
COLUMNS = ("bot", "scenario", "sent", "answered", "twice", "lost", "p50_s", "p95_s", "typing", "wall_s")


@dataclass(frozen=True)
class Asked:
    chat_id: int
    message_id: int
    at: float


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(percent / 100 * len(ordered)))] if ordered else float("nan")


def wait_until_ready(server: ThreadedApi) -> None:
    """The bot registers its menu (4 calls) right before it starts handling updates."""
    server.call(server.api.wait_for("setMyCommands", count=4, timeout=120), timeout=130)


def run_scenario(
    name: str,
    corpus: Path,
    questions: list[str],
    users: int,
    per_user: int,
    seed: int,
    checkout: Path = REPO,
    keep_log: Path | None = None,
) -> dict[str, object]:
    rng = random.Random(seed)
    server = ThreadedApi()
    with tempfile.TemporaryDirectory(prefix="nyhetsbot-faults-") as folder_name:
        folder = Path(folder_name)
        settings: dict[str, str] = {"NYHETSBOT_TELEGRAM_USER_QUESTIONS": str(per_user + 5)}
        if name == "feed":
            articles = load_corpus(corpus).articles[:FEED_ITEMS]
            feed = folder / "feed.xml"
            items = [(f"bench-{n}", escape(a.headline), escape(a.text[:2000])) for n, a in enumerate(articles)]
            feed.write_text(rss(*items), encoding="utf-8")
            settings["NYHETSBOT_FEEDS"] = str(feed)
        if name == "errors":
            server.do(lambda: server.api.fail_share("sendMessage", ERROR_SHARE))
        log = (folder / "bot.log").open("w", encoding="utf-8")
        bot = [start_bot_process(server, folder, corpus, log, checkout, **settings)]  # the running process, replaced on restart
        try:
            wait_until_ready(server)
            # Each user's questions go in order; all arrive at random times within SPREAD_SECONDS.
            plan = sorted(
                (at, user, n)
                for user in range(users)
                for n, at in enumerate(sorted(rng.uniform(0, SPREAD_SECONDS) for _ in range(per_user)))
            )
            faults: list[threading.Timer] = []
            if name == "outage":
                faults.append(threading.Timer(OUTAGE[0], lambda: server.do(lambda: server.api.down(OUTAGE[1]))))
            if name == "kill":

                def kill_and_restart() -> None:  # questions keep arriving meanwhile, as on Telegram
                    bot[0].kill()
                    bot[0].communicate(timeout=30)
                    bot[0] = start_bot_process(server, folder, corpus, log, checkout, **settings)

                faults.append(threading.Timer(rng.uniform(1.0, SPREAD_SECONDS), kill_and_restart))
            started = time.monotonic()
            for fault in faults:
                fault.start()
            asked: list[Asked] = []
            for at, user, n in plan:
                delay = started + at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                chat_id = 10_000 + user
                update = server.ask(chat_id, questions[(user * per_user + n) % len(questions)], message_id=n + 1)
                asked.append(Asked(chat_id, update["message"]["message_id"], time.monotonic()))
            for fault in faults:
                fault.join()
            counts, first = wait_for_answers(server, asked)
            wall = time.monotonic() - started
            bot[0].send_signal(signal.SIGTERM)
            bot[0].communicate(timeout=60)
        finally:
            bot[0].kill()
            server.close()
            log.close()
            if keep_log is not None:
                keep_log.write_text((folder / "bot.log").read_text(encoding="utf-8"), encoding="utf-8")
    latencies = [first[(a.chat_id, a.message_id)] - a.at for a in asked if (a.chat_id, a.message_id) in first]
    answered = sum(1 for a in asked if counts[(a.chat_id, a.message_id)] >= 1)
    return {
        "bot": "this" if checkout == REPO else checkout.name,
        "scenario": name,
        "sent": len(asked),
        "answered": answered,
        "twice": sum(1 for a in asked if counts[(a.chat_id, a.message_id)] >= 2),
        "lost": len(asked) - answered,
        "p50_s": round(percentile(latencies, 50), 2),
        "p95_s": round(percentile(latencies, 95), 2),
        "typing": len(server.api.calls_to("sendChatAction")),
        "wall_s": round(wall, 1),
    }


def wait_for_answers(server: ThreadedApi, asked: list[Asked]) -> tuple[Counter[tuple[int, int]], dict[tuple[int, int], float]]:
    """Answers per question and the time of each first answer, once all are in or nothing moves for a while."""
    wanted = {(a.chat_id, a.message_id) for a in asked}
    last_progress, answered = time.monotonic(), 0
    while True:
        counts, first = Counter(), {}
        for call in list(server.api.calls):
            if call.method != "sendMessage" or call.result is None:
                continue
            key = (int(call.params["chat_id"]), (call.params.get("reply_parameters") or {}).get("message_id"))
            if key in wanted:
                counts[key] += 1
                first.setdefault(key, call.at)
        if len(first) > answered:
            answered, last_progress = len(first), time.monotonic()
        if answered == len(wanted):
            time.sleep(2.0)  # a duplicate would come right behind
            settled = Counter(
                (int(c.params["chat_id"]), (c.params.get("reply_parameters") or {}).get("message_id"))
                for c in list(server.api.calls)
                if c.method == "sendMessage" and c.result is not None
            )
            return Counter({k: settled[k] for k in wanted}), first
        if time.monotonic() - last_progress > QUIET_SECONDS:
            return counts, first
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__ or "")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions-per-user", type=int, default=5)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated, from: " + ", ".join(SCENARIOS))
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario (latency is noisy on a shared machine)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--logs", type=Path, help="keep each run's bot log in this folder")
    parser.add_argument("--baseline", type=Path, help="another checkout whose bot runs each scenario too")
    args = parser.parse_args(argv)
    questions = [q.question for q in load_questions(args.questions)]
    rows = []
    for name in args.scenarios.split(","):
        if name not in SCENARIOS:
            parser.error(f"unknown scenario {name!r}")
        for run in range(args.repeat):
            for checkout in [REPO] + ([args.baseline.resolve()] if args.baseline else []):
                keep = args.logs / f"{checkout.name}-{name}-{run}.log" if args.logs else None
                rows.append(
                    run_scenario(name, args.articles, questions, args.users, args.questions_per_user, run, checkout, keep)
                )
                if not args.json:
                    print(" ".join(f"{k}={v}" for k, v in rows[-1].items()), file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(" | ".join(COLUMNS))
    print(" | ".join("---" for _ in COLUMNS))
    for row in rows:
        print(" | ".join(str(row[c]) for c in COLUMNS))
    if args.repeat > 1:
        for bot, name in dict.fromkeys((r["bot"], r["scenario"]) for r in rows):
            p50 = [float(r["p50_s"]) for r in rows if r["scenario"] == name and r["bot"] == bot]
            print(f"{bot} {name}: p50 {min(p50)}–{max(p50)} s over {len(p50)} runs (median {statistics.median(p50)})")


if __name__ == "__main__":
    main()
