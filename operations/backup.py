"""`fenliu backup` / `fenliu restore`: online consistent copies of the host's SQLite file, and putting one back."""
from __future__ import annotations

import argparse
import fcntl
import os
import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from queue_host.config import DEFAULT_PATH, Config, ConfigError, load
from queue_host.files import private_database, private_dir, private_file
from queue_host.store import SCHEMA_VERSION, TABLES, lock_path

PREFIX, SUFFIX = "fenliu-", ".db"


def backup(db: Path, out: Path, keep: int | None = None, now: datetime | None = None,
           keep_days: int | None = None) -> Path:
    """Copy the live database with SQLite's backup API into out/fenliu-<UTC time>.db; keep the newest `keep`
    files, or those of the last `keep_days` days."""
    if not db.is_file():
        raise FileNotFoundError(f"no database at {db}")
    private_dir(out)  # backups hold personal data: 0700 folder, 0600 files, whatever the umask
    now = now or datetime.now(timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    target = out / f"{PREFIX}{stamp}{SUFFIX}"
    part = private_database(target.with_name(target.name + ".part"))
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


class Refused(RuntimeError):
    """The file is not a fenliu database this host can start from; the reason says why."""


def check_backup(backup_file: Path, cfg: Config) -> None:
    """Refuse (Refused, with the reason) anything but a sound fenliu database a host starts from: SQLite's
    integrity check, the schema's tables and version, then the real host built over a copy in a temporary
    folder, and every day's rows read back (a tampered ticket row fails here, not at the next start)."""
    try:
        conn = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise Refused(f"{backup_file} cannot be opened: {exc}") from None
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise Refused(f"{backup_file} fails SQLite's integrity check: {'; '.join(problems[:3])}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in TABLES if t not in tables]
        if missing:
            raise Refused(f"{backup_file} is not a fenliu database (no {', '.join(missing)} table)")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise Refused(f"{backup_file} was written by a newer fenliu (schema {version}; this one reads up to "
                          f"{SCHEMA_VERSION})")
        if conn.execute("SELECT 1 FROM meta WHERE key = 'log_id'").fetchone() is None:
            raise Refused(f"{backup_file} is not a fenliu database (its meta table has no log_id)")
    except sqlite3.DatabaseError as exc:  # not SQLite at all, or unreadable
        raise Refused(f"{backup_file} is not a SQLite database: {exc}") from None
    finally:
        conn.close()
    with tempfile.TemporaryDirectory(prefix="fenliu-restore-check-") as tmp:
        trial = Path(tmp) / "check.db"
        _copy(backup_file, trial)
        try:
            _start_host_over(trial, cfg)
        except Exception as exc:  # whatever would stop the host at start stops the restore instead
            raise Refused(f"a host cannot start from {backup_file}: {type(exc).__name__}: {exc}"[:400]) from None


def _start_host_over(db: Path, cfg: Config) -> None:
    """Build the real host over a database (the lobby loaded as at start), then read every day's rows back."""
    from queue_host.api import Host

    host = Host(cfg, str(db), lambda: datetime.now(cfg.branch.timezone))
    try:
        reader = host.reader()
        days = [d for (d,) in reader.conn.execute("SELECT DISTINCT day FROM tickets UNION SELECT DISTINCT day "
                                                  "FROM visits")]
        for day in days:
            reader.day_rows(day)
            reader.blocks(day)
        reader.close()
    finally:
        host.store.close()


def _copy(src_path: Path, dst_path: Path) -> None:
    """One consistent copy of a SQLite file into a new file only this user reads."""
    private_database(dst_path)
    src, dst = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True), sqlite3.connect(str(dst_path))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore(backup_file: Path, db: Path, now: datetime | None = None, cfg: Config | None = None) -> Path | None:
    """Replace db with a checked copy of backup_file; the old file is kept beside it. Refuses while a host runs,
    and refuses (Refused) a file a host could not start from."""
    cfg = cfg or load(DEFAULT_PATH)
    private_dir(db.parent, narrow=False)
    with tempfile.TemporaryDirectory(prefix="fenliu-restore-") as tmp:
        pristine = Path(tmp) / "backup.db"
        try:  # what is checked is what goes in, even if the backup file changes meanwhile
            _copy(backup_file, pristine)
        except sqlite3.DatabaseError as exc:
            raise Refused(f"{backup_file} is not a SQLite database: {exc}") from None
        check_backup(pristine, cfg)
        lock = os.open(private_file(lock_path(db)), os.O_RDWR)
        try:
            try:
                # Every host holds a shared lock while it has the file open; an exclusive one means none does,
                # and holding it keeps a host from starting until the new file is in place.
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DatabaseInUse(str(db)) from None
            part = db.with_name(db.name + ".restoring")
            part.unlink(missing_ok=True)
            _copy(pristine, part)
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
                os.chmod(kept, 0o600)
            for side in ("-wal", "-shm"):
                Path(f"{db}{side}").unlink(missing_ok=True)
            os.replace(part, db)
            private_database(db)
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
    parser.add_argument("--config", type=Path, default=DEFAULT_PATH,
                        help="the branch file the host runs with: the backup must start a host with it / 网点配置")


def run_restore(args: argparse.Namespace) -> int:
    """Restore one backup unless a host holds the database."""
    try:
        cfg = load(args.config)
    except ConfigError as exc:
        print(f"fenliu restore: 网点配置无效 / the branch file is invalid: {exc}", file=sys.stderr)
        return 2
    try:
        kept = restore(args.backup, args.db, cfg=cfg)
    except Refused as exc:
        print(f"fenliu restore: 拒绝恢复，原数据库未改动 / refused, the database is unchanged: {exc}", file=sys.stderr)
        return 4
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
