"""`fenliu backup` / `fenliu restore`: online consistent copies of the host's SQLite file, and putting one back."""
from __future__ import annotations

import argparse
import fcntl
import os
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from queue_host.store import lock_path

PREFIX, SUFFIX = "fenliu-", ".db"


def backup(db: Path, out: Path, keep: int | None = None, now: datetime | None = None,
           keep_days: int | None = None) -> Path:
    """Copy the live database with SQLite's backup API into out/fenliu-<UTC time>.db; keep the newest `keep`
    files, or those of the last `keep_days` days."""
    if not db.is_file():
        raise FileNotFoundError(f"no database at {db}")
    out.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    target = out / f"{PREFIX}{stamp}{SUFFIX}"
    part = target.with_name(target.name + ".part")
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    dst = sqlite3.connect(str(part))
    try:
        # One step (pages=-1): the whole copy is read under one read transaction, so it is one moment of
        # the database; WAL lets the host keep writing meanwhile.
        src.backup(dst, pages=-1)
        if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise RuntimeError(f"the copy {part} failed its check")
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    _fsync(part)
    os.replace(part, target)
    _fsync(out)
    if keep is not None:
        for old in backups(out)[:-keep] if keep > 0 else []:
            old.unlink()
    if keep_days is not None:
        for old in older_than(out, now - timedelta(days=keep_days)):
            old.unlink()
    return target


def taken_at(path: Path) -> datetime | None:
    """When a backup was taken, read from its name (fenliu-20261129T023000123456Z.db); None for other files."""
    try:
        return datetime.strptime(path.name[len(PREFIX):-len(SUFFIX)], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def older_than(out: Path, cutoff: datetime) -> list[Path]:
    """Backups in a folder taken before cutoff (files not named by fenliu are never touched)."""
    return [p for p in backups(out) if (when := taken_at(p)) is not None and when < cutoff]


def backups(out: Path) -> list[Path]:
    """The backups in a folder, oldest first (their names sort by time)."""
    return sorted(out.glob(f"{PREFIX}*{SUFFIX}"))


class DatabaseInUse(RuntimeError):
    """A host holds the database open."""


def restore(backup_file: Path, db: Path, now: datetime | None = None) -> Path | None:
    """Replace db with a checked copy of backup_file; the old file is kept beside it. Refuses while a host runs."""
    check = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise RuntimeError(f"{backup_file} is not a sound SQLite database")
    finally:
        check.close()
    db.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(lock_path(db), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            # Every host holds a shared lock while it has the file open; an exclusive one means none does,
            # and holding it keeps a host from starting until the new file is in place.
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUse(str(db)) from None
        part = db.with_name(db.name + ".restoring")
        src, dst = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True), sqlite3.connect(str(part))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        _fsync(part)
        kept = None
        if db.exists():
            stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
            kept = db.with_name(f"{db.name}.before-restore-{stamp}")
            # Fold the old WAL into the old file before it is set aside, so nothing of it is lost.
            old = sqlite3.connect(str(db))
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            old.close()
            os.replace(db, kept)
        for side in ("-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
        os.replace(part, db)
        _fsync(db.parent)
        return kept
    finally:
        os.close(lock)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu backup`."""
    parser.add_argument("--db", required=True, type=Path, help="the host's SQLite file / 主机数据库文件")
    parser.add_argument("--out", "--dir", dest="out", required=True, type=Path, help="folder for the backups / 备份目录")
    keep = parser.add_mutually_exclusive_group()
    keep.add_argument("--keep", type=int, help="keep only the newest N backups / 只保留最新 N 份")
    keep.add_argument("--keep-days", type=int, metavar="N",
                      help="delete backups older than N days (nightly use) / 删除 N 天前的备份")


def run(args: argparse.Namespace) -> int:
    """Take one backup and say where it went."""
    for name, value in (("--keep", args.keep), ("--keep-days", args.keep_days)):
        if value is not None and value < 1:
            print(f"fenliu backup: {name} 至少为 1 / {name} must be at least 1 (got {value}); nothing was deleted",
                  file=sys.stderr)
            return 2
    try:
        target = backup(args.db, args.out, args.keep, keep_days=args.keep_days)
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        print(f"fenliu backup: 备份失败 / backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"fenliu backup: 已备份到 / backed up to {target}")
    return 0


def add_restore_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu restore`."""
    parser.add_argument("backup", type=Path, help="a backup file / 备份文件")
    parser.add_argument("--db", required=True, type=Path, help="the host's SQLite file to replace / 要替换的数据库文件")


def run_restore(args: argparse.Namespace) -> int:
    """Restore one backup unless a host holds the database."""
    try:
        kept = restore(args.backup, args.db)
    except DatabaseInUse:
        print(f"fenliu restore: 主机正在使用 {args.db}，请先停止主机 / a host has {args.db} open: stop it first",
              file=sys.stderr)
        return 3
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        print(f"fenliu restore: 恢复失败 / restore failed: {exc}", file=sys.stderr)
        return 1
    note = f" (旧文件保留为 / old file kept as {kept})" if kept else ""
    print(f"fenliu restore: 已恢复 / restored {args.backup} -> {args.db}{note}")
    return 0
