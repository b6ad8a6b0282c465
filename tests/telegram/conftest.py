"""A small test corpus and a running bot against the fake Bot API, for the end-to-end tests."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core import ConversationCore
from bot.library import NewsLibrary, open_store
from bot.settings import Settings
from bot.telegram.app import build_application
from tests.conftest import SEED_FILE
from tests.telegram.fake_bot_api import BOT_USERNAME, Call, FakeBotApi

TOKEN = "123456789:AAE_test-secret-token-for-the-fake-api"
USER_ID = 111
OTHER_USER_ID = 222
ADMIN_ID = 999
GROUP_ID = -100500
LONG_ARTICLE_ID = "stortinget/" + "referat-" * 12  # longer than callback data can hold
LONG_PARAGRAPH = (
    "Statsbudsjettet ble debattert i mange timer i Stortinget, og representantene la fram forslag om "
    "skatt, samferdsel, sykehus og skole. "
)

WIND_ARTICLES = [
    ("vind-1", "Vindkraft i Nordland skaper strid", "Vindkraft på fjellet i Nordland møter motstand fra reindriften."),
    ("vind-2", "Ny vindkraft til havs", "Regjeringen vil bygge vindkraft til havs utenfor Nordland og Troms."),
    ("vind-3", "Kommuner sier nei til vindkraft", "Flere kommuner i Nordland sier nei til ny vindkraft på land."),
    ("vind-4", "Vindkraft gir strøm til industrien", "Industrien i Nordland vil ha mer vindkraft for grønn strøm."),
    ("vind-5", "Protester mot vindkraft", "Hundrevis protesterte mot vindkraft i Nordland lørdag."),
]


def write_corpus(folder: Path) -> Path:
    """Seed files and a JSON Lines file: HTML-like text, a very long article, several on one topic."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED_FILE, folder / "nato.txt")
    records: list[dict[str, Any]] = [
        {
            "id": "skatt-html",
            "title": "Skatt & <b>avgift</b> i Oslo",
            "text": "Bystyret i Oslo vedtok <b>høyere</b> eiendomsskatt & nye avgifter for hytteeiere.",
            "date": "2021-03-12",
            "source": "NRK",
            "url": "https://example.no/skatt?a=1&b=2",
        },
        {
            "id": LONG_ARTICLE_ID,
            "title": "Langt referat fra budsjettdebatten",
            "text": "\n\n".join(f"{i}. {LONG_PARAGRAPH * 3}" for i in range(60)),
            "date": "2021-10-01",
            "source": "VG",
        },
    ]
    records += [
        {"id": i, "title": t, "text": f"{x} {t}.", "date": f"2022-0{n}", "source": "NTB", "url": f"https://example.no/{i}"}
        for n, (i, t, x) in enumerate(WIND_ARTICLES, start=1)
    ]
    (folder / "articles.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    return folder


def user(user_id: int = USER_ID, language: str = "nb") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"Bruker{user_id}", "language_code": language}


