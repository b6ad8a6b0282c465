"""``python run_bot.py telegram``: token problems are one line and exit code 2, never the token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import load_settings
from tests.conftest import REPO, SEED_FILE


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NYHETSBOT_"))}
    environ.update(env, NYHETSBOT_CACHE_DIR="", NYHETSBOT_CORPUS=str(SEED_FILE))
    return subprocess.run(
        [sys.executable, str(REPO / "run_bot.py"), "telegram"],
        env=environ, capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )


def test_missing_token_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "nyhetsbot: error: no Telegram bot token: set TELEGRAM_BOT_TOKEN (see README, section Telegram)"
    ]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("   ", "no Telegram bot token"),
        ("not-a-token-SECRET", "token is malformed"),
        ("123456:tooShortSECRET", "token is malformed"),
        ("bot123456789:AAE_SECRET_SECRET_SECRET_SECRET_SECRET", "token is malformed"),
    ],
)
def test_token_problems_never_show_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str, expected: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    monkeypatch.setenv("NYHETSBOT_CORPUS", str(SEED_FILE))
    assert main(["telegram"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    assert "Traceback" not in err and "SECRET" not in err


def test_webhook_mode_needs_a_url(tmp_path: Path) -> None:
    result = _run(tmp_path, TELEGRAM_BOT_TOKEN="123456789:" + "A" * 35, NYHETSBOT_TELEGRAM_MODE="webhook")
    assert result.returncode == 2
    assert result.stderr.strip() == "nyhetsbot: error: telegram_mode is 'webhook' but telegram_webhook_url is not set"


def test_telegram_settings_from_the_environment() -> None:
    settings = load_settings(
        environ={
            "TELEGRAM_BOT_TOKEN": "1:x",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "TELEGRAM_API_FILE_URL": "http://127.0.0.1:8081/file/bot",
            "NYHETSBOT_TELEGRAM_ALLOWED_CHATS": "-1001, 42",
            "NYHETSBOT_TELEGRAM_ADMINS": "7",
            "NYHETSBOT_TELEGRAM_WEBHOOK_SECRET": "s3cret",
        }
    )
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.telegram_api_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.telegram_allowed_chats == (-1001, 42) and settings.telegram_admins == (7,)
    assert "s3cret" not in repr(settings) and "1:x" not in repr(settings)
    assert settings.telegram_mode == "polling" and settings.telegram_user_questions == 20
