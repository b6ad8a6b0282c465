"""``python run_bot.py telegram`` as a process against the fake Bot API: serve, stop on SIGTERM, rejected token."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import SEED_FILE
from tests.telegram.conftest import TOKEN, USER_ID, user
from tests.telegram.processes import ThreadedApi, start_bot_process


def _start(server: ThreadedApi, tmp_path: Path, **settings: str) -> subprocess.Popen[str]:
    return start_bot_process(server, tmp_path, SEED_FILE, **settings)


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


def test_webhook_without_a_secret_gets_a_random_one_and_a_200_means_stored(served: ThreadedApi, tmp_path: Path) -> None:
    port = _free_port()
    webhook = {
        "NYHETSBOT_TELEGRAM_MODE": "webhook",
        "NYHETSBOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/hook",
        "NYHETSBOT_TELEGRAM_WEBHOOK_PORT": str(port),
    }
    process = _start(served, tmp_path, **webhook)
    local = f"http://127.0.0.1:{port}/hook"
    try:
        (registered,) = served.call(served.api.wait_for("setWebhook", timeout=30))
        secret = registered.params["secret_token"]
        assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", secret)
        admin = {"message_id": 1, "date": int(time.time()), "chat": {"id": USER_ID, "type": "private"}, "from": user(), "text": "/reload"}
        assert _post_when_listening(local, {"update_id": 1, "message": admin}, secret=None).status_code == 403
        assert _post_when_listening(local, {"update_id": 2, "message": admin}, secret="guessed").status_code == 403
        question = {**admin, "message_id": 2, "text": "Irak"}
        served.do(lambda: served.api.slow("sendMessage", 5))  # no answer can get out before the kill
        assert _post_when_listening(local, {"update_id": 3, "message": question}, secret=secret).status_code == 200
        process.kill()  # at once: the update must already be on disk
        process.communicate(timeout=30)
        served.do(lambda: served.api.slow("sendMessage", 0))
        assert not served.api.calls_to("sendMessage")
        restarted = _start(served, tmp_path, **webhook)
        try:
            (answer,) = served.call(served.api.wait_for("sendMessage", timeout=30))
            assert answer.params["text"].startswith("Dette fant jeg om «Irak»")
            time.sleep(0.5)
            assert len(served.api.calls_to("sendMessage")) == 1  # the forged /reload never ran
        finally:
            restarted.kill()
            restarted.communicate(timeout=30)
    finally:
        process.kill()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post_when_listening(url: str, update: dict[str, Any], secret: str | None) -> httpx.Response:
    """POST ``update`` as Telegram would, retrying while the bot's webhook server is still starting."""
    deadline = time.monotonic() + 30
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    while True:
        try:
            return httpx.post(url, json=update, headers=headers, timeout=10)
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
