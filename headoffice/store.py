"""Head office's reads: branches and their shipping lag, events per branch in the branch log's shape, retention."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterator

import psycopg

DSN_ENV = "FENLIU_HQ_DSN"


def connect(dsn: str | None) -> psycopg.Connection:
    """Connect to head office (the password as libpq finds it: PGPASSWORD, ~/.pgpass or the DSN)."""
    dsn = dsn or os.environ.get(DSN_ENV)
    if not dsn:
        raise ValueError(f"no head-office database: pass --dsn or set {DSN_ENV}")
    return psycopg.connect(dsn, autocommit=True, connect_timeout=10, application_name="fenliu-hq")


@dataclass(frozen=True)
class BranchStatus:
    branch_id: str
    name_zh: str
    name_en: str
    log_id: str
    shipped_seq: int
    head_seq: int
    behind: int                  # events the branch had and head office did not, at its last report
    reported_at: datetime | None
    since_report_s: float | None  # seconds since that report
    last_event_at: datetime | None
    events: int                   # events head office holds for the branch


def status(conn: psycopg.Connection) -> list[BranchStatus]:
    """Every branch that ever shipped, with how far behind it was when it last reported.

    One row per branch and log: the events held come from event_counts (kept by triggers on ingest and
    deletion, migration 0003), never from counting the events table.
    """
    rows = conn.execute("""
        SELECT b.branch_id, b.name_zh, b.name_en, b.log_id, b.shipped_seq, b.head_seq, b.reported_at,
               EXTRACT(EPOCH FROM now() - b.reported_at)::float8, b.last_event_at,
               COALESCE((SELECT sum(c.events) FROM event_counts c WHERE c.branch_id = b.branch_id), 0)::bigint
          FROM branches b ORDER BY b.branch_id""").fetchall()
    return [BranchStatus(r[0], r[1], r[2], r[3], r[4], r[5], max(0, r[5] - r[4]), r[6], r[7], r[8], r[9])
            for r in rows]


def names(conn: psycopg.Connection) -> dict[str, tuple[str, str]]:
    """Each branch's name, Chinese and English."""
    return {b: (zh, en) for b, zh, en in conn.execute("SELECT branch_id, name_zh, name_en FROM branches")}


def branch_rows(conn: psycopg.Connection, start: date, end: date,
                branches: list[str] | None = None) -> Iterator[tuple[str, list[tuple[str, date, dict]]]]:
    """Events of the business days start..end, one branch at a time: (branch, [(log_id, day, event)]).

    Rows come in log and sequence order. Each event is the dict the branch's own log holds (seq, kind,
    at, ...), less what never leaves it, so the same figures code runs on a branch's SQLite and on head
    office. Rows stream from a server-side cursor, so only one branch's events are in memory at once.
    """
    query = "SELECT branch_id, log_id, day, data FROM events WHERE day BETWEEN %s AND %s"
    params: list = [start, end]
    if branches:
        query += " AND branch_id = ANY(%s)"
        params.append(branches)
    query += " ORDER BY branch_id, log_id, seq"
    branch, rows = None, []
    with conn.transaction(), conn.cursor(name="hq_events") as cur:
        cur.itersize = 5000
        cur.execute(query, params)
        for b, log_id, day, data in cur:
            if b != branch:
                if branch is not None:
                    yield branch, rows
                branch, rows = b, []
            rows.append((log_id, day, data))
    if branch is not None:
        yield branch, rows


def branches(conn: psycopg.Connection) -> dict[str, dict]:
    """Every branch head office knows: its name, time zone and service-level minutes as it last reported."""
    rows = conn.execute("SELECT branch_id, name_zh, name_en, timezone, service_levels FROM branches")
    return {b: {"name_zh": zh, "name_en": en, "timezone": tz, "service_levels": dict(levels)}
            for b, zh, en, tz, levels in rows}


def add_branch(conn: psycopg.Connection, branch_id: str, login: str) -> None:
    """Let a PostgreSQL login ship one branch's events: the rights it needs, and no other branch's rows."""
    from psycopg import sql
    with conn.transaction():
        conn.execute("INSERT INTO branch_logins (login, branch_id) VALUES (%s, %s) "
                     "ON CONFLICT (login) DO UPDATE SET branch_id = EXCLUDED.branch_id", (login, branch_id))
        role = sql.Identifier(login)
        conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON events, branches TO {}").format(role))
        conn.execute(sql.SQL("GRANT SELECT ON branch_logins TO {}").format(role))


def cutoff(today: date, keep_months: int) -> date:
    """The first day kept when keeping `keep_months` whole months besides today's: the 1st of a month."""
    month = today.year * 12 + today.month - 1 - keep_months
    return date(month // 12, month % 12 + 1, 1)


def prune(conn: psycopg.Connection, before: date) -> dict[str, int]:
    """Delete the events of business days before `before` (retention by month), one branch at a time.

    Each branch's delete walks the (branch_id, day) index in a transaction of its own, so a branch's
    shipping waits at most for its own rows; the events deleted per branch (branches with none left out).
    """
    known = [b for (b,) in conn.execute("SELECT branch_id FROM branches UNION SELECT branch_id FROM event_counts "
                                        "ORDER BY 1")]
    deleted = {}
    for branch in known:
        n = conn.execute("DELETE FROM events WHERE branch_id = %s AND day < %s", (branch, before)).rowcount
        if n:
            deleted[branch] = n
    return deleted
