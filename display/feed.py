"""The display's live link to the host: config and snapshot once, then the event stream, resuming on its own."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from typing import Callable

from display.board import Board, BoardView, Call
from display.settings import DisplaySettings, settings_from_config
from queue_host.client import EventStream, HostClient, HostError, HostUnreachable

log = logging.getLogger(__name__)


class _Resync(Exception):
    """The host cannot replay what we missed (new database, new day): take a fresh snapshot."""


class Feed:
    """Keeps a Board in step with the host on a thread of its own and hands out immutable views.

    `on_view(view, call)` runs on the feed thread after every change (call is the Call an event made,
    else None); the app moves it to the UI thread. `on_call(call)` queues the announcement.
    """

    def __init__(self, client: HostClient, on_view: Callable[[BoardView, Call | None], None],
                 on_call: Callable[[Call], None] | None = None,
                 on_settings: Callable[[DisplaySettings], None] | None = None,
                 offline_after_s: float = 4.0, announce_max_age_s: float = 120.0,
                 retry_s: float = 0.5, max_retry_s: float = 2.0,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.client, self.on_view = client, on_view
        self.on_call = on_call or (lambda call: None)
        self.on_settings = on_settings or (lambda s: None)
        self.offline_after_s, self.announce_max_age_s = offline_after_s, announce_max_age_s
        self.retry_s, self.max_retry_s = retry_s, max_retry_s
        self.clock, self.wall = clock, wall
        self.board = Board()
        self.settings: DisplaySettings | None = None
        self.snapshots = 0
        self._down_since: float | None = clock()  # nothing on screen yet counts as not connected
        self._stop = threading.Event()
        self._stream: EventStream | None = None
        self._thread: threading.Thread | None = None

    # -- the link as the screen sees it
    def down_for(self) -> float:
        """Seconds the host has been unreachable (0 while connected)."""
        since = self._down_since
        return 0.0 if since is None else max(0.0, self.clock() - since)

    def offline(self) -> bool:
        """Should the screen say the connection is lost? (unreachable for more than a few seconds)"""
        return self.down_for() > self.offline_after_s

    # -- running
    def start(self) -> "Feed":
        """Follow the host on a daemon thread."""
        self._thread = threading.Thread(target=self.run, name="display-feed", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop following; returns at once (the thread ends by itself, at the latest at the next keepalive)."""
        self._stop.set()
        stream = self._stream
        if stream is not None:
            # Closing a response another thread is reading can wait for that read: do it aside.
            threading.Thread(target=stream.stop, name="display-feed-stop", daemon=True).start()

    def run(self) -> None:
        """Config, snapshot, stream; again after any gap the stream cannot replay, until stopped."""
        delay = self.retry_s
        while not self._stop.is_set():
            try:
                if self.settings is None:
                    self.settings = settings_from_config(self.client.config())
                    self.on_settings(self.settings)
                self._snapshot()
                delay = self.retry_s
                self._follow()
            except _Resync:
                log.info("host cannot replay from %s: taking a fresh snapshot", self.board.seq)
                continue
            except (HostUnreachable, HostError) as exc:
                log.warning("host: %s", exc)
                self._went_down()
            except Exception:  # a garbled answer, a bad value: the board must not freeze looking connected
                log.exception("display feed failed; retrying")
                self._went_down()
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, self.max_retry_s)

    def _snapshot(self) -> None:
        self.board.apply_snapshot(self.client.queues())
        self.snapshots += 1
        self._came_up()
        self.on_view(self.board.view(), None)

    def _follow(self) -> None:
        # The host sends a keepalive every 10 s: 15 s of silence means a dead link (a pulled cable sends
        # no reset), and the corner notice should not wait for the client's default 25 s.
        stream = EventStream(self.client.base_url, self.client.token, last_event_id=self.board.seq,
                             on_state=self._on_state, retry_s=self.retry_s, max_retry_s=self.max_retry_s,
                             read_timeout=15.0, ca=getattr(self.client, "ca", None))
        self._stream = stream
        if self._stop.is_set():
            return
        for event in stream:
            if self._stop.is_set():
                return
            call = self.board.apply(event.kind, event.data, event.seq)
            self.on_view(self.board.view(), call)
            if call is not None and self._fresh(call):
                self.on_call(call)

    def _on_state(self, connected: bool) -> None:
        # Runs on this thread inside the stream; raising _Resync leaves the stream for a new snapshot.
        if not connected:
            self._went_down()
            return
        if self._down_since is not None:
            health = self.client.health()
            if (health.get("day") != self.board.day or int(health.get("seq", 0)) < self.board.seq
                    or health.get("log_id", "") != self.board.log_id):
                raise _Resync()
        self._came_up()

    def _went_down(self) -> None:
        if self._down_since is None:
            self._down_since = self.clock()

    def _came_up(self) -> None:
        self._down_since = None

    def _fresh(self, call: Call) -> bool:
        # Calls replayed after a long outage are shown but not said: those customers were called long ago.
        try:
            at = datetime.fromisoformat(call.at)
        except (TypeError, ValueError):
            return True
        if at.tzinfo is None:
            return True
        return (self.wall() - at).total_seconds() < self.announce_max_age_s
