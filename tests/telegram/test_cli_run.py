"""``python run_bot.py telegram`` as a process against the fake Bot API: serve, stop on SIGTERM, rejected token."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO, SEED_FILE
from tests.telegram.conftest import TOKEN, USER_ID, user
from tests.telegram.fake_bot_api import FakeBotApi


class ThreadedApi:
    """The fake server on its own event loop in a thread, so a child process can talk to it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.api = self.call(self._make())

    async def _make(self) -> FakeBotApi:
        api = FakeBotApi()
        await api.start()
        return api

    def call(self, coroutine: Any, timeout: float = 30) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return future.result(timeout)

    def close(self) -> None:
        self.call(self.api.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def served() -> Iterator[ThreadedApi]:
    server = ThreadedApi()
    yield server
    server.close()


def _start(server: ThreadedApi, tmp_path: Path, **settings: str) -> subprocess.Popen[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NYHETSBOT_"))}
    environ.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server.api.base_url,
        TELEGRAM_API_FILE_URL=server.api.file_url,
        NYHETSBOT_CORPUS=str(SEED_FILE),
        NYHETSBOT_CACHE_DIR="",
        NYHETSBOT_DATA_DIR=str(tmp_path / "data"),
        NYHETSBOT_TELEGRAM_POLL_TIMEOUT="1",
        **settings,
    )
    return subprocess.Popen(
        [sys.executable, str(REPO / "run_bot.py"), "--verbose", "telegram"],
        env=environ, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_serves_and_stops_cleanly_on_sigterm(served: ThreadedApi, tmp_path: Path) -> None:
    process = _start(served, tmp_path)
    try:
        served.call(served.api.wait_for("setMyCommands", count=4, timeout=30))
        message = {"message_id": 1, "date": int(time.time()), "chat": {"id": USER_ID, "type": "private"}, "from": user(), "text": "Irak"}
        served.call(served.api.push({"message": message}))
        (answer,) = served.call(served.api.wait_for("sendMessage", timeout=30))
        assert answer.params["text"].startswith("Dette fant jeg om «Irak»")
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert TOKEN not in err and TOKEN.split(":")[1] not in err
    assert "long polling http://127.0.0.1" in err  # --verbose logs what the bot does, without the token


def test_rejected_token_is_one_line(served: ThreadedApi, tmp_path: Path) -> None:
    served.api.fail_next("getMe", 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    process = _start(served, tmp_path)
    try:
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 2
    assert err.strip().splitlines()[-1] == "nyhetsbot: error: Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN"
    assert TOKEN.split(":")[1] not in err


def test_webhook_mode_registers_the_webhook_and_checks_the_secret(served: ThreadedApi, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = "https://bot.example.org/hook/telegram"
    process = _start(
        served,
        tmp_path,
        NYHETSBOT_TELEGRAM_MODE="webhook",
        NYHETSBOT_TELEGRAM_WEBHOOK_URL=url,
        NYHETSBOT_TELEGRAM_WEBHOOK_PORT=str(port),
        NYHETSBOT_TELEGRAM_WEBHOOK_SECRET="s3cret-token",
    )
    try:
        (registered,) = served.call(served.api.wait_for("setWebhook", timeout=30))
        assert registered.params["url"] == url and registered.params["secret_token"] == "s3cret-token"
        message = {"message_id": 1, "date": int(time.time()), "chat": {"id": USER_ID, "type": "private"}, "from": user(), "text": "Irak"}
        local = f"http://127.0.0.1:{port}/hook/telegram"
        refused = _post_when_listening(local, {"update_id": 1, "message": message}, secret="wrong")
        assert refused.status_code == 403
        accepted = _post_when_listening(local, {"update_id": 2, "message": message}, secret="s3cret-token")
        assert accepted.status_code == 200
        (answer,) = served.call(served.api.wait_for("sendMessage", timeout=30))
        assert answer.params["text"].startswith("Dette fant jeg om «Irak»")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "s3cret-token" not in err and TOKEN.split(":")[1] not in err


def _post_when_listening(url: str, update: dict[str, Any], secret: str) -> httpx.Response:
    """POST ``update`` as Telegram would, retrying while the bot's webhook server is still starting."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}, timeout=10)
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
