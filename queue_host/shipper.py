"""Ships the branch's event log to head office's PostgreSQL on a background thread, never in the way.

Store and forward: from the last sequence number head office acknowledged (kept in the branch's own
SQLite, table hq_shipped), in batches, each one INSERT ... ON CONFLICT keyed by (branch, log_id, seq),
so a replay after a crash or a restored backup inserts nothing twice. When head office is down the
thread retries with exponential backoff and jitter; the branch goes on serving either way. Only the
whitelisted fields of each event leave (queue_host/outbound.py), cut out by SQLite itself.
"""
from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from datetime import datetime
from pathlib import Path

import psycopg

from queue_host.config import Config, HeadOffice
from queue_host.outbound import SELECT
from queue_host.store import Reader

log = logging.getLogger("fenliu.shipper")

PROGRESS = "CREATE TABLE IF NOT EXISTS hq_shipped (log_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, at TEXT NOT NULL)"
# A replay of an identical event changes nothing; a different event under the same number (the branch
# went back to a backup and lived on) replaces head office's copy: the branch's log is the truth. Head
# office does the arithmetic (business day, digest of the canonical jsonb text), not the branch.
INSERT = """
WITH ins AS (
  INSERT INTO events (branch_id, log_id, seq, at, day, kind, data, digest)
  SELECT %(branch)s, %(log_id)s, (e ->> 'seq')::bigint, (e ->> 'at')::timestamptz,
         (((e ->> 'at')::timestamptz AT TIME ZONE %(tz)s) - %(reset)s::interval)::date, e ->> 'kind', e, md5(e::text)
    FROM jsonb_array_elements(%(batch)s::jsonb) AS e
  ON CONFLICT (branch_id, log_id, seq) DO UPDATE
     SET at = EXCLUDED.at, day = EXCLUDED.day, kind = EXCLUDED.kind, data = EXCLUDED.data,
         digest = EXCLUDED.digest, received_at = now()
   WHERE events.digest <> EXCLUDED.digest
  RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted), count(*) FROM ins
"""
BRANCH = """
INSERT INTO branches (branch_id, name_zh, name_en, timezone, service_levels)
VALUES (%(branch)s, %(name_zh)s, %(name_en)s, %(tz)s, %(levels)s)
ON CONFLICT (branch_id) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
    timezone = EXCLUDED.timezone, service_levels = EXCLUDED.service_levels
"""
REPORT = """
UPDATE branches SET log_id = %(log_id)s, shipped_seq = %(shipped)s, head_seq = %(head)s, reported_at = now(),
       last_event_at = COALESCE(%(last_at)s::timestamptz, last_event_at)
 WHERE branch_id = %(branch)s
"""


def password(hq: HeadOffice, base: Path) -> str | None:
    """The head-office password: from hq.password_file (relative to the branch file) or hq.password_env."""
    if hq.password_file:
        path = Path(hq.password_file)
        path = path if path.is_absolute() else base / path
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise OSError(f"cannot read the head-office password file {path} ({exc.strerror}); put the password "
                          f"there, readable by the host") from None
    return os.environ.get(hq.password_env) or None


