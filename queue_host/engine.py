"""The one writer: commands run one at a time on the lobby, committed in batches, then announced."""
from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from concurrent.futures import Future
from datetime import datetime
from typing import Any, Callable

from queue_host import alerts, calling, day, retention
from queue_host.config import Config
from queue_host.lobby import Lobby
from queue_host.model import DomainError
from queue_host.store import Store, meta_of, touches_meta

log = logging.getLogger("fenliu.host")
Command = Callable[[Lobby, datetime], Any]
BATCH = 64


class Broker:
    """Hands committed events to every live event-stream reader (on the server's event loop)."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.readers: set[asyncio.Queue] = set()
        self.display_readers = 0
        self.display_seen: float | None = None  # monotonic time a display was last connected

    def publish(self, events: list[dict]) -> None:
        """Called from the writer thread after a commit."""
        if self.loop is not None and events and self.readers:
            self.loop.call_soon_threadsafe(self._fan_out, events)

    def _fan_out(self, events: list[dict]) -> None:
        for reader in list(self.readers):
            reader.put_nowait(events)


def _resolve(items: list[tuple[asyncio.Future, bool, Any]]) -> None:
    """On the event loop: hand each waiter its committed result (a waiter that gave up is skipped)."""
    for future, ok, value in items:
        if not future.done():
            future.set_result(value) if ok else future.set_exception(value)


class Engine:
    """Owns the lobby and the store; every read and write of the lobby goes through its thread."""

    def __init__(self, cfg: Config, store: Store, clock: Callable[[], datetime]):
        self.cfg, self.store, self.clock = cfg, store, clock
        self.lobby = store.load(cfg, clock())
        self.broker = Broker()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fenliu-writer", daemon=True)
        self._ticker = threading.Thread(target=self._tick_loop, name="fenliu-ticker", daemon=True)
        self.commits = 0
        self._meta: dict | None = None  # the lobby's counters not yet written in this batch
        self._swept: Lobby | None = None  # the lobby the batch's housekeeping already ran on
        self._archived_for: str | None = None  # the business day whose old days were last archived
        # The host's metrics: told each committed batch's events, new visits and command count.
        self.on_commit: Callable[[list[dict], list, int], None] | None = None

    def start(self) -> None:
        """Start the writer and the once-a-second housekeeping (rollover, parked returns, alerts)."""
        self._thread.start()
        self._ticker.start()
        self.submit(lambda lobby, now: None).result()

    def stop(self) -> None:
        """Finish what is queued, then stop."""
        self._stop.set()
        self._queue.put(None)
        self._thread.join(timeout=5)

    def submit(self, command: Command) -> Future:
        """Queue a command; the future resolves after its changes are committed."""
        future: Future = Future()
        self._queue.put((command, future))
        return future

    async def run(self, command: Command) -> Any:
        """Run a command from the event loop and await its committed result.

        The writer answers the loop's waiters of one batch with one hand-over to the loop (see _answer)."""
        future = asyncio.get_running_loop().create_future()
        self._queue.put((command, future))
        return await future

    def _housekeeping(self, lobby: Lobby, now: datetime) -> None:
        day.rollover(lobby, now)
        calling.return_parked(lobby, now)

    def tick(self, lobby: Lobby, now: datetime) -> None:
        """Housekeeping plus the rule-based alerts."""
        self._housekeeping(lobby, now)
        b = self.broker
        silent = (time.monotonic() - b.display_seen) if b.display_seen is not None else 0.0
        alerts.evaluate(lobby, now, displays_connected=b.display_readers > 0 or b.display_seen is None,
                        display_silent_s=silent)

    def _tick_loop(self) -> None:
        while not self._stop.wait(1.0):
            self.submit(self.tick)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            while len(batch) < BATCH:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                batch.append(nxt)
            self._run_batch(batch)

    def _write(self, changes, events: list[dict], visits: list) -> None:
        if not changes.empty():
            self.store.write(self.lobby, changes, meta=False)
            if touches_meta(changes):
                # The lobby's counters as they stand after this command: written once, before the batch
                # commits (or before a failed command's undo reloads the lobby from the store).
                self._meta = meta_of(self.lobby)
            events.extend(changes.events)
            visits.extend(changes.visits)

    def _flush_meta(self) -> None:
        if self._meta is not None:
            self.store.write_meta(self._meta)
            self._meta = None

    def _run_batch(self, batch: list) -> None:
        now = self.clock()
        results: list[tuple[Future, bool, Any]] = []
        events: list[dict] = []
        visits: list = []
        self._meta = self._swept = None
        try:
            with self.store.transaction():
                for command, future in batch:
                    ok, value = self._run_one(command, now, events, visits)
                    results.append((future, ok, value))
                self._flush_meta()
        except Exception as exc:  # a disk fault at commit: nothing of this batch was committed
            log.exception("batch failed; reloading the lobby from the store")
            self.lobby.take_changes()
            self.lobby = self.store.load(self.cfg, now)
            self._answer([(future, False, exc) for _, future in batch])
            return
        self.commits += 1
        if self.lobby.day != self._archived_for:
            self._archive()
        if self.on_commit is not None:
            self.on_commit(events, visits, len(batch))
        self._answer(results)
        self.broker.publish(events)

    @staticmethod
    def _answer(results: list[tuple[Any, bool, Any]]) -> None:
        """Resolve the batch's futures: other threads' directly, an event loop's all at once on that loop."""
        by_loop: dict[asyncio.AbstractEventLoop, list] = {}
        for future, ok, value in results:
            if isinstance(future, asyncio.Future):
                by_loop.setdefault(future.get_loop(), []).append((future, ok, value))
            elif not future.done():
                future.set_result(value) if ok else future.set_exception(value)
        for loop, items in by_loop.items():
            try:
                loop.call_soon_threadsafe(_resolve, items)
            except RuntimeError:  # that loop is closed: nobody waits any more
                pass

    def _archive(self) -> None:
        """At the day's reset (and at start): move days past [retention] to the monthly archives."""
        self._archived_for = self.lobby.day
        try:
            done = retention.prune(self.store.conn, self.store.path,
                                   retention.cutoff_day(self.lobby.day, self.cfg.retention_days))
        except Exception:  # a full disk or a locked archive must not stop the queue: retried tomorrow
            log.exception("archiving past days failed; the live database keeps them until the next reset")
            return
        if done.total():
            log.info("archived %d rows of days before %s into %s", done.total(),
                     retention.cutoff_day(self.lobby.day, self.cfg.retention_days),
                     ", ".join(str(p) for p in done.archives))

    def _run_one(self, command: Command, now: datetime, events: list[dict], visits: list) -> tuple[bool, Any]:
        """Run one command inside its own savepoint: whatever it does wrong, the batch's others commit."""
        conn = self.store.conn
        conn.execute("SAVEPOINT command")
        mark, visit_mark, meta_mark = len(events), len(visits), self._meta
        try:
            if self._swept is not self.lobby:
                # Once per batch (its `now` is one): again only after an undone command rebuilt the lobby.
                self._housekeeping(self.lobby, now)
                self._write(self.lobby.take_changes(), events, visits)
                self._swept = self.lobby
            try:
                value, ok = command(self.lobby, now), True
            except DomainError as exc:  # rules refuse, normally before changing anything
                value, ok = exc, False
            changes = self.lobby.take_changes()
            if ok or changes.empty():
                self._write(changes, events, visits)
                conn.execute("RELEASE command")
                return ok, value
            log.warning("refused command had changed the lobby; undoing it")
        except Exception as exc:  # a bug met by one request: that caller alone gets the error
            log.exception("command failed; undoing it alone, the rest of the batch goes on")
            value, ok = exc, False
        conn.execute("ROLLBACK TO command")
        conn.execute("RELEASE command")
        self._meta = meta_mark
        self._flush_meta()  # the counters as the commands before this one left them: those stay
        del events[mark:]
        del visits[visit_mark:]
        self.lobby.take_changes()
        # The lobby in memory may hold half of the command: rebuild it from this transaction's view.
        self.lobby = self.store.load(self.cfg, now)
        return False, value
