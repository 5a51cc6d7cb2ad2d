"""Head-office shipping: events/s from one branch, the branch's visit p99 with shipping on and off, and
head office's ingest from 100 simulated branches (events/s and lag).

Starts its own PostgreSQL (Debian's, fsync on, loopback port, temp directory; as `nobody` when run as
root) and real hosts (`python -m queue_host`) on loopback. Bounded: about 90 s in all; it stops what it
started. Prints figures; the last line is one JSON object.

    cd /work/main && PYTHONPATH=. .venv/bin/python bench/hq_ship.py
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import host_load as hl  # noqa: E402
import psycopg  # noqa: E402

from headoffice import migrate  # noqa: E402
from queue_host.config import load  # noqa: E402
from queue_host.shipper import Shipper  # noqa: E402
from queue_host.store import Store  # noqa: E402
from tests.hostproc import RunningHost, free_port  # noqa: E402
from tests.pgserver import PASSWORD, PgServer  # noqa: E402


def branch_file(dest: Path, dsn: str | None, branch_id: str, batch: int = 500) -> Path:
    """The bench branch file (6-digit numbers, no kiosk limit), with [hq] when dsn is given."""
    hl.bench_config(dest)
    if dsn:
        with open(dest, "a", encoding="utf-8") as f:
            f.write(f'\n[hq]\ndsn = "{dsn}"\nbranch_id = "{branch_id}"\nbatch_size = {batch}\n')
    return dest


def head(db: Path) -> int:
    """The branch log's last sequence number."""
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
    finally:
        con.close()


async def saturate(port: int, tokens: dict, seconds: float, clients: int = 20) -> int:
    """Back-to-back visits for `seconds`: the day's backlog. The visits answered."""
    run = hl.Run(port, tokens, hl.pick_bodies(4096))
    end = time.perf_counter() + seconds
    await asyncio.gather(*(hl.closed_loop_client(run, c, end) for c in range(clients)))
    return run.visit_ok


async def steady(port: int, tokens: dict, rate: float, clients: int, warmup: float, duration: float) -> dict:
    """Open-loop visits at `rate`/s; latency (corrected for coordinated omission) of the measured span."""
    run = hl.Run(port, tokens, hl.pick_bodies(4096, seed=int(rate)))
    interval = clients / rate
    t0 = time.perf_counter() + 0.2
    start, end = t0 + warmup, t0 + warmup + duration
    await asyncio.gather(*(hl.open_loop_client(run, c, t0, interval, interval / clients, end) for c in range(clients)))
    ok = [r for r in run.results if start <= r[0] < end and r[3] == 200]
    lat = [(r[2] - r[0]) if r[4] else (r[2] - r[1]) for r in ok]
    return {**hl.summary(lat), "errors": sum(1 for r in run.results if start <= r[0] < end and r[3] != 200)}


def one_branch_rate(tmp: Path, dsn: str, seconds: float) -> tuple[dict, Path]:
    """Fill a branch's log with a real day's backlog, then time its shipper draining it to head office."""
    db = tmp / "one" / "fenliu.db"
    db.parent.mkdir()
    host = RunningHost(db, free_port(), branch_file(tmp / "one" / "plain.toml", None, "one"), tmp / "one" / "host.log")
    host.start()
    try:
        visits = asyncio.run(saturate(host.port, host.tokens, seconds))
    finally:
        host.stop()
    cfg = load(branch_file(tmp / "one" / "branch.toml", dsn, "one"))
    events = head(db)
    store = Store(db)
    log_id = store.log_id
    store.close()
    shipper = Shipper(cfg, str(db), log_id)
    t0 = time.perf_counter()
    shipper.start()
    while shipper.acked < events and time.perf_counter() - t0 < 120:
        time.sleep(0.01)
    took = time.perf_counter() - t0
    shipper.stop()
    return {"visits": visits, "events": events, "shipped": shipper.acked, "seconds": round(took, 2),
            "events_per_s": round(shipper.acked / took)}, db


