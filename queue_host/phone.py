"""The customer's phone: finding a ticket by its code, per-code limits, and one fan-out of each
ticket's own view to the phones that follow it."""
from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from typing import Callable

from queue_host import views
from queue_host.auth import RateLimited
from queue_host.lobby import Lobby
from queue_host.model import NotFound, Ticket
from queue_host.words import zh_en

STREAMS_PER_CODE = 3  # a phone, a second tab, a family member's phone
STREAMS_TOTAL = 2000  # a lobby's worth of phones, with room to spare
REQUESTS_PER_CODE = 30  # per minute: page loads, stream (re)connects and cancels of one code
MISSES_PER_CLIENT = 20  # per minute: unknown codes asked by one address (guessing)
CODE = re.compile(r"[A-Za-z0-9]{1,16}")
ENDED = ("finished", "cancelled", "unserved")


def find(lobby: Lobby, code: str) -> Ticket:
    """Today's ticket behind a QR code, or NotFound (a code is the only credential: no hints)."""
    ticket = lobby.by_code.get(code.upper()) if CODE.fullmatch(code) else None
    if ticket is None:
        raise NotFound(*zh_en("no such ticket today (it may be from an earlier day)"))
    return ticket


def view_of(lobby: Lobby, code: str) -> dict | None:
    """The phone's view of a code, or None when the ticket is gone (the day was reset)."""
    ticket = lobby.by_code.get(code.upper())
    return views.phone(lobby, ticket) if ticket is not None else None


class Window:
    """Sliding one-minute counts per key, bounded in the number of keys it remembers."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, keys: int = 10_000):
        self.per_minute, self.clock, self.keys = per_minute, clock, keys
        self.hits: dict[str, deque] = {}

    def full(self, key: str) -> int:
        """The seconds to wait when the key is at its limit, else 0 (counts nothing)."""
        hits, now = self.hits.get(key), self.clock()
        if not hits:
            return 0
        recent = [h for h in hits if now - h < 60]
        return int(60 - (now - recent[0])) + 1 if len(recent) >= self.per_minute else 0

    def over(self, key: str) -> int:
        """Count one hit; the seconds to wait when the key is over its limit, else 0."""
        now = self.clock()
        hits = self.hits.pop(key, None) or deque()
        while hits and now - hits[0] >= 60:
            hits.popleft()
        self.hits[key] = hits  # re-inserted: the oldest keys are the ones dropped below
        if len(self.hits) > self.keys:
            self.hits.pop(next(iter(self.hits)))
        if len(hits) >= self.per_minute:
            return int(60 - (now - hits[0])) + 1
        hits.append(now)
        return 0


class PhoneHub:
    """Follows the host's committed events once, and hands each followed ticket its new view."""

    def __init__(self, broker, run, clock: Callable[[], float] = time.monotonic):
        self.broker, self.run = broker, run
        self.streams: dict[str, set[asyncio.Queue]] = {}
        self.per_code = Window(REQUESTS_PER_CODE, clock)
        self.misses = Window(MISSES_PER_CLIENT, clock)
        self._task: asyncio.Task | None = None

    def count(self) -> int:
        """Open phone streams."""
        return sum(len(s) for s in self.streams.values())

    def admit(self, code: str, client: str) -> None:
        """Count one request for a code; RateLimited past its minute's share or while the address guesses."""
        wait = self.misses.full(client)
        if wait:
            raise RateLimited(*zh_en("too many unknown codes from this address; try again in {wait} s", wait=wait),
                              {"retry_after_s": wait})
        wait = self.per_code.over(code.upper())
        if wait:
            raise RateLimited(*zh_en("too many requests for this ticket; try again in {wait} s", wait=wait),
                              {"retry_after_s": wait})

    def missed(self, client: str) -> None:
        """Count an unknown code from one address (past the limit, admit() refuses that address)."""
        self.misses.over(client)

    def open(self, code: str) -> asyncio.Queue:
        """A queue of this ticket's views; RateLimited when the code or the host has too many streams."""
        code = code.upper()
        mine = self.streams.get(code, set())
        if len(mine) >= STREAMS_PER_CODE or self.count() >= STREAMS_TOTAL:
            raise RateLimited(*zh_en("too many pages follow this ticket; close another one and try again"),
                              {"retry_after_s": 10})
        inbox: asyncio.Queue = asyncio.Queue(maxsize=16)
        self.streams.setdefault(code, set()).add(inbox)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._follow())
        return inbox

    def close(self, code: str, inbox: asyncio.Queue) -> None:
        """A phone went away."""
        code = code.upper()
        mine = self.streams.get(code)
        if mine is not None:
            mine.discard(inbox)
            if not mine:
                del self.streams[code]

    async def _follow(self) -> None:
        events: asyncio.Queue = asyncio.Queue()
        self.broker.readers.add(events)
        try:
            while self.streams:
                try:
                    await asyncio.wait_for(events.get(), 30)
                except asyncio.TimeoutError:
                    continue
                while not events.empty():  # one look at the lobby for every batch that piled up
                    events.get_nowait()
                codes = list(self.streams)
                fresh = await self.run(lambda lobby, now: {c: view_of(lobby, c) for c in codes})
                for code, view in fresh.items():
                    for inbox in list(self.streams.get(code, ())):
                        if inbox.full():  # a phone that stopped reading loses old views, never the newest
                            inbox.get_nowait()
                        inbox.put_nowait(view)
        finally:
            self.broker.readers.discard(events)
