"""Head office's schema: plain SQL files NNNN_name.sql applied once each, in order, recorded in schema_version."""
from __future__ import annotations

import re
from pathlib import Path

import psycopg

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK = 0x66656E6C  # one migrator at a time (a session-wide advisory lock; "fenl")
VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


def migrations(folder: Path = MIGRATIONS) -> list[tuple[int, str, Path]]:
    """(version, name, file) of every migration, in order; refuses a gap or a doubled number."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        m = re.fullmatch(r"(\d{4})_([a-z0-9_]+)\.sql", path.name)
        if not m:
            raise ValueError(f"{path.name}: a migration is named NNNN_name.sql (four digits, lower-case name)")
        found.append((int(m[1]), m[2], path))
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 0001, 0002, ... without gaps; found {versions}")
    return found


def applied(conn: psycopg.Connection) -> list[int]:
    """Versions already applied (none on an empty database)."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return []
    return [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY version")]


def migrate(conn: psycopg.Connection, folder: Path = MIGRATIONS) -> list[str]:
    """Apply what is missing, each migration in its own transaction; the names applied."""
    todo = migrations(folder)
    done: list[str] = []
    conn.execute("SELECT pg_advisory_lock(%s)", (LOCK,))
    try:
        with conn.transaction():
            conn.execute(VERSION_TABLE)
        have = set(applied(conn))
        unknown = sorted(have - {v for v, _, _ in todo})
        if unknown:
            raise ValueError(f"the database has schema versions {unknown} this fenliu does not know; "
                             f"upgrade fenliu before migrating")
        for version, name, path in todo:
            if version in have:
                continue
            with conn.transaction():
                conn.execute(path.read_text(encoding="utf-8"))
                conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", (version, name))
            done.append(f"{version:04d}_{name}")
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK,))
    return done
