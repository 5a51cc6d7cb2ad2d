"""Database size: bytes per 10,000 visits, and what the live file holds after pruning past days into archives.

Builds a real SQLite file (WAL, the host's own Store and rules, in process: no HTTP) with a branch-like
mix over many business days — counter tickets called and finished, self-service diversions, a customer
who turns the machine down — committed in batches as the writer does, the day reset between days.
Then archives every day older than the last `--keep-days` (as [retention] days does, here scaled down)
and prints: size per 10,000 visits, the live file after pruning (as is, pages kept for reuse; and
compacted with VACUUM INTO), the archive files, and a projection for [retention] days = 200.
Bounded: one temporary folder, removed at the end. The last line is one JSON object.

    cd /work/main && PYTHONPATH=. .venv/bin/python bench/db_size.py
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from queue_host import calling, day  # noqa: E402
from queue_host.config import DEFAULT_PATH, load  # noqa: E402
from queue_host.lobby import business_day  # noqa: E402
from queue_host.retention import archive_dir, cutoff_day, prune  # noqa: E402
from queue_host.store import Store  # noqa: E402
from queue_host.visits import VisitRequest, visit  # noqa: E402

MIX = [("cash", 30000), ("card_opening", None), ("cash", 5000), ("noncash", None), ("forex", 10000),
       ("e_banking", None), ("cash", 60000), ("card_loss", None), ("wealth", None), ("transfer", 3000)]


def file_bytes(db: Path) -> int:
    """The database with its WAL, after a checkpoint folds the WAL in."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())


def one_day(store: Store, lobby, start, visits: int, batch: int = 64) -> None:
    """A business day of visits; each ticket is called and finished, committed `batch` commands at a time."""
    now, pending = start, 0
    for i in range(visits):
        purpose, amount = MIX[i % len(MIX)]
        purpose = purpose if purpose in lobby.cfg.purposes else "card_opening"
        now += timedelta(seconds=20)
        result = visit(lobby, VisitRequest(purpose=purpose, amount_cny=amount), now)
        if result.get("ticket"):
            counter = next(c for c, conf in lobby.cfg.counters.items() if result["ticket"]["service"] in conf.services)
            called = calling.call_next(lobby, counter, now)
            if called.get("ticket"):
                calling.finish(lobby, called["ticket"]["id"], now + timedelta(minutes=3))
        pending += 1
        if pending >= batch:
            with store.transaction():
                store.write(lobby, lobby.take_changes())
            pending = 0
    with store.transaction():
        store.write(lobby, lobby.take_changes())


def main() -> None:
    """Fill, measure, prune, measure again, print."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--visits-per-day", type=int, default=500)
    ap.add_argument("--days", type=int, default=40, help="business days filled (default 40: 20,000 visits)")
    ap.add_argument("--keep-days", type=int, default=10, help="days kept live by the prune (default 10)")
    args = ap.parse_args()
    cfg = load(DEFAULT_PATH)
    tmp = Path(tempfile.mkdtemp(prefix="fenliu-dbsize-"))
    try:
        db = tmp / "fenliu.db"
        store = Store(db)
        first = datetime(2026, 1, 5, 9, 0, tzinfo=cfg.branch.timezone)
        lobby = store.load(cfg, first)
        for d in range(args.days):
            morning = first + timedelta(days=d)
            day.rollover(lobby, morning)
            one_day(store, lobby, morning, args.visits_per_day)
        total_visits = args.days * args.visits_per_day
        size_full = file_bytes(db)
        per_10k = size_full * 10_000 / total_visits
        today = business_day(cfg, first + timedelta(days=args.days - 1))
        done = prune(store.conn, db, cutoff_day(today, args.keep_days))
        store.close()
        size_pruned = file_bytes(db)
        compact = tmp / "compact.db"
        with sqlite3.connect(db) as conn:
            conn.execute("VACUUM INTO ?", (str(compact),))
            free = conn.execute("PRAGMA freelist_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
        size_compact = compact.stat().st_size
        archives = {p.name: p.stat().st_size for p in sorted(archive_dir(db).glob("*.db"))}
        kept_visits = (args.keep_days + 1) * args.visits_per_day  # the cutoff day through today
        per_visit_live = size_compact / kept_visits
        figures = {
            "visits": total_visits, "days": args.days, "visits_per_day": args.visits_per_day,
            "db_bytes_full": size_full, "db_mb_per_10k_visits": round(per_10k / 1e6, 2),
            "rows_archived": done.rows, "keep_days": args.keep_days,
            "db_bytes_after_prune_as_is": size_pruned, "db_bytes_free_for_reuse": free,
            "db_bytes_after_prune_compacted": size_compact, "archive_bytes": archives,
            "projected_live_mb_200_days_at_500_visits": round(per_visit_live * 200 * 500 / 1e6, 1),
        }
        print(f"{total_visits} visits over {args.days} days: {size_full / 1e6:.1f} MB "
              f"= {per_10k / 1e6:.2f} MB per 10,000 visits")
        print(f"after pruning to the last {args.keep_days} days: file {size_pruned / 1e6:.1f} MB "
              f"({free / 1e6:.1f} MB of it free pages, reused by new days), {size_compact / 1e6:.1f} MB compacted")
        print(f"archived rows: {done.rows}; archives: "
              + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in archives.items()))
        print(f"a branch at 500 visits/day with [retention] days = 200 holds about "
              f"{figures['projected_live_mb_200_days_at_500_visits']} MB live")
        print(json.dumps(figures))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
