"""The kiosk's own book of reserved numbers and offline tickets: a small SQLite file in its data dir.

Every number taken is committed (cursor moved and ticket journalled, fsync'd) before it is printed,
so a kiosk restarted while the host is away neither loses a ticket nor prints a number twice.
"""
from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS blocks (id INTEGER PRIMARY KEY, day TEXT NOT NULL, service TEXT NOT NULL,
    prefix TEXT NOT NULL, digits INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
    cursor INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (key TEXT PRIMARY KEY, day TEXT NOT NULL, number TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL, purpose TEXT NOT NULL, tier TEXT NOT NULL, issued_at TEXT NOT NULL,
    request_id TEXT, elderly INTEGER NOT NULL DEFAULT 0, lang TEXT NOT NULL DEFAULT 'zh',
    state TEXT NOT NULL DEFAULT 'pending', problem TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
FIELDS = ("key", "day", "number", "service", "purpose", "tier", "issued_at", "request_id", "elderly", "lang")


class OfflineBook:
    """Blocks the host reserved for this kiosk, their cursors, and the journal of tickets issued from them."""

    def __init__(self, path: str | Path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")  # a committed ticket survives a power cut
        self._conn.executescript(SCHEMA)
        self._lock = threading.Lock()  # the network and hand-in threads share the one connection

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._conn.close()

    def save_config(self, data: dict) -> None:
        """Keep the branch configuration last read from the host, for a start while it is away."""
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('config', ?)",
                               (json.dumps(data, ensure_ascii=False),))

    def cached_config(self) -> dict | None:
        """The branch configuration last read from the host, if any."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        return json.loads(row[0]) if row else None

    def day(self) -> str | None:
        """The business day of the newest blocks held, if any."""
        with self._lock:
            return self._conn.execute("SELECT MAX(day) FROM blocks").fetchone()[0]

    def update_blocks(self, answer: dict) -> int:
        """Hold exactly the blocks the host lists (POST /api/kiosk/blocks); cursors of known ones stay.
        Returns how many are new."""
        day, added = answer["day"], 0
        listed = answer.get("blocks", [])
        with self._lock:
            c = self._conn
            c.execute("BEGIN IMMEDIATE")
            try:
                # An old day's numbers are void, and so is a block the host no longer lists (another database).
                c.execute("DELETE FROM blocks WHERE day < ?", (day,))
                c.execute(f"DELETE FROM blocks WHERE id NOT IN ({', '.join('?' * len(listed)) or 'NULL'})",
                          [b["id"] for b in listed])
                for b in listed:
                    key = (b["day"], b["service"], b["prefix"], b["digits"], b["first"], b["last"])
                    held = c.execute("SELECT day, service, prefix, digits, first, last FROM blocks WHERE id = ?",
                                     (b["id"],)).fetchone()
                    if held == key:
                        continue
                    c.execute("DELETE FROM blocks WHERE id = ?", (b["id"],))
                    c.execute("INSERT INTO blocks (id, day, service, prefix, digits, first, last, cursor) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (b["id"], *key, self._first_free(b)))
                    added += 1
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")
        return added

    def _first_free(self, b: dict) -> int:
        """The block's first number not already in the journal (a block handed out again never repeats one)."""
        taken = {int(number[len(b["prefix"]):]) for (number,) in self._conn.execute(
            "SELECT number FROM tickets WHERE day = ? AND service = ?", (b["day"], b["service"]))
            if number.startswith(b["prefix"]) and number[len(b["prefix"]):].isdigit()}
        n = b["first"]
        while n in taken and n <= b["last"]:
            n += 1
        return n

    def remaining(self, service: str) -> int:
        """Numbers of a service still free in the newest day's blocks."""
        with self._lock:
            row = self._conn.execute("SELECT COALESCE(SUM(last - cursor + 1), 0) FROM blocks WHERE service = ? AND "
                                     "day = (SELECT MAX(day) FROM blocks) AND cursor <= last", (service,)).fetchone()
        return row[0]

    def low(self, below: int) -> list[str]:
        """Services whose free numbers have fallen under `below` (ask the host for one more block)."""
        with self._lock:
            services = [r[0] for r in self._conn.execute("SELECT DISTINCT service FROM blocks")]
        return [s for s in services if self.remaining(s) < below]

    def take(self, service: str, purpose: str, issued_at: str, request_id: str | None = None,
             tier: str = "normal", day: str | None = None, elderly: bool = False, lang: str = "zh") -> dict | None:
        """The next free number of a service (of business day `day`, when given), journalled with its ticket
        in one commit; None when none is left."""
        with self._lock:
            c = self._conn
            c.execute("BEGIN IMMEDIATE")
            try:
                row = c.execute("SELECT id, day, prefix, digits, cursor FROM blocks WHERE service = ? AND cursor <= last "
                                "AND day = COALESCE(?, (SELECT MAX(day) FROM blocks)) ORDER BY id LIMIT 1",
                                (service, day)).fetchone()
                if row is None:
                    c.execute("ROLLBACK")
                    return None
                block_id, day, prefix, digits, n = row
                ticket = {"key": secrets.token_hex(8), "day": day, "number": f"{prefix}{n:0{digits}d}",
                          "service": service, "purpose": purpose, "tier": tier, "issued_at": issued_at,
                          "request_id": request_id, "elderly": bool(elderly), "lang": lang}
                c.execute("UPDATE blocks SET cursor = cursor + 1 WHERE id = ?", (block_id,))
                c.execute(f"INSERT INTO tickets ({', '.join(FIELDS)}) VALUES ({', '.join('?' * len(FIELDS))})",
                          tuple(ticket[f] for f in FIELDS))
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")
        return ticket

    def pending(self, limit: int = 200) -> list[dict]:
        """Tickets not yet handed in, oldest first, in the shape POST /api/kiosk/offline-tickets takes."""
        with self._lock:
            rows = self._conn.execute(f"SELECT {', '.join(FIELDS)} FROM tickets WHERE state = 'pending' "
                                      "ORDER BY issued_at, rowid LIMIT ?", (limit,)).fetchall()
        return [{k: (bool(v) if k == "elderly" else v) for k, v in zip(FIELDS, r) if v is not None} for r in rows]

    def mark(self, keys: list[str], state: str, problem: str = "") -> None:
        """Record how the host took tickets: delivered, expired (an old day) or refused (with why)."""
        with self._lock:
            self._conn.executemany("UPDATE tickets SET state = ?, problem = ? WHERE key = ?",
                                   [(state, problem, k) for k in keys])

    def tickets(self) -> list[dict]:
        """Every journalled ticket with its state, oldest first (for tests and the manager's questions)."""
        with self._lock:
            rows = self._conn.execute(f"SELECT {', '.join(FIELDS)}, state, problem FROM tickets "
                                      "ORDER BY issued_at, rowid").fetchall()
        return [dict(zip((*FIELDS, "state", "problem"), r)) for r in rows]
