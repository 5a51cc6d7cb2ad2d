"""Accelerated real time for the headless demo: branch seconds run `speed` times faster than the wall clock."""
from __future__ import annotations

import heapq
import itertools
import threading
import time
from typing import Callable


class FastClock:
    """Branch seconds = wall-clock seconds since `epoch` × speed: the same rule as the demo host's clock."""

    def __init__(self, speed: float, epoch: float | None = None):
        self.speed = speed
        self.epoch = time.time() if epoch is None else epoch

    def now(self) -> float:
        """Branch seconds since opening (0 before the epoch)."""
        return max(0.0, time.time() - self.epoch) * self.speed

    def real_delay(self, branch_s: float) -> float:
        """Real seconds until the branch clock reads `branch_s` (0 if already past)."""
        return max(0.0, branch_s / self.speed - (time.time() - self.epoch))


class Agenda:
    """Things to do at branch times, run in time order on one thread (so a seed gives one story)."""

    def __init__(self, clock: FastClock):
        self.clock = clock
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self.current = 0.0
        self._stopped = threading.Event()

    def at(self, branch_s: float, action: Callable[[], None]) -> None:
        """Do `action` at branch second `branch_s`."""
        heapq.heappush(self._heap, (branch_s, next(self._order), action))

    def after(self, seconds: float, action: Callable[[], None]) -> None:
        """Do `action` `seconds` after the action running now was due (not after it ran: keeps runs alike)."""
        self.at(self.current + seconds, action)

    def run(self, until_s: float) -> None:
        """Run everything due before `until_s`, then drop the rest (the branch hour is over)."""
        while self._heap and self._heap[0][0] < until_s:
            when, _, action = heapq.heappop(self._heap)
            if self._stopped.wait(self.clock.real_delay(when)):
                break
            self.current = when
            action()
        self._heap.clear()

    def stop(self) -> None:
        """End the run early (the demo's windows were closed)."""
        self._stopped.set()
