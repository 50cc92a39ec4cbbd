"""Admission control: how many queries the front sends the engine per timeout window."""

from __future__ import annotations

import asyncio
import time
from collections import deque


class TimeoutThreads:
    """Admits at most ``budget`` queries to the engine in any ``window`` seconds.

    Oxigraph's server starts, for every query, a thread that sleeps for the whole timeout
    before it cancels the query, finished or not: R queries a second keep R x timeout threads
    alive. Each thread costs the process four memory maps, and past the kernel's limit
    (``vm.max_map_count``, 65,530 by default) Oxigraph can start none: it answers 500, then
    aborts. Measured: a bare ``oxigraph serve-read-only --timeout-s 30`` at about 1,000
    queries a second died within a minute. Holding the rate at budget / timeout keeps it up
    (the front's clients wait a little instead)."""

    def __init__(self, budget: int, window: float) -> None:
        self.budget = budget
        self.window = window
        self.sent: deque[float] = deque()

    async def admit(self) -> None:
        while True:
            now = time.monotonic()
            while self.sent and now - self.sent[0] >= self.window:
                self.sent.popleft()
            if len(self.sent) < self.budget:
                self.sent.append(now)
                return
            await asyncio.sleep(self.sent[0] + self.window - now)
