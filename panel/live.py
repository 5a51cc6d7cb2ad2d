"""Follows the host's event stream on a background thread and hands each event to the app."""
from __future__ import annotations

import threading
from typing import Callable

from queue_host.client import Event, EventStream, HostError

# Events after which the manager's picture of the lobby has changed.
QUEUE_KINDS = {"issued", "called", "recalled", "missed", "reinstated", "transferred", "parked", "returned",
               "finished", "cancelled", "moved", "counter_paused", "counter_resumed", "target_suspended",
               "target_resumed", "day_reset", "visit"}
ALERT_KINDS = {"alert_raised", "alert_cleared"}


class LiveFeed:
    """A daemon thread reading /api/events; the callbacks run on that thread (the app hops to the UI)."""

    def __init__(self, base_url: str, token: str, on_event: Callable[[Event], None],
                 on_state: Callable[[bool], None] | None = None, after: int = 0):
        self.stream = EventStream(base_url, token, last_event_id=after, on_state=on_state)
        self.on_event = on_event
        self.thread = threading.Thread(target=self._run, name="panel-live", daemon=True)

    def start(self) -> "LiveFeed":
        """Start following."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop following."""
        self.stream.stop()

    def _run(self) -> None:
        try:
            for event in self.stream:
                self.on_event(event)
        except HostError:
            # The token was refused: the panel shows the stale state as offline rather than crash.
            self.stream.on_state(False)
