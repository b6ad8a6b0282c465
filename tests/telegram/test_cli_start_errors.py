"""``python run_bot.py telegram`` that cannot start: one line on stderr and exit code 2, within seconds."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.telegram.preflight import TIMEOUT_SECONDS
from tests.conftest import REPO, SEED_FILE
from tests.telegram.conftest import TOKEN
from tests.telegram.processes import ThreadedApi

# Starting Python and importing the bot takes a few seconds on a busy machine.
START_UP_SECONDS = 8


def start_bot(tmp_path: Path, base_url: str, *flags: str) -> tuple[subprocess.CompletedProcess[str], float]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NYHETSBOT_"))}
    environ.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=base_url,
        NYHETSBOT_CORPUS=str(SEED_FILE),
        NYHETSBOT_CACHE_DIR="",
        NYHETSBOT_DATA_DIR="",
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(REPO / "run_bot.py"), *flags, "telegram"],
        env=environ, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    return result, time.monotonic() - started


def test_a_rejected_token_is_one_line_and_nothing_else(served: ThreadedApi, tmp_path: Path) -> None:  # noqa: F811
    served.api.fail_next("getMe", 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    result, _ = start_bot(tmp_path, served.api.base_url, "--verbose")
    assert result.returncode == 2
    assert result.stderr == "nyhetsbot: error: Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN\n"
    assert [c.method for c in served.api.calls] == ["getMe"]  # refused before the index is even built


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_api_is_reported_at_once(tmp_path: Path, closed_port: int) -> None:
    base_url = f"http://127.0.0.1:{closed_port}/bot"
    result, seconds = start_bot(tmp_path, base_url)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"nyhetsbot: error: cannot reach the Telegram Bot API at {base_url} (")
    assert line.endswith("check the network connection and TELEGRAM_API_BASE_URL")
    assert seconds < START_UP_SECONDS


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server that accepts connections and never answers, like a firewall that swallows them."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(5)
    for connection in accepted:
        connection.close()
    listener.close()


def test_an_api_that_never_answers_is_reported_after_the_timeout(tmp_path: Path, silent_server: int) -> None:
    result, seconds = start_bot(tmp_path, f"http://127.0.0.1:{silent_server}/bot")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "cannot reach the Telegram Bot API" in line and "(Timed out)" in line
    assert TIMEOUT_SECONDS <= seconds < TIMEOUT_SECONDS + START_UP_SECONDS
