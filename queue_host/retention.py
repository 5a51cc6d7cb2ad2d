"""Keeping the live database bounded: past days older than [retention] days move to monthly archive files."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from queue_host.files import private_database, private_dir
from queue_host.schema import SCHEMA

# Each table with the SQL expression of a row's business day (events carry only their time).
TABLES = {"tickets": "day", "visits": "day", "alerts": "day", "audit": "day", "events": "substr(at, 1, 10)"}


@dataclass
class Pruned:
    """What one prune moved: rows per table, and the archive files written."""
    rows: dict[str, int] = field(default_factory=dict)
    archives: list[Path] = field(default_factory=list)

    def total(self) -> int:
        """Rows moved in all."""
        return sum(self.rows.values())


def cutoff_day(today: str, days: int) -> str:
    """The first business day kept: rows of earlier days are archived."""
    return (date.fromisoformat(today) - timedelta(days=days)).isoformat()


def archive_dir(db_path: str | Path) -> Path:
    """Where the monthly archives go: archive/ beside the database."""
    return Path(db_path).resolve().parent / "archive"


def archive_path(db_path: str | Path, month: str) -> Path:
    """The archive file of one month (YYYY-MM)."""
    return archive_dir(db_path) / f"fenliu-archive-{month}.db"


def prune(conn: sqlite3.Connection, db_path: str | Path, cutoff: str) -> Pruned:
    """Copy rows of days before `cutoff` into their month's archive, then delete them; safe to repeat.

    `conn` is in autocommit mode (no transaction open). Each month is copied and deleted in one
    transaction; should the machine stop between the archive's commit and the live one's, the next
    prune copies the same rows again (INSERT OR IGNORE by key) and deletes them: nothing is lost.
    """
    months = sorted({m for table, day in TABLES.items() for (m,) in conn.execute(
        f"SELECT DISTINCT substr({day}, 1, 7) FROM {table} WHERE {day} < ?", (cutoff,))})
    done = Pruned({table: 0 for table in TABLES})
    for month in months:
        path = archive_path(db_path, month)
        private_dir(path.parent)
        private_database(path)  # an archive holds the same personal data as the live file
        with sqlite3.connect(path) as arc:
            arc.executescript(SCHEMA)
        conn.execute("ATTACH DATABASE ? AS arc", (str(path),))
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # The event log's numbering must never restart: remember how far it went.
                top = conn.execute("SELECT MAX(seq) FROM events WHERE substr(at, 1, 10) < ? AND substr(at, 1, 7) = ?",
                                   (cutoff, month)).fetchone()[0]
                if top:
                    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned_seq', ?)",
                                 (str(max(top, pruned_seq(conn))),))
                for table, day in TABLES.items():
                    where = f"{day} < ? AND substr({day}, 1, 7) = ?"
                    conn.execute(f"INSERT OR IGNORE INTO arc.{table} SELECT * FROM main.{table} WHERE {where}",
                                 (cutoff, month))
                    done.rows[table] += conn.execute(f"DELETE FROM main.{table} WHERE {where}",
                                                     (cutoff, month)).rowcount
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute("DETACH DATABASE arc")
        done.archives.append(path)
    return done


def pruned_seq(conn: sqlite3.Connection) -> int:
    """The highest event number ever archived (0 if none): the log goes on from at least here."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'pruned_seq'").fetchone()
    return int(row[0]) if row else 0