class Harness:
    """The running application and the fake server, with helpers to act as a Telegram user."""

    def __init__(self, api: FakeBotApi, application: Any, settings: Settings, library: NewsLibrary) -> None:
        self.api = api
        self.application = application
        self.settings = settings
        self.library = library
        self._message_ids = iter(range(1, 10**6))
        self.sent_by_users: dict[int, dict[str, Any]] = {}
        self.running = True
        self.last_update_id = 0

    async def stop(self) -> None:
        """Stop as on SIGTERM (the outbox drains); the fake server stays up for inspection."""
        if self.running:
            self.running = False
            await self.api.release()
            await self.application.updater.stop()
            await self.application.stop()
            await self.application.shutdown()

    async def say(
        self,
        text: str,
        *,
        chat_id: int = USER_ID,
        sender: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A user's text message; commands and @mentions get their entities as Telegram sets them."""
        sender = sender or user()
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "Gruppe"},
            "from": sender,
            "text": text,
        }
        found = list(entities or [])
        if text.startswith("/"):
            found.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        mention = f"@{BOT_USERNAME}"
        if mention in text and not text.startswith("/"):
            found.append({"type": "mention", "offset": text.index(mention), "length": len(mention)})
        if found:
            message["entities"] = found
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.sent_by_users[message["message_id"]] = message
        self.last_update_id = (await self.api.push({"message": message}))["update_id"]
        return message

    def bot_message(self, call: Call) -> dict[str, Any]:
        """The message a sendMessage call created, as Telegram would show it, with what it replied to."""
        message = dict(call.result)
        replied = (call.params.get("reply_parameters") or {}).get("message_id")
        if replied in self.sent_by_users:
            message["reply_to_message"] = self.sent_by_users[replied]
        return message

    async def press(self, message: dict[str, Any], data: str, sender: dict[str, Any] | None = None) -> str:
        """Press an inline button with callback ``data`` under ``message``; returns the query id."""
        query_id = f"q{next(self._message_ids)}"
        await self.api.push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": sender or user(),
                    "chat_instance": "ci",
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    async def inline(self, query: str, sender: dict[str, Any] | None = None) -> str:
        query_id = f"i{next(self._message_ids)}"
        await self.api.push({"inline_query": {"id": query_id, "from": sender or user(), "query": query, "offset": ""}})
        return query_id

    async def reply_to(self, message: dict[str, Any], **where: Any) -> Call:
        """The first sendMessage answering ``message`` (quoting it) that the server accepted."""
        calls = await self.api.wait_for(
            "sendMessage",
            lambda c: c.result is not None
            and (c.params.get("reply_parameters") or {}).get("message_id") == message["message_id"]
            and int(c.params["chat_id"]) == message["chat"]["id"]
            and all(c.params.get(k) == v for k, v in where.items()),
        )
        return calls[0]

    async def text_to(self, chat_id: int, containing: str, count: int = 1) -> list[Call]:
        """Messages to ``chat_id`` whose text contains ``containing``, that the server accepted."""
        return await self.api.wait_for(
            "sendMessage",
            lambda c: c.result is not None and int(c.params["chat_id"]) == chat_id and containing in c.params["text"],
            count,
        )


StartBot = Callable[..., Awaitable[Harness]]


@pytest.fixture
def served() -> Iterator[Any]:
    """A fake Bot API on a thread of its own, for a bot running as a child process."""
    from tests.telegram.processes import ThreadedApi  # it imports this module

    server = ThreadedApi()
    yield server
    server.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
async def start_bot(corpus: Path, tmp_path: Path) -> AsyncIterator[StartBot]:
    """Start the real Application against a fresh fake Bot API, with setting changes and failing calls."""
    running: list[Harness] = []

    async def start(failures: tuple[tuple[str, int, dict[str, Any]], ...] = (), **changes: Any) -> Harness:
        api = FakeBotApi()
        await api.start()
        for method, status, body in failures:
            api.fail_next(method, status, body)
        settings = Settings(
            corpus=corpus,
            cache_dir=None,
            data_dir=tmp_path / "data",
            telegram_token=TOKEN,
            telegram_api_base_url=api.base_url,
            telegram_api_file_url=api.file_url,
            telegram_user_questions=100,
            telegram_admins=(ADMIN_ID,),
        ).replace(**changes)
        library = NewsLibrary(settings, store=open_store(settings))
        library.load()
        application = build_application(settings, library, ConversationCore(settings, library))
        await application.initialize()
        await application.post_init(application)  # as run_polling does
        await application.updater.start_polling(poll_interval=0, timeout=2)
        await application.start()
        harness = Harness(api, application, settings, library)
        running.append(harness)
        return harness

    yield start
    for harness in running:
        await harness.stop()
        await harness.api.close()


@pytest.fixture
async def bot(start_bot: StartBot) -> Harness:
    return await start_bot()


