"""`fenliu hq migrate | status | report | prune`: head office's PostgreSQL of every branch's event log."""
from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import psycopg

from headoffice import branchreport, league, migrate, report, store
from reports.cli import add_at, moment
from queue_host.config import DEFAULT_PATH, ConfigError, load

MAX_DAYS = 366


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu hq`."""
    parser.add_argument("--dsn", help=f"head office's PostgreSQL (default: ${store.DSN_ENV}); the password from "
                                      "PGPASSWORD or ~/.pgpass")
    sub = parser.add_subparsers(dest="hq_command", metavar="ACTION", required=True)
    sub.add_parser("migrate", help="create or update the schema / 建立或升级数据库结构")
    sub.add_parser("status", help="branches, how far behind, last report / 各网点上报情况")
    rep = sub.add_parser("report", help="each branch's report, the branches combined, and their league table "
                                        "/ 各网点报表、合计与排行榜")
    rep.add_argument("--from", dest="start", type=_date, required=True, help="first business day, YYYY-MM-DD")
    rep.add_argument("--to", dest="end", type=_date, required=True, help="last business day, YYYY-MM-DD")
    rep.add_argument("--branch", action="append", help="only this branch id (repeat for several)")
    rep.add_argument("--out", default=".", help="folder for hq-league-FROM-TO.html and .csv, branch-ID/ and "
                                                "combined/ (default: here)")
    rep.add_argument("--config", default=str(DEFAULT_PATH), help="branch template for the report's rules "
                                                                 "(default: the shipped config/branch.toml)")
    add_at(rep)
    add = sub.add_parser("add-branch", help="let a branch's login ship its own events only / 登记网点账号")
    add.add_argument("branch_id", help="the branch id in its branch file's [hq] table")
    add.add_argument("--login", required=True, help="the PostgreSQL role the branch host signs in as (create it "
                                                    "first: CREATE ROLE ... LOGIN PASSWORD ...)")
    prune = sub.add_parser("prune", help="delete events older than N whole months / 按月清理旧数据")
    prune.add_argument("--keep-months", type=int, required=True, help="months kept besides the current one")


def _days(start: date, end: date) -> list[str]:
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def counted(conn, template, start: date, end: date, branches: list[str] | None, known: dict[str, dict],
            now: datetime):
    """Each branch with events in the period, one at a time: (branch, its rows, its branchreport.Counted)."""
    days = _days(start, end)
    for b, rows in store.branch_rows(conn, start, end, branches):
        yield b, rows, branchreport.count(template, known.get(b, {}), rows, days, now)


def league_rows(conn, start: date, end: date, branches: list[str] | None, template=None,
                now: datetime | None = None) -> list[dict]:
    """The league table's rows alone (no report written), from the figures the branches' reports show."""
    template = template or load(DEFAULT_PATH)
    now = now or datetime.now(timezone.utc)
    per_branch = {b: league.of_report(c.figures)
                  for b, _, c in counted(conn, template, start, end, branches, store.branches(conn), now)}
    return report.rows(league.league(per_branch), store.names(conn))


def _refuse(message: str) -> int:
    print(f"fenliu hq report: {message}", file=sys.stderr)
    return 1


def _report(conn, args) -> int:
    """Each chosen branch's full report, the branches combined, and the league table linking them."""
    if args.end < args.start:
        return _refuse(f"--to {args.end} is before --from {args.start} / 结束日期早于开始日期: swap them")
    if (args.end - args.start).days >= MAX_DAYS:
        return _refuse(f"a period is at most {MAX_DAYS} days / 期间最多{MAX_DAYS}天: report a shorter period")
    known = store.branches(conn)
    unknown = sorted(set(args.branch or ()) - set(known))
    if unknown:
        return _refuse(f"no branch {', '.join(unknown)} at head office / 总行没有此网点 (known: "
                       f"{', '.join(sorted(known)) or 'none yet'}); `fenliu hq status` lists them")
    try:
        template = load(args.config)
    except (ConfigError, OSError) as exc:
        return _refuse(f"branch template {args.config}: {exc}; give a readable branch file with --config")
    days = _days(args.start, args.end)
    out, now = Path(args.out), moment(args.at, template.branch.timezone)
    figures, links, configs, union = {}, {}, {}, []
    for b, rows, c in counted(conn, template, args.start, args.end, args.branch, known, now):
        figures[b] = league.of_report(c.figures)  # the numbers the branch's report heads with, not counted again
        paths = branchreport.write(c.cfg, Path(args.config), c.days, out / branchreport.folder(b), now,
                                   counted=c.figures)
        links[b] = paths["html"].relative_to(out).as_posix()
        configs[b] = c.cfg
        union.append(branchreport.per_day(rows, days, branch=b, counters=True))
        print(f"{b}: {paths['html']}, {paths['xlsx']}, {paths['csv']}/")
    for b in sorted(set(args.branch or ()) - set(figures)):
        print(f"{b}: 此期间没有事件 / no events from {args.start} to {args.end}: no report")
    combined = None
    if len(figures) > 1:
        cfg, notes = branchreport.combined_config(template, configs)
        paths = branchreport.write(cfg, Path(args.config), branchreport.merged(days, union), out / branchreport.COMBINED,
                                   now, [f"合计 combined: {', '.join(figures)}", *notes])
        combined = paths["html"].relative_to(out).as_posix()
        print(f"combined: {paths['html']}, {paths['xlsx']}, {paths['csv']}/")
    table = report.rows(league.league(figures), store.names(conn))
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"hq-league-{args.start}-{args.end}"
    report.write_html(stem.with_suffix(".html"), table, args.start, args.end, links, combined)
    report.write_csv(stem.with_suffix(".csv"), table)
    print(f"{len(table)} branches: {stem}.html, {stem}.csv")
    return 0


def _status(conn) -> int:
    rows = store.status(conn)
    if not rows:
        print("还没有网点上报 / no branch has shipped yet")
        return 0
    print(f"{'branch':<12} {'events':>9} {'behind':>7} {'last report':>12}  name")
    for s in rows:
        age = "never" if s.since_report_s is None else f"{s.since_report_s:.0f} s ago"
        print(f"{s.branch_id:<12} {s.events:>9} {s.behind:>7} {age:>12}  {s.name_zh} {s.name_en}".rstrip())
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one head-office action."""
    try:
        conn = store.connect(args.dsn)
    except ValueError as exc:
        print(f"fenliu hq: {exc}", file=sys.stderr)
        return 2
    except psycopg.Error as exc:
        print(f"fenliu hq: 无法连接总行数据库 / cannot reach head office's database: {str(exc).strip()}\n"
              f"Check the host, port and database in --dsn or ${store.DSN_ENV}, that the server runs and lets "
              f"this machine in, and the password (PGPASSWORD or ~/.pgpass).", file=sys.stderr)
        return 1
    with conn:
        try:
            if args.hq_command == "migrate":
                done = migrate.migrate(conn)
                print("已是最新 / schema up to date" if not done else "applied: " + ", ".join(done))
                return 0
            if args.hq_command == "status":
                return _status(conn)
            if args.hq_command == "add-branch":
                store.add_branch(conn, args.branch_id, args.login)
                print(f"{args.login} may ship the events of branch {args.branch_id} (and only those)")
                return 0
            if args.hq_command == "prune":
                if args.keep_months < 0:
                    print("fenliu hq prune: --keep-months must be 0 or more", file=sys.stderr)
                    return 2
                before = store.cutoff(date.today(), args.keep_months)
                deleted = store.prune(conn, before)
                print(f"deleted {sum(deleted.values())} events of days before {before}"
                      + "".join(f"\n  {b}: {n}" for b, n in deleted.items()))
                return 0
            return _report(conn, args)
        except psycopg.errors.UndefinedTable:
            print("fenliu hq: 数据库尚未建表 / the schema is missing: run `fenliu hq migrate` first", file=sys.stderr)
            return 2
        except (ValueError, psycopg.Error) as exc:
            print(f"fenliu hq: {exc}", file=sys.stderr)
            return 2
