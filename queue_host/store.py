"""SQLite store: every change and its events committed in one transaction before anyone is told."""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterator

from queue_host.config import Config
from queue_host.files import private_database, private_dir, private_file
from queue_host.lobby import Lobby, business_day
from queue_host.model import Alert, Block, Changes, Contact, CounterState, TargetState, Ticket, Visit
from queue_host.schema import SCHEMA, SCHEMA_VERSION, TABLES  # noqa: F401 (SCHEMA_VERSION, TABLES: for backup)



_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one encoder, not one per row


def _dumps(value) -> str:
    return _ENCODE(value)


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """Open the database in WAL mode with full sync: a commit survives a power cut. The writer's file, its
    WAL and shared memory are 0600 in a 0700 folder whatever the umask (they hold personal data)."""
    if not readonly:
        private_dir(Path(path).parent, narrow=False)  # a folder it makes is 0700; the files are 0600 anyway
        private_database(path)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=10000")
    if not readonly:
        private_database(path)  # the -wal and -shm WAL mode just made
    return conn


def lock_path(db: str | Path) -> Path:
    """The file a running host holds a shared lock on while the database is open (see fenliu restore)."""
    return Path(f"{db}.lock")


def hold(db: str | Path) -> int:
    """Take a shared flock on the database's lock file; the kernel drops it when the process dies."""
    fd = os.open(private_file(lock_path(db)), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    return fd


def touches_meta(changes: Changes) -> bool:
    """Do these changes move the lobby's counters (sequences, next ids, recent calls)?"""
    return bool(changes.meta or changes.tickets or changes.events)


def meta_of(lobby: Lobby) -> dict:
    """The lobby's counters as the meta row keeps them, copied (the lobby goes on changing)."""
    return {"day": lobby.day, "sequences": dict(lobby.sequences), "next_ticket_id": lobby.next_ticket_id,
            "next_visit_id": lobby.next_visit_id, "next_alert_id": lobby.next_alert_id,
            "next_rank": lobby.next_rank, "recent_calls": list(lobby.recent_calls)}


class Store:
    """The host's one writer connection; other threads read through their own connections."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.conn = connect(path)
        self._hold = hold(path)
        self.conn.executescript(SCHEMA)
        if self.conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        # The log's identity: a client holding event numbers of another database must start afresh.
        self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('log_id', ?)", (secrets.token_hex(8),))
        self.log_id = self.conn.execute("SELECT value FROM meta WHERE key = 'log_id'").fetchone()[0]

    def close(self) -> None:
        """Close the writer connection."""
        self.conn.close()
        os.close(self._hold)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back whole if anything in it fails."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def write(self, lobby: Lobby, changes: Changes, meta: bool = True) -> None:
        """Write one command's changes (inside a transaction); with meta=False the caller writes the lobby's
        counters itself (write_meta), once for many commands."""
        c = self.conn
        if changes.tickets:
            c.executemany("INSERT OR REPLACE INTO tickets (id, day, state, data) VALUES (?, ?, ?, ?)",
                          [(t.id, t.day, t.state, _dumps(t.to_row())) for t in changes.tickets.values()])
        for cid in changes.counters:
            c.execute("INSERT OR REPLACE INTO counters (id, data) VALUES (?, ?)", (cid, _dumps(lobby.counters[cid].to_row())))
        for code in changes.targets:
            c.execute("INSERT OR REPLACE INTO targets (code, data) VALUES (?, ?)", (code, _dumps(lobby.targets[code].to_row())))
        if changes.visits:
            c.executemany("INSERT OR REPLACE INTO visits (id, day, data) VALUES (?, ?, ?)",
                          [(v.id, v.day, _dumps(v.to_row())) for v in changes.visits])
        for alert in changes.alerts.values():
            c.execute("INSERT OR REPLACE INTO alerts (id, day, data) VALUES (?, ?, ?)",
                      (alert.id, alert.day, _dumps(alert.to_row())))
        for entry in changes.audit:
            c.execute("INSERT INTO audit (day, at, who, action, target, reason) VALUES (?, ?, ?, ?, ?, ?)",
                      (entry["day"], entry["at"], entry["who"], entry["action"], entry["target"], entry["reason"]))
        for b in changes.blocks:
            c.execute("INSERT INTO kiosk_blocks (id, day, kiosk, service, first, last, reserved_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)", (b.id, b.day, b.kiosk, b.service, b.first, b.last,
                                                       b.reserved_at.isoformat()))
        for kiosk in changes.contacts:
            contact = lobby.contacts[kiosk]
            c.execute("INSERT OR REPLACE INTO kiosk_contacts (kiosk, data) VALUES (?, ?)", (kiosk, _dumps(contact.to_row())))
            contact.saved = contact.last
        for staff, row in changes.pins.items():
            if row is None:
                c.execute("DELETE FROM pin_state WHERE staff = ?", (staff,))
            else:
                c.execute("INSERT OR REPLACE INTO pin_state (staff, data) VALUES (?, ?)", (staff, _dumps(row)))
        if changes.purge_leads_before:
            c.execute("DELETE FROM leads WHERE day < ?", (changes.purge_leads_before,))
        for lead in changes.leads:
            c.execute("INSERT INTO leads (day, at, data) VALUES (?, ?, ?)", (lead["day"], lead["at"], _dumps(lead)))
        if changes.events:
            c.executemany("INSERT INTO events (seq, at, kind, data) VALUES (?, ?, ?, ?)",
                          [(e["seq"], e["at"], e["kind"], _dumps(e)) for e in changes.events])
        if meta and touches_meta(changes):
            self.write_meta(meta_of(lobby))

    def write_meta(self, meta: dict) -> None:
        """Write the lobby's counters (inside a transaction)."""
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('lobby', ?)", (_dumps(meta),))

    def pin_rows(self) -> dict[str, dict]:
        """Every staff id's wrong PINs and lock as last committed (PinGate takes them back at start)."""
        return {staff: json.loads(data) for staff, data in self.conn.execute("SELECT staff, data FROM pin_state")}

    def load(self, cfg: Config, now: datetime) -> Lobby:
        """Rebuild the lobby from what was committed (after a restart, a crash or a power cut)."""
        c = self.conn
        row = c.execute("SELECT value FROM meta WHERE key = 'lobby'").fetchone()
        meta = json.loads(row[0]) if row else {}
        lobby = Lobby(cfg, meta.get("day") or business_day(cfg, now))
        lobby.log_id = self.log_id
        for code, seq in meta.get("sequences", {}).items():
            if code in lobby.sequences:
                lobby.sequences[code] = seq
        for (data,) in c.execute("SELECT data FROM tickets WHERE day = ?", (lobby.day,)):
            ticket = Ticket.from_row(json.loads(data))
            if ticket.service in cfg.services:
                lobby.tickets[ticket.id] = ticket
                lobby.by_code[ticket.code] = ticket
                if ticket.offline_key:
                    lobby.offline_keys[ticket.offline_key] = ticket.id
                elif ticket.kiosk_block is None:  # a kiosk's reserved numbers are not the host's sequence
                    # Belt and braces: a number issued is never issued again, whatever the meta row says.
                    lobby.sequences[ticket.service] = max(lobby.sequences[ticket.service], ticket.seq)
        for (data,) in c.execute("SELECT data FROM visits WHERE day = ? ORDER BY id", (lobby.day,)):
            v = json.loads(data)
            v["at"] = datetime.fromisoformat(v["at"])
            lobby.add_visit(Visit(**v))
        for (data,) in c.execute("SELECT data FROM alerts WHERE day = ?", (lobby.day,)):
            alert = Alert.from_row(json.loads(data))
            lobby.alerts[alert.id] = alert
        for cid, data in c.execute("SELECT id, data FROM counters"):
            if cid in lobby.counters:
                lobby.counters[cid] = CounterState(**json.loads(data))
        for code, data in c.execute("SELECT code, data FROM targets"):
            if code in lobby.targets:
                lobby.targets[code] = TargetState(**json.loads(data))
        for row in c.execute("SELECT id, day, kiosk, service, first, last, reserved_at FROM kiosk_blocks "
                             "WHERE day = ? ORDER BY id", (lobby.day,)):
            block = Block.from_row(dict(zip(("id", "day", "kiosk", "service", "first", "last", "reserved_at"), row)))
            if block.service in cfg.services:
                lobby.blocks[block.id] = block
        for kiosk, data in c.execute("SELECT kiosk, data FROM kiosk_contacts"):
            lobby.contacts[kiosk] = Contact.from_row(json.loads(data))
        max_id = lambda table: c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]  # noqa: E731
        lobby.next_ticket_id = max(meta.get("next_ticket_id", 1), max_id("tickets") + 1)
        lobby.next_visit_id = max(meta.get("next_visit_id", 1), max_id("visits") + 1)
        lobby.next_alert_id = max(meta.get("next_alert_id", 1), max_id("alerts") + 1)
        lobby.next_block_id = max_id("kiosk_blocks") + 1
        top_rank = max((t.rank for t in lobby.tickets.values()), default=0)
        lobby.next_rank = max(meta.get("next_rank", 1.0), float(int(top_rank) + 1))
        lobby.recent_calls = meta.get("recent_calls", [])
        from queue_host.retention import pruned_seq
        lobby.seq = max(c.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0], pruned_seq(c))
        lobby.reindex()
        return lobby


