"""The real bot as a child process (``run_bot.py telegram``) against a fake Bot API in this process.

The fake server runs on its own event loop in a thread, so a test (or a benchmark)
can block on the child while the server keeps answering it.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from tests.conftest import REPO
from tests.telegram.conftest import TOKEN, user
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

    def do(self, action: Any) -> Any:
        """Run a plain function on the server's loop (its state is not thread-safe)."""

        async def run() -> Any:
            return action()

        return self.call(run())

    def ask(self, chat_id: int, text: str, message_id: int = 1, date: float | None = None) -> dict[str, Any]:
        """A user's question in a private chat; returns the update as queued."""
        message = {
            "message_id": message_id,
            "date": int(date if date is not None else time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": user(chat_id),
            "text": text,
        }
        return self.call(self.api.push({"message": message}))

    def close(self) -> None:
        self.call(self.api.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def start_bot_process(
    server: ThreadedApi,
    folder: Path,
    corpus: Path,
    log: IO[str] | None = None,
    checkout: Path = REPO,
    **settings: str,
) -> subprocess.Popen[str]:
    """``run_bot.py --verbose telegram`` of ``checkout`` against ``server``, with its data folder in ``folder``.

    Its log goes to ``log`` if given, else to a pipe read at the end — fine for a test,
    but a long run would fill the pipe and stall the bot.
    """
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NYHETSBOT_"))}
    environ.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server.api.base_url,
        TELEGRAM_API_FILE_URL=server.api.file_url,
        NYHETSBOT_CORPUS=str(corpus),
        NYHETSBOT_CACHE_DIR="",
        NYHETSBOT_DATA_DIR=str(folder / "data"),
        NYHETSBOT_TELEGRAM_POLL_TIMEOUT="1",
        **settings,
    )
    return subprocess.Popen(
        [sys.executable, str(checkout / "run_bot.py"), "--verbose", "telegram"],
        env=environ, cwd=folder, stdout=subprocess.PIPE, stderr=log or subprocess.PIPE, text=True,
    )
