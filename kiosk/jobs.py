"""Background work for the kiosk: network calls and printing leave the UI thread and report back to it."""
from __future__ import annotations

import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

Done = Callable[[Any, BaseException | None], None]
Post = Callable[[Callable[[], None]], None]


class Worker:
    """One thread running jobs in order; each result goes back through `post` (the UI thread's queue)."""

    def __init__(self, post: Post, name: str):
        self.post = post
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def submit(self, fn: Callable[[], Any], done: Done) -> None:
        """Run `fn()` in the background, then `done(result, error)` on the UI side."""
        def job() -> None:
            try:
                result, error = fn(), None
            except Exception as exc:  # every failure is handed to the flow, which decides what to show
                result, error = None, exc
            self.post(lambda: done(result, error))
        self._pool.submit(job)

    def close(self) -> None:
        """Stop taking jobs; do not wait for one that hangs."""
        self._pool.shutdown(wait=False, cancel_futures=True)


class Inbox:
    """A thread-safe queue of callbacks for code without a Kivy clock (tests, benchmarks)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Callable[[], None]] = queue.Queue()
        self._lock = threading.Lock()

    def post(self, callback: Callable[[], None]) -> None:
        """Queue a callback (any thread)."""
        self._queue.put(callback)

    def run_one(self, timeout: float = 5.0) -> bool:
        """Run the next callback, waiting up to `timeout` seconds; False if none came."""
        try:
            callback = self._queue.get(timeout=timeout)
        except queue.Empty:
            return False
        callback()
        return True

    def drain(self) -> int:
        """Run every callback already queued; return how many ran."""
        count = 0
        while True:
            try:
                callback = self._queue.get_nowait()
            except queue.Empty:
                return count
            callback()
            count += 1