class Reader:
    """A read-only view for another thread: replaying events, past days, the audit log and leads."""

    def __init__(self, path: str):
        self.conn = connect(path, readonly=True)

    def close(self) -> None:
        """Close the reader's connection."""
        self.conn.close()

    def events_after(self, seq: int, limit: int = 5000) -> list[dict]:
        """Committed events after a sequence number, oldest first."""
        rows = self.conn.execute("SELECT data FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))
        return [json.loads(data) for (data,) in rows]

    def day_events(self, cfg: Config, day: str) -> list[dict]:
        """The events of one business day, oldest first."""
        # A day and a half either side of the date covers any reset time and offset; the exact cut is
        # the business day of each event.
        first = date.fromisoformat(day)
        lo, hi = (first - timedelta(days=1)).isoformat(), (first + timedelta(days=2)).isoformat()
        rows = self.conn.execute("SELECT data FROM events WHERE at >= ? AND at < ? ORDER BY seq", (lo, hi))
        return [e for e in (json.loads(data) for (data,) in rows)
                if business_day(cfg, datetime.fromisoformat(e["at"])) == day]

    def day_rows(self, day: str) -> tuple[list[Ticket], list[Visit]]:
        """Tickets and visits of a business day."""
        tickets = [Ticket.from_row(json.loads(d)) for (d,) in
                   self.conn.execute("SELECT data FROM tickets WHERE day = ?", (day,))]
        visits = []
        for (d,) in self.conn.execute("SELECT data FROM visits WHERE day = ? ORDER BY id", (day,)):
            v = json.loads(d)
            v["at"] = datetime.fromisoformat(v["at"])
            visits.append(Visit(**v))
        return tickets, visits

    def audit(self, day: str) -> list[dict]:
        """The day's audit log, newest first."""
        rows = self.conn.execute("SELECT at, who, action, target, reason FROM audit WHERE day = ? ORDER BY id DESC",
                                 (day,))
        return [dict(zip(("at", "who", "action", "target", "reason"), r)) for r in rows]

    def blocks(self, day: str) -> list[Block]:
        """The numbers reserved for kiosks on a business day, in the order they were reserved."""
        rows = self.conn.execute("SELECT id, day, kiosk, service, first, last, reserved_at FROM kiosk_blocks "
                                 "WHERE day = ? ORDER BY id", (day,))
        return [Block.from_row(dict(zip(("id", "day", "kiosk", "service", "first", "last", "reserved_at"), r)))
                for r in rows]

    def leads(self, day: str) -> list[dict]:
        """The day's leads, oldest first."""
        rows = self.conn.execute("SELECT id, data FROM leads WHERE day = ? ORDER BY id", (day,))
        return [{"id": i, **json.loads(d)} for i, d in rows]
