"""How many questions one user may ask in a while, so one user cannot monopolise the bot.

A sliding window per user: the times of the last questions are kept, and a question
is allowed while fewer than ``count`` of them fall within ``period`` seconds. Outgoing
flood control is a different matter, handled by python-telegram-bot's ``AIORateLimiter``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class UserLimit:
    """At most ``count`` questions per user in any ``period`` seconds."""

    def __init__(self, count: int, period: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.count = count
        self.period = period
        self.clock = clock
        self._asked: dict[int, deque[float]] = {}

    def allow(self, user_id: int) -> bool:
        """Record a question by ``user_id`` and say whether it may be answered."""
        now = self.clock()
        times = self._asked.setdefault(user_id, deque())
        while times and now - times[0] >= self.period:
            times.popleft()
        if len(times) >= self.count:
            return False
        times.append(now)
        self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        """Drop users whose last question left the window, so memory follows active users only."""
        if len(self._asked) > 1000:
            for user_id in [u for u, t in self._asked.items() if not t or now - t[-1] >= self.period]:
                del self._asked[user_id]
