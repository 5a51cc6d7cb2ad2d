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

STREAMS_PER_CODE = 3  # a phone, a second tab, a family member's phone; a fourth replaces the oldest
STREAMS_TOTAL = 2000  # a lobby's worth of phones, with room to spare
# Per minute: page loads, stream (re)connects and cancels of one code from one address. The page's stream
# reconnects after 3 s (`retry: 3000`): 20 a minute at worst, so an owner's own page never meets this.
REQUESTS_PER_CODE_ADDRESS = 30
# Per minute, one code from all addresses together: ten addresses' worth, so someone else polling the
# code from their own address (30 at most counted) cannot use up what its owner needs.
REQUESTS_PER_CODE = 300
MISSES_PER_CLIENT = 20  # per minute: unknown codes asked by one address (guessing); a known code is still served
EVICTED = {"evicted": True}  # put in a stream's inbox: a newer page of the same code took its place
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
        self.streams: dict[str, dict[asyncio.Queue, None]] = {}  # code -> its pages' inboxes, oldest first
        self.per_code = Window(REQUESTS_PER_CODE, clock)
        self.per_code_address = Window(REQUESTS_PER_CODE_ADDRESS, clock)
        self.misses = Window(MISSES_PER_CLIENT, clock)
        self._task: asyncio.Task | None = None

    def count(self) -> int:
        """Open phone streams."""
        return sum(len(s) for s in self.streams.values())

    def admit(self, code: str, client: str, known: bool) -> None:
        """Count one request for a code; RateLimited past the code's share, or for an unknown code while its
        address guesses. A known code is never refused for its address's misses: phones share a NAT."""
        if not known:
            wait = self.misses.full(client)
            if wait:
                raise RateLimited(*zh_en("too many unknown codes from this address; try again in {wait} s",
                                         wait=wait), {"retry_after_s": wait})
            return
        code = code.upper()
        wait = self.per_code_address.over(f"{code} {client}") or self.per_code.over(code)
        if wait:
            raise RateLimited(*zh_en("too many requests for this ticket; try again in {wait} s", wait=wait),
                              {"retry_after_s": wait})

    def missed(self, client: str) -> None:
        """Count an unknown code from one address (past the limit, admit() refuses that address)."""
        self.misses.over(client)

    def open(self, code: str) -> asyncio.Queue:
        """A queue of this ticket's views (the code's oldest page is let go past its share); RateLimited when
        the host has too many streams."""
        code = code.upper()
        if self.count() >= STREAMS_TOTAL:
            raise RateLimited(*zh_en("too many pages follow this ticket; close another one and try again"),
                              {"retry_after_s": 10})
        mine = self.streams.setdefault(code, {})
        while len(mine) >= STREAMS_PER_CODE:  # the newest page is the one a person is looking at
            oldest = next(iter(mine))
            del mine[oldest]
            if oldest.full():
                oldest.get_nowait()
            oldest.put_nowait(EVICTED)
        inbox: asyncio.Queue = asyncio.Queue(maxsize=16)
        mine[inbox] = None
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._follow())
        return inbox

    def close(self, code: str, inbox: asyncio.Queue) -> None:
        """A phone went away."""
        code = code.upper()
        mine = self.streams.get(code)
        if mine is not None:
            mine.pop(inbox, None)
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
