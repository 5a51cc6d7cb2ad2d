"""`fenliu report`: a day's (or a period's) figures from the host's database or a backup, as HTML, CSV, Excel."""
from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from queue_host import figures, views
from queue_host.config import DEFAULT_PATH, ConfigError, load
from queue_host.store import Reader

MAX_DAYS = 366


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu report`."""
    parser.add_argument("--db", required=True, help="the host's SQLite file, or a backup of it")
    parser.add_argument("--config", default=str(DEFAULT_PATH), help="branch file (default: config/branch.toml)")
    parser.add_argument("--date", help="one business day, YYYY-MM-DD")
    parser.add_argument("--from", dest="start", help="first day of a period, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", help="last day of a period, YYYY-MM-DD (default: --from)")
    parser.add_argument("--out", default="reports", help="folder for the report files (default: reports/)")
    add_at(parser)


def add_at(parser: argparse.ArgumentParser) -> None:
    """The --at option: count a day still open as of a given moment (default: now)."""
    parser.add_argument("--at", help="count as of this branch time, YYYY-MM-DDTHH:MM (default: now); a ticket "
                                     "still waiting then counts against the service level")


def moment(text: str | None, zone) -> datetime:
    """The moment the figures are counted at: --at in the branch's zone, or now (a clear error if malformed)."""
    if not text:
        return datetime.now(zone)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"时间不正确 / --at must be a time like 2026-11-24T18:00, got {text!r}")
    return at if at.tzinfo else at.replace(tzinfo=zone)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"报表日期不正确 / {option} must be a date like 2026-11-24, got {text!r}")


def days_wanted(args) -> list[str]:
    """The business days asked for, oldest first (a clear error for a bad or missing range)."""
    if args.date and (args.start or args.end):
        raise SystemExit("请只用 --date 或 --from/--to / give either --date or --from/--to, not both")
    if args.date:
        return [_day(args.date, "--date").isoformat()]
    if not args.start:
        raise SystemExit("请给出日期 / give --date YYYY-MM-DD, or --from and --to for a period")
    first, last = _day(args.start, "--from"), _day(args.end or args.start, "--to")
    if last < first:
        raise SystemExit(f"--to {last} is before --from {first} / 结束日期早于开始日期")
    if (last - first).days >= MAX_DAYS:
        raise SystemExit(f"a period is at most {MAX_DAYS} days / 期间最多{MAX_DAYS}天")
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def trend(per_day: dict[str, dict]):
    """The headline figures day by day (for a period)."""
    from reports.tables import Table
    rows = [[d, f["visits"], f["diversion_rate"], f["tickets"], f["wait_minutes"]["average"], f["wait_minutes"]["p90"],
             f["no_shows"]] for d, f in per_day.items()]
    return Table("days", "逐日", "Day by day", ("日期 day", "来访 visits", "分流率 rate", "取号 tickets",
                                               "平均等候(分) avg wait min", "P90等候(分) p90 wait min", "过号 no-shows"), rows)


def label(days: list[str]) -> str:
    """A report's period as its figures name it: the day, or FIRST..LAST."""
    return days[0] if len(days) == 1 else f"{days[0]}..{days[-1]}"


def whole(cfg, per_day: dict[str, list[dict]], now: datetime, absent: dict[str, str] | None = None) -> dict:
    """The figures of the whole day or period, counted once over all its events (what the report heads with).

    `absent`: figures the events cannot give (key -> why), blanked so they show as not available, not zero.
    """
    days = list(per_day)
    events = [e for d in days for e in per_day[d]]
    blank = {key: None for key in absent or {}} | {f"{key}_absent": why for key, why in (absent or {}).items()}
    return figures.compute(cfg, label(days), events, now) | blank


def write_days(cfg, per_day: dict[str, list[dict]], out: Path, now: datetime, notes: list[str] = (),
               absent: dict[str, str] | None = None, counted: dict | None = None) -> dict[str, Path]:
    """Write the report of one day, or of a period with its day-by-day table (events per day).

    `counted`: the period's figures from whole(), if the caller has them already (else counted here).
    """
    from reports.write import write_report  # matplotlib loads only when there is something to draw
    days = list(per_day)
    report = views.report(cfg, counted if counted is not None else whole(cfg, per_day, now, absent))
    if len(days) == 1:
        return write_report(report, out, f"report-{days[0]}", f"{cfg.branch.name_zh} {days[0]} 营业日报",
                            f"{cfg.branch.name_en} — day report {days[0]}", notes=notes)
    daily = {d: figures.compute(cfg, d, per_day[d], now) for d in days if per_day[d]}
    return write_report(report, out, f"report-{days[0]}_{days[-1]}", f"{cfg.branch.name_zh} {label(days)} 期间报表",
                        f"{cfg.branch.name_en} — period report {label(days)}", notes=notes, extra_tables=[trend(daily)])


def run(args) -> int:
    """Count the figures and write the report files."""
    try:
        cfg = load(args.config)
    except (ConfigError, OSError) as exc:
        print(f"网点配置有误 / branch file: {exc}", file=sys.stderr)
        return 2
    if not Path(args.db).is_file():
        print(f"找不到数据库 / no database at {args.db}: give the host's SQLite file or a backup", file=sys.stderr)
        return 2
    days = days_wanted(args)
    reader = Reader(args.db)
    per_day = {d: reader.day_events(cfg, d) for d in days}
    reader.close()
    events = [e for d in days for e in per_day[d]]
    if not events:
        print(f"数据库中没有这些日期的记录 / no events for {days[0]}..{days[-1]} in {args.db}", file=sys.stderr)
        return 1
    paths = write_days(cfg, per_day, Path(args.out), moment(args.at, cfg.branch.timezone))
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0
