"""The lab's lobby display: the display's own feed and board, headless, recording every call it showed."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

from display.board import BoardView, Call
from display.feed import Feed
from lab.device import Device
from queue_host.client import HostClient


class LabDisplay(Device):
    """Follows the host as the display app does; keeps what the screen showed and when."""

    def __init__(self, plan: dict):
        super().__init__(plan)
        offset = timedelta(seconds=plan.get("clock_offset_s", 0))
        self.calls: list[dict] = []
        self.snapshots: list[dict] = []
        self.offline: list[dict] = []  # when the corner notice "connection lost" came and went
        self._lock = threading.Lock()
        client = HostClient(plan["url"], plan["token"], ca=plan["ca"])
        self.feed = Feed(client, self.on_view, wall=lambda: datetime.now(timezone.utc) + offset)

    def on_view(self, view: BoardView, call: Call | None) -> None:
        """Runs on the feed thread after every change: keep each call shown, and each fresh snapshot."""
        with self._lock:
            if call is not None:
                self.calls.append({"seq": call.seq, "number": call.number, "counter": call.counter,
                                   "recall": call.recall, "shown_at": time.time()})
            elif self.feed.snapshots > len(self.snapshots):
                self.snapshots.append({"seq": view.seq, "at": time.time(),
                                       "current": view.current.number if view.current else None})

    def run(self) -> None:
        """Follow until the lab stops, noting when the screen would say the link is lost."""
        self.feed.start()
        end = time.monotonic() + 60
        while not self.feed.snapshots and time.monotonic() < end:
            time.sleep(0.1)
        self.ready()
        shown = False
        while not self.stopped():
            off = self.feed.offline()
            if off != shown:
                self.offline.append({"offline": off, "at": time.time()})
                shown = off
            with self._lock:
                self.status(seq=self.feed.board.seq, calls=len(self.calls), offline=off)
            time.sleep(0.2)
        self.feed.stop()
        with self._lock:
            self.record({"name": self.plan["name"], "calls": self.calls, "snapshots": self.snapshots,
                         "offline": self.offline})


def run(plan: dict) -> None:
    """Run the lab display."""
    LabDisplay(plan).run()
