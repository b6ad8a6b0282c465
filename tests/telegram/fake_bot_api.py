"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests of the real Application.

It speaks just enough HTTP/1.1 (stdlib ``asyncio`` streams, keep-alive, form-encoded
bodies as python-telegram-bot sends them) to serve the methods the bot calls, and
records every call as ``(method, params)``. Tests queue updates (``getUpdates`` long
polls until one arrives or the timeout passes) and inject faults: the next calls of a
method fail with a given status and body, a share of a method's calls fail, calls are
slow, or the whole API is down for a while (connections are dropped unanswered, as by
a dead proxy). A failed call is recorded with ``result`` None; a call the bot gave up
on (it closed the connection while the server was slow) is not delivered at all.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

BOT_ID = 4242
BOT_USERNAME = "nyhets_test_bot"
# Telegram's update ids only grow, also across restarts of the bot: shared by every server here.
_UPDATE_IDS = itertools.count(1)


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    token: str
    result: Any = None
    at: float = field(default_factory=time.monotonic)  # when the server received it


class FakeBotApi:
    """The server, its recorded calls and its queue of pending updates."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._server: asyncio.Server | None = None
        self._releasing = False
        self._connections: set[asyncio.Task[None]] = set()
        self._failing_shares: dict[str, tuple[float, int, dict[str, Any]]] = {}
        self._delays: dict[str, float] = {}
        self._down_until = 0.0
        self._random = random.Random(7)
        self.fetched_update_id = 0  # the highest update id getUpdates has handed out
        self.confirmed_update_id = 0  # the highest the bot confirmed (offset of a later getUpdates)
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def release(self) -> None:
        """Answer waiting and future long polls at once, so the bot stops without waiting."""
        self._releasing = True
        async with self._changed:
            self._changed.notify_all()

    async def close(self) -> None:
        await self.release()
        if self._server is not None:
            self._server.close()
        for task in self._connections:
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)

    # --- what tests do -------------------------------------------------------------

    async def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue ``update`` (its ``update_id`` is assigned here) for the next ``getUpdates``."""
        update = {"update_id": next(_UPDATE_IDS), **update}
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def fail_next(self, method: str, status: int, body: dict[str, Any]) -> None:
        """Make the next call of ``method`` answer ``status`` with ``body`` (queued, in order)."""
        self._failures.setdefault(method, []).append((status, body))

    def fail_share(self, method: str, share: float, status: int = 500, body: dict[str, Any] | None = None) -> None:
        """Make about ``share`` of the calls of ``method`` fail with ``status`` (0 stops it)."""
        body = body or {"ok": False, "error_code": status, "description": "Internal Server Error"}
        self._failing_shares[method] = (share, status, body)

    def slow(self, method: str, seconds: float) -> None:
        """Answer calls of ``method`` only after ``seconds`` (0 stops it)."""
        self._delays[method] = seconds

    def down(self, seconds: float) -> None:
        """Drop every connection, unanswered, for the next ``seconds``."""
        self._down_until = time.monotonic() + seconds

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self, method: str, where: Callable[[Call], bool] = lambda c: True, count: int = 1, timeout: float = 10
    ) -> list[Call]:
        """The first ``count`` calls of ``method`` matching ``where``, waiting up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method and where(c)]
                if len(found) >= count:
                    return found[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.params.get("text")) for c in self.calls[-10:]]
                    raise AssertionError(f"no {count} {method} call(s) within {timeout}s; last calls: {seen}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass

    # --- the HTTP side ---------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                if self.is_down:
                    return
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                _, path, _ = request_line.split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines if ":" in h)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                delay = self._delays.get(path.rpartition("/")[2], 0.0)
                if delay:
                    await asyncio.sleep(delay)
                    if reader.at_eof() or self.is_down:  # the bot gave up, or the API died meanwhile
                        return
                status, payload = await self._handle(path, body)
                data = json.dumps(payload).encode()
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode()
                    + data
                )
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):  # the bot went away
            return
        finally:
            self._connections.discard(task)
            writer.close()

    async def _handle(self, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        _, _, rest = path.partition("/bot")
        token, _, method = rest.partition("/")
        params = {k: _decode(k, v) for k, v in parse_qsl(body.decode("utf-8"), keep_blank_values=True)}
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self._get_updates(params)}
        call = Call(method, params, token)
        failure = self._failures[method].pop(0) if self._failures.get(method) else None
        share, status, body_on_failure = self._failing_shares.get(method, (0.0, 0, {}))
        if failure is None and share and self._random.random() < share:
            failure = (status, body_on_failure)
        if failure is None:
            call.result = self._result(method, params)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return failure or (200, {"ok": True, "result": call.result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0))
        timeout = float(params.get("timeout", 0))
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if offset - 1 > self.confirmed_update_id:
                self.confirmed_update_id = offset - 1
                self._changed.notify_all()
            if not self._updates and timeout and not self._releasing:
                try:
                    await asyncio.wait_for(self._changed.wait_for(lambda: self._updates or self._releasing), timeout)
                except TimeoutError:
                    pass
            if self._updates:
                self.fetched_update_id = self._updates[-1]["update_id"]
                self._changed.notify_all()
            return list(self._updates)

    async def wait_fetched(self, update_id: int, timeout: float = 10) -> None:
        """Wait until ``getUpdates`` has handed out the update ``update_id``."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.fetched_update_id >= update_id), timeout)

    async def wait_confirmed(self, update_id: int, timeout: float = 10) -> None:
        """Wait until the bot has confirmed the update ``update_id`` (Telegram would not send it again)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.confirmed_update_id >= update_id), timeout)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Nyhetsbot",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "supports_inline_queries": True,
            }
        if method in ("sendMessage", "editMessageText"):
            chat_id = int(params["chat_id"])
            message_id = int(params["message_id"]) if "message_id" in params else next(self._message_ids)
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Nyhetsbot", "username": BOT_USERNAME},
                "text": params.get("text", ""),
            }
        if method == "getMyCommands":
            return []
        return True


def _decode(name: str, value: str) -> Any:
    """Structured parameters (keyboards, reply parameters) arrive JSON-encoded; text stays text."""
    if name not in ("text", "description") and value[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value
