"""kill -9 of the bot process with questions received and answers pending: after a restart, each is answered once."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

from tests.conftest import SEED_FILE
from tests.telegram.processes import ThreadedApi, start_bot_process

USERS = 30


def answers(served: ThreadedApi, update: dict[str, Any]) -> int:
    """How many accepted messages quote the question in ``update``."""
    message = update["message"]
    return sum(
        1
        for c in served.api.calls_to("sendMessage")
        if c.result is not None
        and int(c.params["chat_id"]) == message["chat"]["id"]
        and (c.params.get("reply_parameters") or {}).get("message_id") == message["message_id"]
    )


def kill(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.communicate(timeout=30)


def test_kill_9_with_questions_fetched_and_answers_pending_loses_none_and_repeats_none(
    served: ThreadedApi, tmp_path: Path
) -> None:
    # One update at a time, so a batch takes a while to handle after Telegram considers it delivered.
    start = lambda: start_bot_process(served, tmp_path, SEED_FILE, NYHETSBOT_TELEGRAM_CONCURRENT_UPDATES="1")  # noqa: E731
    process = start()
    try:
        served.call(served.api.wait_for("setMyCommands", count=4, timeout=30))
        # 1: killed as soon as a batch is confirmed: most questions not handled yet, the answers
        # to the others on their way (slowly: they are lost with the connection).
        served.do(lambda: served.api.slow("sendMessage", 2))
        asked = [served.ask(2000 + n, "Hva sa Stoltenberg om Irak?") for n in range(USERS)]
        served.call(served.api.wait_confirmed(asked[-1]["update_id"]))
        kill(process)
        served.do(lambda: served.api.slow("sendMessage", 0))

        # 2: killed while the answers to more questions wait out an outage in the outbox.
        process = start()
        more = [served.ask(3000 + n, "Hvor mange offiserer kan Norge stille med?") for n in range(USERS)]
        served.call(served.api.wait_confirmed(more[-1]["update_id"]))
        served.do(lambda: served.api.down(60))
        time.sleep(1.5)
        kill(process)
        served.do(lambda: served.api.down(0))

        process = start()
        asked += more
        deadline = time.monotonic() + 30
        while any(answers(served, u) == 0 for u in asked) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)  # a duplicate would come right behind
        counts = [answers(served, u) for u in asked]
        assert counts == [1] * len(asked), f"answers per question: {counts}"
    finally:
        kill(process)