def pg_cpu(postmaster: int) -> float:
    """CPU seconds used so far by the PostgreSQL server: the postmaster and its live children."""
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(pid) == postmaster or int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / hl.CLK_TCK
    return total


def p99_on_off(tmp: Path, dsn: str, rounds: int, rate: float, clients: int, duration: float,
               pg_pid: int) -> dict:
    """Visit latency on two fresh branches loaded at the same time, one shipping and one not, `rounds` times.

    Side by side rather than one after the other: whatever else the machine does at that moment weighs on
    both alike, so the difference is the shipping's.
    """
    out: dict[str, list[dict]] = {"off": [], "on": []}
    for r in range(rounds):
        hosts = {}
        for mode in ("off", "on"):
            where = tmp / f"load-{mode}-{r}"
            where.mkdir()
            cfg = branch_file(where / "branch.toml", dsn if mode == "on" else None, f"load{r}")
            hosts[mode] = RunningHost(where / "fenliu.db", free_port(), cfg, where / "host.log").start()
        try:
            async def both():
                return await asyncio.gather(*(steady(h.port, h.tokens, rate, clients, 2.0, duration)
                                              for h in hosts.values()))
            cpu0 = {m: sum(hl.thread_cpu(h.proc.pid).values()) for m, h in hosts.items()}
            pg0 = pg_cpu(pg_pid)
            results = dict(zip(hosts, asyncio.run(both())))
            pg1 = pg_cpu(pg_pid)
            for m, h in hosts.items():  # CPU per visit answered, all phases of the run (warm-up included)
                visits = rate * (2.0 + duration)
                results[m]["host_cpu_ms_per_visit"] = round(
                    (sum(hl.thread_cpu(h.proc.pid).values()) - cpu0[m]) / visits * 1000, 3)
            results["on"]["pg_cpu_ms_per_visit"] = round((pg1 - pg0) / (rate * (2.0 + duration)) * 1000, 3)
            h = json.loads(asyncio.run(_health(hosts["on"].port)))
            results["on"]["behind_at_end"] = h["seq"] - h["hq"]["shipped_seq"]
        finally:
            for host in hosts.values():
                host.stop()
        for mode, res in results.items():
            out[mode].append(res)
    med = {m: statistics.median(x["p99"] for x in runs) for m, runs in out.items()}
    pairs = [on["p99"] / off["p99"] for off, on in zip(out["off"], out["on"]) if off["p99"]]
    cpu = {m: statistics.median(x["host_cpu_ms_per_visit"] for x in runs) for m, runs in out.items()}
    return {"runs": out, "p99_off_ms": med["off"], "p99_on_ms": med["on"],
            "ratio": round(statistics.median(pairs), 3) if pairs else None,
            "host_cpu_ms_per_visit": cpu, "pg_cpu_ms_per_visit": statistics.median(
                x["pg_cpu_ms_per_visit"] for x in out["on"])}


