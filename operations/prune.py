"""`fenliu prune`: move past days older than [retention] days into monthly archive files now (the host does it nightly)."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from queue_host.config import ConfigError, beside, load, working_folder_branch
from queue_host.lobby import business_day
from queue_host.retention import cutoff_day, prune
from queue_host.store import connect


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu prune`."""
    parser.add_argument("--config", default=None, metavar="FILE",
                        help="the branch file ([retention] days; default config/branch.toml in the working folder) / "
                             "网点配置")
    parser.add_argument("--db", type=Path, default=None,
                        help="the host's SQLite file (default: the branch file's, relative to its folder)")


def run(args: argparse.Namespace) -> int:
    """Archive and delete what is past the retention; safe while the host runs (SQLite locks), and to repeat."""
    config = args.config or working_folder_branch()
    if config is None:
        print("fenliu prune: 没有网点配置文件 / no branch file: pass --config with the host's branch.toml",
              file=sys.stderr)
        return 2
    try:
        cfg = load(config)
    except ConfigError as exc:
        print(f"fenliu prune: 配置无效 / the branch file is invalid:\n  {exc}", file=sys.stderr)
        return 2
    db = args.db or beside(cfg, cfg.database)
    if not db.is_file():
        print(f"fenliu prune: 没有数据库 / no database at {db}; pass --db", file=sys.stderr)
        return 2
    today = business_day(cfg, datetime.now(cfg.branch.timezone))
    cutoff = cutoff_day(today, cfg.retention_days)
    conn = connect(db)
    try:
        done = prune(conn, db, cutoff)
    except (OSError, sqlite3.Error) as exc:
        print(f"fenliu prune: 归档失败，未删除任何数据 / archiving failed, nothing deleted: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    if not done.total():
        print(f"fenliu prune: {cutoff} 之前没有数据 / nothing before {cutoff} ({cfg.retention_days} days kept)")
        return 0
    moved = ", ".join(f"{table} {n}" for table, n in done.rows.items() if n)
    print(f"fenliu prune: 已归档 {cutoff} 之前的数据 / archived the days before {cutoff}: {moved}\n"
          + "\n".join(f"  {path}" for path in done.archives))
    return 0
