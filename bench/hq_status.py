"""`fenliu hq status` at scale: its query time over ~1M events before migration 0003 (a count per branch)
and after (per-branch counts kept by triggers), and what the triggers cost head office's ingest.

Starts its own PostgreSQL (Debian's, fsync on, loopback port, temp directory; as `nobody` when run as
root), fills it with 100 branches' events, and measures: status before, migrate 0003 (the one-time backfill),
status after, then ingest with the triggers off and on, alternately. Bounded: about a minute. Prints figures; the last line
is one JSON object.

    cd /work/main && PYTHONPATH=. .venv/bin/python bench/hq_status.py [--events 1000000]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from headoffice import migrate, store  # noqa: E402
from queue_host.shipper import INSERT  # noqa: E402
from tests.pgserver import PASSWORD, PgServer  # noqa: E402

BRANCHES = 100
# The status query as it was before migration 0003: every branch's events counted.
OLD_STATUS = """
SELECT b.branch_id, b.name_zh, b.name_en, b.log_id, b.shipped_seq, b.head_seq, b.reported_at,
       EXTRACT(EPOCH FROM now() - b.reported_at)::float8, b.last_event_at,
       (SELECT count(*) FROM events e WHERE e.branch_id = b.branch_id)
  FROM branches b ORDER BY b.branch_id"""
EVENT = {"kind": "called", "counter": "1", "counter_name_zh": "1号窗口", "counter_name_en": "Window 1",
         "recall": False, "ticket": {"id": 1, "number": "A001", "service": "cash", "state": "called",
                                     "tier": "normal", "vip": False, "issued_at": "2026-11-23T09:00:00+08:00"}}


def fill(conn, events: int) -> None:
    """`events` events spread over BRANCHES branches and 30 days, as the shipper would have inserted them."""
    per = events // BRANCHES
    conn.execute("INSERT INTO branches (branch_id, name_zh, name_en, log_id, shipped_seq, head_seq, reported_at) "
                 "SELECT 'b' || lpad(b::text, 3, '0'), '网点', 'Branch', 'log', %s, %s, now() "
                 "FROM generate_series(1, %s) AS b", (per, per, BRANCHES))
    conn.execute("""
        INSERT INTO events (branch_id, log_id, seq, at, day, kind, data, digest)
        SELECT 'b' || lpad(b::text, 3, '0'), 'log', s, t, t::date, 'called',
               %s::jsonb || jsonb_build_object('seq', s, 'at', t), md5(s::text)
          FROM generate_series(1, %s) AS b, generate_series(1, %s) AS s,
               LATERAL (SELECT timestamptz '2026-10-01 09:00+08' + make_interval(mins => s * 30 * 24 * 60 / %s)) AS x(t)
        """, (json.dumps(EVENT), BRANCHES, per, per))
    conn.execute("VACUUM ANALYZE events")


def timed(conn, query_or_fn, rounds: int = 5) -> float:
    """Median milliseconds of `rounds` runs."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        if callable(query_or_fn):
            query_or_fn(conn)
        else:
            conn.execute(query_or_fn).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def ingest(conn, branch: str, first_seq: int, batches: int = 100, size: int = 500) -> float:
    """Events per second through the shipper's own INSERT, batches of `size` new events for one branch."""
    t0 = time.perf_counter()
    for n in range(batches):
        batch = [{**EVENT, "seq": first_seq + n * size + i, "at": "2026-11-23T10:00:00+08:00"} for i in range(size)]
        conn.execute(INSERT, {"branch": branch, "log_id": "log", "tz": "Asia/Shanghai", "reset": "00:00",
                              "batch": json.dumps(batch)}).fetchone()
    return batches * size / (time.perf_counter() - t0)


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="events head office holds (default 1,000,000)")
    args = ap.parse_args()
    server = PgServer(durable=True).start()
    try:
        with server.connect() as admin:
            admin.execute("CREATE DATABASE hq_bench")
        dsn = server.dsn.replace("dbname=postgres", "dbname=hq_bench")
        with psycopg.connect(dsn, password=PASSWORD, autocommit=True) as conn:
            first = Path(tempfile.mkdtemp(prefix="fenliu-migrations-"))
            for path in migrate.migrations()[:2]:
                shutil.copy(path[2], first)
            migrate.migrate(conn, first)
            shutil.rmtree(first)
            t0 = time.perf_counter()
            fill(conn, args.events)
            held = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            print(f"head office holds {held:,} events of {BRANCHES} branches (filled in {time.perf_counter() - t0:.1f} s)")
            per = args.events // BRANCHES
            before = timed(conn, OLD_STATUS)
            t0 = time.perf_counter()
            migrate.migrate(conn)
            backfill = time.perf_counter() - t0
            after = timed(conn, store.status)
            # Ingest with the counting triggers off and on, alternately (5 pairs, a fresh branch each).
            speeds: dict[bool, list[float]] = {True: [], False: []}
            for n in range(10):
                on = n % 2 == 1
                conn.execute(f"ALTER TABLE events {'ENABLE' if on else 'DISABLE'} TRIGGER USER")
                speeds[on].append(ingest(conn, f"b{n + 1:03d}", per + 1))
            conn.execute("ALTER TABLE events ENABLE TRIGGER USER")
            ingest_before, ingest_after = statistics.median(speeds[False]), statistics.median(speeds[True])
            ratio = statistics.median(on / off for off, on in zip(speeds[False], speeds[True]))
            counted = {s.branch_id: s.events for s in store.status(conn)}
            assert counted["b002"] == per + 50_000 and counted["b001"] == per  # counted only with triggers on
    finally:
        server.destroy()
    print(f"status before (count per branch): {before:.1f} ms median of 5")
    print(f"status after (event_counts):      {after:.2f} ms median of 5  ({before / after:.0f}x faster)")
    print(f"migration 0003 backfill over {held:,} events: {backfill:.1f} s (once)")
    print(f"ingest, batches of 500 through the shipper's INSERT: {ingest_before:,.0f} events/s before, "
          f"{ingest_after:,.0f} events/s with the counting triggers (medians of 5 "
          f"alternating pairs; median ratio per pair {ratio:.2f})")
    print(json.dumps({"events": held, "status_before_ms": round(before, 1), "status_after_ms": round(after, 2),
                      "backfill_s": round(backfill, 1), "ingest_before_eps": round(ingest_before),
                      "ingest_after_eps": round(ingest_after),
                      "ingest_ratio": round(ratio, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