async def _health(port: int) -> str:
    conn = await hl.Conn(port).open()
    _, body = await conn.request(f"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    conn.close()
    return body.decode()


def many_branches(tmp: Path, dsn: str, template_db: Path, n: int, backlog: int, rate: float, seconds: float) -> dict:
    """n simulated branches (each its own SQLite log and shipper thread): drain a backlog, then ship live."""
    src = sqlite3.connect(template_db)
    template = [json.loads(d) for (d,) in src.execute("SELECT data FROM events ORDER BY seq LIMIT ?", (backlog,))]
    src.close()
    base = load(branch_file(tmp / "sim.toml", dsn, "sim"))
    dbs, shippers = [], []
    for i in range(n):
        db = tmp / "sim" / f"b{i:03d}.db"
        store = Store(db)
        store.conn.executemany("INSERT INTO events (seq, at, kind, data) VALUES (?, ?, ?, ?)",
                               [(e["seq"], e["at"], e["kind"], json.dumps(e, ensure_ascii=False)) for e in template])
        cfg = dataclasses.replace(base, hq=dataclasses.replace(base.hq, branch_id=f"sim{i:03d}"))
        shippers.append(Shipper(cfg, str(db), store.log_id))
        dbs.append(db)
        store.close()
    total = n * len(template)
    t0 = time.perf_counter()
    for s in shippers:
        s.start()
    while sum(s.acked for s in shippers) < total and time.perf_counter() - t0 < 120:
        time.sleep(0.02)
    drain = time.perf_counter() - t0

    # Live: every branch appends `rate` events/s; lag sampled as events behind and age of the oldest unshipped.
    appended: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    stop = threading.Event()

    def append() -> None:
        cons = [sqlite3.connect(db, isolation_level=None) for db in dbs]
        for c in cons:
            c.execute("PRAGMA synchronous=OFF")
        seq = [len(template)] * n
        tick, k = 0.1, 0
        start = time.perf_counter()
        while not stop.is_set():
            k += 1
            due = int(rate * tick * k) - int(rate * tick * (k - 1))
            for i, c in enumerate(cons):
                rows = []
                for _ in range(due):
                    seq[i] += 1
                    e = dict(template[seq[i] % len(template)], seq=seq[i])
                    rows.append((seq[i], e["at"], e["kind"], json.dumps(e, ensure_ascii=False)))
                if rows:
                    c.executemany("INSERT INTO events (seq, at, kind, data) VALUES (?, ?, ?, ?)", rows)
                    now = time.perf_counter()
                    appended[i].extend((r[0], now) for r in rows)
            time.sleep(max(0.0, start + tick * k - time.perf_counter()))
        for c in cons:
            c.close()

    writer = threading.Thread(target=append, daemon=True)
    writer.start()
    behind, ages = [], []
    t1 = time.perf_counter()
    while time.perf_counter() - t1 < seconds:
        time.sleep(0.5)
        now = time.perf_counter()
        for i, s in enumerate(shippers):
            rows = appended[i]
            pending = [t for q, t in rows if q > s.acked]
            behind.append(len(pending))
            ages.append(now - pending[0] if pending else 0.0)
    stop.set()
    writer.join()
    live_events = sum(len(a) for a in appended)
    t2 = time.perf_counter()
    heads = [len(template) + len(a) for a in appended]
    while any(s.acked < h for s, h in zip(shippers, heads)) and time.perf_counter() - t2 < 60:
        time.sleep(0.02)
    settle = time.perf_counter() - t2
    for s in shippers:
        s.stop()
    with psycopg.connect(dsn, password=PASSWORD) as conn:
        held = conn.execute("SELECT count(*) FROM events WHERE branch_id LIKE 'sim%'").fetchone()[0]
    return {"branches": n, "backlog_events": total, "drain_s": round(drain, 2), "drain_events_per_s": round(total / drain),
            "live_rate_per_branch": rate, "live_events": live_events, "live_events_per_s": round(live_events / seconds),
            "lag_events_p50": statistics.median(behind), "lag_events_max": max(behind),
            "lag_age_s_p99": round(hl.pct(ages, 99), 2), "lag_age_s_max": round(max(ages), 2),
            "settle_s": round(settle, 2), "hq_rows": held, "hq_rows_expected": total + live_events}


def main() -> int:
    """Run the three measurements and print them."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backlog-seconds", type=float, default=6.0, help="seconds of saturated visits for (1)")
    ap.add_argument("--rate", type=float, default=100.0, help="visits/s offered to each branch in (2) (default 100)")
    ap.add_argument("--duration", type=float, default=6.0, help="seconds measured per run in (2)")
    ap.add_argument("--rounds", type=int, default=4, help="side-by-side rounds in (2)")
    ap.add_argument("--branches", type=int, default=100, help="simulated branches in (3)")
    ap.add_argument("--live-rate", type=float, default=5.0, help="events/s each simulated branch adds in (3)")
    ap.add_argument("--live-seconds", type=float, default=10.0)
    args = ap.parse_args()
    if not (args.backlog_seconds <= 20 and args.duration <= 20 and args.rounds <= 5 and args.branches <= 150
            and args.live_seconds <= 30 and args.rate <= 1000):
        ap.error("keep it bounded: backlog <= 20 s, duration <= 20 s, rounds <= 5, branches <= 150, live <= 30 s")
    tmp = Path(tempfile.mkdtemp(prefix="fenliu-hq-bench-"))
    os.environ["FENLIU_HQ_PASSWORD"] = PASSWORD  # the shippers' (and hosts') password, never in the file
    # (2) first, with head office's fsync off: a branch ships to a server whose disk is elsewhere; one on this
    # machine with fsync on would queue its WAL flushes with the branch's own SQLite commits on the one disk.
    pg = PgServer(durable=False).start()
    report: dict = {}
    try:
        dsn = pg.dsn
        with psycopg.connect(dsn, password=PASSWORD, autocommit=True) as conn:
            migrate.migrate(conn)
        print(f"fenliu head-office shipping bench: {os.cpu_count()} cores; PostgreSQL on 127.0.0.1:{pg.port}; "
              f"load average {Path('/proc/loadavg').read_text().split()[0]} (other work on the machine adds noise)")

        postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
        lat = p99_on_off(tmp, dsn, args.rounds, args.rate, 20, args.duration, postmaster)
        report["visit_latency"] = lat
        print(f"\n(2) visit latency at {args.rate:.0f} visits/s offered to each of two branches at once, one shipping "
              f"and one not, 20 clients each, {args.duration:.0f} s measured, {args.rounds} rounds (head office's "
              f"fsync off, see above):")
        for mode in ("off", "on"):
            for r in lat["runs"][mode]:
                extra = f", behind at end {r['behind_at_end']} events" if "behind_at_end" in r else ""
                print(f"    shipping {mode:>3}: {hl.fmt(r)} errors {r['errors']}{extra}")
        print(f"    median p99: off {lat['p99_off_ms']:.2f} ms, on {lat['p99_on_ms']:.2f} ms; median of the rounds' "
              f"on/off p99 ratios {lat['ratio']} "
              f"({'within' if lat['ratio'] and lat['ratio'] <= 1.10 else 'OVER'} the 10% budget)")
        c = lat["host_cpu_ms_per_visit"]
        print(f"    host CPU per visit: off {c['off']:.3f} ms, on {c['on']:.3f} ms (+{(c['on'] / c['off'] - 1) * 100:.0f}% "
              f"for shipping); head office's PostgreSQL on this machine: {lat['pg_cpu_ms_per_visit']:.3f} ms per "
              f"visit (a branch does not pay that: its head office is elsewhere)")

        pg.stop()
        pg.durable = True  # (1) and (3) measure head office as it would run: fsync on
        pg.start()
        one, db = one_branch_rate(tmp, dsn, args.backlog_seconds)
        report["one_branch"] = one
        print(f"\n(1) one branch (PostgreSQL fsync on): {one['events']} events of {one['visits']} visits shipped in "
              f"{one['seconds']} s = {one['events_per_s']} events/s (batches of 500)")

        many = many_branches(tmp, dsn, db, args.branches, 1000, args.live_rate, args.live_seconds)
        report["head_office"] = many
        print(f"\n(3) head office (fsync on), {many['branches']} simulated branches (one shipper thread and SQLite log each, "
              f"one process):")
        print(f"    backlog {many['backlog_events']} events drained in {many['drain_s']} s = "
              f"{many['drain_events_per_s']} events/s")
        print(f"    live: {many['live_rate_per_branch']:.0f} events/s per branch = {many['live_events_per_s']} events/s; "
              f"lag p50 {many['lag_events_p50']} events, max {many['lag_events_max']}; oldest unshipped event "
              f"p99 {many['lag_age_s_p99']} s, max {many['lag_age_s_max']} s; all shipped {many['settle_s']} s after "
              f"the last append")
        print(f"    head office rows {many['hq_rows']} (expected {many['hq_rows_expected']}): "
              f"{'OK' if many['hq_rows'] == many['hq_rows_expected'] else 'MISMATCH'}")
    finally:
        pg.destroy()
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
