"""Keeps the kiosk's offline book in step with the host, in the background: blocks fetched and refilled,
offline tickets handed in when the host is back, retried with a growing pause while it is not."""
from __future__ import annotations

import logging
from typing import Any, Callable

from queue_host.client import HostError, HostUnreachable

from kiosk.offline import OfflineBook
from kiosk.text import both

log = logging.getLogger("fenliu.kiosk")


class Courier:
    """One job at a time on its own worker: hand in what is pending, else refresh the blocks."""

    def __init__(self, book: OfflineBook, host: Any, worker: Any, clock: Callable[[], float], *,
                 low: int = 10, every_s: float = 30.0, first_backoff_s: float = 1.0, max_backoff_s: float = 60.0,
                 on_reach: Callable[[bool], None] | None = None):
        self.book, self.host, self.worker, self.clock = book, host, worker, clock
        self.low, self.every_s = low, every_s
        self.first_backoff_s, self.max_backoff_s = first_backoff_s, max_backoff_s
        self.on_reach = on_reach or (lambda _ok: None)
        self.backoff_s = 0.0
        self.next_at = 0.0
        self.busy = False
        self.handed_in = 0  # tickets the host took since start
        self.refused: list[dict] = []  # what the host refused, with its reason (the manager is told)

    def soon(self) -> None:
        """Do the next job at the next tick (a ticket was just issued offline, or the host just answered)."""
        if self.backoff_s == 0:
            self.next_at = 0.0

    def tick(self) -> None:
        """Called from the UI clock: start the next job if it is time and none is running."""
        if self.busy or self.clock() < self.next_at:
            return
        self.busy = True
        self.worker.submit(self._job, self._done)

    def _job(self) -> str:
        """On the worker: one hand-in batch, or one block refresh."""
        batch = self.book.pending()
        if batch:
            try:
                answer = self.host.hand_in(batch)
            except HostError as exc:
                refused = (exc.detail or {}).get("refused") if isinstance(exc.detail, dict) else None
                if exc.status != 403 or not refused:
                    raise
                log.warning("host refused %d offline ticket(s): %s", len(refused), exc.message_en)
                self._set_aside(refused)
                return "refused"
            self.book.mark([a["key"] for a in answer.get("accepted", [])], "delivered")
            self.book.mark([d["key"] for d in answer.get("duplicates", [])], "delivered")
            self.book.mark([e["key"] for e in answer.get("expired", [])], "expired")
            self.handed_in += len(answer.get("accepted", []))
            if answer.get("refused"):  # numbers taken twice: the rest went in, these wait for the manager
                self._set_aside(answer["refused"])
            return "handed_in"
        self.book.update_blocks(self.host.kiosk_blocks(refill=self.book.low(self.low)))
        return "refreshed"

    def _set_aside(self, refused: list[dict]) -> None:
        """Numbers the host will never take: set them aside (so the rest still goes in) and tell the manager."""
        for item in refused:
            self.book.mark([item["key"]], "refused", item.get("problem", ""))
        self.refused.extend(refused)
        numbers = ", ".join(item.get("number", "?") for item in refused)[:120]
        self.host.raise_alert("offline_refused", *both("alert_offline_refused", numbers=numbers),
                              key="offline-refused")

    def _done(self, result: Any, error: BaseException | None) -> None:
        self.busy = False
        now = self.clock()
        if error is None:
            self.backoff_s = 0.0
            more = result in ("handed_in", "refused") and bool(self.book.pending(1))
            self.next_at = now if (more or result != "refreshed") else now + self.every_s
            self.on_reach(True)
            return
        if not isinstance(error, HostUnreachable):
            log.warning("offline book sync failed: %s", error)
        self.backoff_s = min(self.max_backoff_s, max(self.first_backoff_s, self.backoff_s * 2))
        self.next_at = now + self.backoff_s
        self.on_reach(not isinstance(error, HostUnreachable))