class Shipper:
    """The shipping thread; start() after the host's engine, stop() before it closes the store."""

    def __init__(self, cfg: Config, db_path: str, log_id: str):
        assert cfg.hq is not None
        self.cfg, self.hq, self.db_path, self.log_id = cfg, cfg.hq, db_path, log_id
        self.base = Path(cfg.source).resolve().parent if cfg.source else Path(".")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fenliu-shipper", daemon=True)
        self.acked = 0          # the last sequence number head office holds (as far as we know)
        self.shipped = self.inserted = self.replaced = self.failures = 0
        self.state, self.last_error = "starting", ""

    def start(self) -> "Shipper":
        """Start the thread."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish its batch and stop."""
        self._stop.set()
        self._thread.join(timeout)

    def _open(self) -> Reader:
        """The thread's own SQLite connection, and the progress saved by an earlier run."""
        reader = Reader(self.db_path)
        reader.conn.execute("PRAGMA synchronous=NORMAL")  # a lost ack after a power cut only means a replay
        reader.conn.execute(PROGRESS)
        row = reader.conn.execute("SELECT seq FROM hq_shipped WHERE log_id = ?", (self.log_id,)).fetchone()
        self.acked = row[0] if row else 0
        return reader

    def _run(self) -> None:
        reader, conn, backoff, trimmed = None, None, 0.0, False
        last_report = last_save = 0.0
        while not self._stop.is_set():
            try:
                if reader is None:
                    reader = self._open()
                if conn is None:
                    conn = self._connect()
                    trimmed = False
                events = reader.conn.execute(SELECT, (self.acked, self.hq.batch_size)).fetchall()
                head = reader.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
                caught_up = len(events) < self.hq.batch_size
                idle = not events and trimmed
                if not idle or time.monotonic() - last_report >= self.hq.heartbeat_s:
                    self._ship(conn, events, head, trim=caught_up and not trimmed)
                    trimmed = trimmed or caught_up
                    last_report = time.monotonic()
                if events:
                    self.acked = events[-1][0]
                    if caught_up or time.monotonic() - last_save >= 1.0:
                        self._save(reader)
                        last_save = time.monotonic()
                if self.state != "ok":
                    log.info("head office reached; shipping from event %d", self.acked)
                self.state, backoff = "ok", 0.0
                if caught_up:
                    self._stop.wait(self.hq.poll_s)
            except Exception as exc:  # noqa: BLE001 - whatever goes wrong, the thread lives and retries
                self.failures += 1
                if not isinstance(exc, (psycopg.Error, OSError)):
                    log.exception("shipping failed; retrying")
                elif self.state != "retrying":
                    log.warning("head office unreachable (%s); the branch goes on, shipping retries", exc)
                self.state, self.last_error = "retrying", f"{type(exc).__name__}: {exc}"[:300]
                if conn is not None:
                    conn.close()
                    conn = None
                backoff = min(self.hq.retry_max_s, max(0.25, backoff * 2))
                self._stop.wait(random.uniform(backoff / 2, backoff))
        if conn is not None:
            conn.close()
        if reader is not None:
            try:
                self._save(reader)
            finally:
                reader.close()

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self.hq.dsn, password=password(self.hq, self.base), connect_timeout=5,
                               application_name=f"fenliu-shipper-{self.hq.branch_id}",
                               keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
        b = self.cfg.branch
        with conn.transaction():
            conn.execute(BRANCH, {"branch": self.hq.branch_id, "name_zh": b.name_zh, "name_en": b.name_en,
                                  "tz": b.timezone.key, "levels": json.dumps(
                                      {code: s.service_level_minutes for code, s in self.cfg.services.items()})})
        return conn

    def _ship(self, conn: psycopg.Connection, events: list[tuple], head: int, trim: bool) -> None:
        """One transaction: the batch, the lost future of a restored log trimmed, the branch's report."""
        last = events[-1][0] if events else self.acked
        replaced = 0
        with conn.transaction():
            if events:  # one JSON array as one parameter: the branch does no per-event work for head office
                reset = self.cfg.branch.day_reset
                fresh, total = conn.execute(INSERT, {
                    "branch": self.hq.branch_id, "log_id": self.log_id, "tz": self.cfg.branch.timezone.key,
                    "reset": f"{reset.hour} hours {reset.minute} minutes",
                    "batch": "[" + ",".join(e[3] for e in events) + "]"}).fetchone()
                self.inserted += fresh
                replaced = total - fresh
            if trim:  # events head office holds past our head belong to a future this log no longer has
                replaced += conn.execute("DELETE FROM events WHERE branch_id = %s AND log_id = %s AND seq > %s",
                                         (self.hq.branch_id, self.log_id, last)).rowcount
            conn.execute(REPORT, {"branch": self.hq.branch_id, "log_id": self.log_id, "shipped": last,
                                  "head": max(head, last), "last_at": events[-1][1] if events else None})
        self.shipped += len(events)
        if replaced:
            self.replaced += replaced
            log.warning("head office held %d events of another history of this log (the branch went back to a "
                        "backup); they now follow the branch's own log", replaced)

    def _save(self, reader: Reader) -> None:
        reader.conn.execute("INSERT OR REPLACE INTO hq_shipped (log_id, seq, at) VALUES (?, ?, ?)",
                            (self.log_id, self.acked, datetime.now().astimezone().isoformat()))
