"""What one visit costs the host's own code, in-process: CPU per visit, Python calls per visit, top costs.

Builds the host's ASGI app (queue_host.api.create_app, the real writer thread over a fresh SQLite file in WAL
with synchronous=FULL, the bench copy of config/branch.toml of bench/host_load.py) and sends it POST
/api/visits as uvicorn would hand them over, from `--clients` concurrent callers (so the writer batches as it
does at saturation), without any socket or HTTP parser. It prints the process CPU per visit and, with
--cprofile, the number of Python function calls per visit (deterministic: the same on a busy machine) and
the functions that cost most. Under `valgrind --tool=callgrind` it is an instruction count of the host's
code (run it twice with different --visits and subtract). The last line is one JSON object.

    cd /work/main && PYTHONPATH=. .venv/bin/python bench/visit_cost.py [--visits 3000] [--cprofile]
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.host_load import bench_config, pick_bodies, thread_cpu  # noqa: E402
from queue_host.api import create_app  # noqa: E402
from queue_host.config import load  # noqa: E402
from tests.hostproc import tokens_of  # noqa: E402

try:
    import uvloop
except ImportError:
    uvloop = None


def scope_for(token: str, body: bytes) -> dict:
    """The ASGI scope uvicorn (httptools) builds for a kiosk's POST /api/visits on loopback."""
    return {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
            "server": ("127.0.0.1", 8080), "client": ("127.0.0.1", 54321), "scheme": "http", "method": "POST",
            "root_path": "", "path": "/api/visits", "raw_path": b"/api/visits", "query_string": b"",
            "headers": [(b"host", b"127.0.0.1:8080"), (b"authorization", f"Bearer {token}".encode()),
                        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            "state": {}}


async def one(app, token: str, body: bytes) -> int:
    """One visit through the app; its status."""
    sent = False
    status = 0

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)  # a disconnect never comes
        return {"type": "http.disconnect"}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
    await app(scope_for(token, body), receive, send)
    return status


async def follow(app, token: str, stop: asyncio.Event, seen: list) -> None:
    """GET /api/events as the lobby display, until `stop`: the live stream's share of each visit's cost."""
    scope = scope_for(token, b"")
    scope.update(method="GET", path="/api/events", raw_path=b"/api/events", headers=scope["headers"][:2])
    asked = False

    async def receive():
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await stop.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.body":
            seen[0] += message.get("body", b"").count(b"\nid: ") + message.get("body", b"").startswith(b"id: ")
    await app(scope, receive, send)


async def drive(app, token: str, bodies: list[bytes], n: int, clients: int) -> dict[int, int]:
    """n visits from `clients` callers each sending back to back; count of each status."""
    statuses: dict[int, int] = {}
    counter = iter(range(n))

    async def client():
        for i in counter:
            s = await one(app, token, bodies[i % len(bodies)])
            statuses[s] = statuses.get(s, 0) + 1
    await asyncio.gather(*(client() for _ in range(clients)))
    return statuses


async def lifespan(app, run):
    """Run `run()` inside the app's lifespan (the writer thread started, then stopped)."""
    async with app.router.lifespan_context(app):
        return await run()


def switches(pid: int) -> int:
    """Context switches of all the process's threads so far (each hand-over of the GIL between threads costs two)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            text = Path(f"/proc/{pid}/task/{tid}/status").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in text.splitlines() if line.endswith("ctxt_switches") or
                     "ctxt_switches:" in line)
    return total


def top_costs(profiles, visits: int, n: int = 25) -> tuple[int, str]:
    """Python calls in all and the functions with the most own time (a pstats table)."""
    out = io.StringIO()
    stats = pstats.Stats(profiles[0], stream=out)
    for more in profiles[1:]:
        stats.add(more)
    stats.sort_stats("tottime").print_stats(n)
    text = out.getvalue()
    table = text[text.index("   ncalls"):] if "   ncalls" in text else text
    return stats.total_calls, f"per {visits} visits, sorted by own time:\n{table}"


def main() -> int:
    """Drive the visits, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--visits", type=int, default=3000, help="visits measured (default 3000)")
    ap.add_argument("--warmup", type=int, default=500, help="visits first, not measured (default 500)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent callers (default 50)")
    ap.add_argument("--cprofile", action="store_true", help="profile the measured visits "
                    "(one cProfile per thread: the event loop and the writer)")
    ap.add_argument("--no-follow", dest="follow", action="store_false", help="no lobby display following "
                    "/api/events (by default one follows, as in bench/host_load.py)")
    ap.add_argument("--top", type=int, default=25, help="rows of the profile table (default 25)")
    args = ap.parse_args()
    if not (0 <= args.visits <= 100_000 and 0 <= args.warmup <= 10000 and 1 <= args.clients <= 500):
        ap.error("keep it bounded: visits <= 100000, warmup <= 10000, clients <= 500")
    tmp = Path(tempfile.mkdtemp(prefix="fenliu-cost-", dir="/var/tmp" if Path("/var/tmp").is_dir() else None))
    cfg_path = bench_config(tmp / "branch.toml")
    app = create_app(load(cfg_path), str(tmp / "fenliu.db"))
    token, display = tokens_of(cfg_path)["kiosk"], tokens_of(cfg_path)["display"]
    bodies = pick_bodies(4096)
    report: dict = {}

    async def run():
        stop, seen = asyncio.Event(), [0]
        follower = asyncio.create_task(follow(app, display, stop, seen)) if args.follow else None
        await drive(app, token, bodies, args.warmup, args.clients)
        # One profiler per thread (a cProfile.Profile follows one thread): the event loop's and the writer's.
        profiles = (cProfile.Profile(), cProfile.Profile()) if args.cprofile else None
        engine = app.state.host.engine
        if profiles is not None:
            profiles[0].enable()
            engine.submit(lambda lobby, now: profiles[1].enable()).result()
        x0, t0, c0, w0 = switches(os.getpid()), thread_cpu(os.getpid()), time.process_time(), time.perf_counter()
        statuses = await drive(app, token, bodies, args.visits, args.clients)
        t1, c1, w1, x1 = thread_cpu(os.getpid()), time.process_time(), time.perf_counter(), switches(os.getpid())
        if profiles is not None:
            engine.submit(lambda lobby, now: profiles[1].disable()).result()
            profiles[0].disable()
        stop.set()
        if follower is not None:
            await asyncio.wait_for(follower, 10)
        report.update(switches=x1 - x0, frames=seen[0], threads={k: v - t0.get(k, 0.0) for k, v in t1.items()}, cpu=c1 - c0, wall=w1 - w0, statuses=statuses, profiles=profiles)
    runner = uvloop.run if uvloop else asyncio.run
    runner(lifespan(app, run))
    visits = args.visits
    cpu_ms = report["cpu"] / max(1, visits) * 1000
    print(f"fenliu visit cost, in-process ASGI (no sockets, no HTTP parser): {visits} visits from "
          f"{args.clients} concurrent callers after {args.warmup} warm-up; statuses {report['statuses']}; "
          + (f"a display following /api/events read {report['frames']} events" if args.follow else "no display"))
    split = {("caller+app" if k == "event_loop" else "writer+others"): round(v / max(1, visits) * 1000, 3)
             for k, v in report["threads"].items()}
    per_switch = report["switches"] / max(1, visits)
    print(f"process CPU per visit: {cpu_ms:.3f} ms {split} ({visits / report['wall']:.0f} visits/s wall); "
          f"{per_switch:.1f} thread context switches per visit")
    out = {"visits": visits, "clients": args.clients, "cpu_ms_per_visit": round(cpu_ms, 3), "cpu_ms_by_thread": split,
           "visits_per_s": round(visits / report["wall"], 1), "switches_per_visit": round(per_switch, 1), "statuses": report["statuses"]}
    if report["profiles"] is not None:
        calls, table = top_costs(report["profiles"], visits, args.top)
        print(table)
        print(f"Python function calls per visit: {calls / max(1, visits):.0f}")
        out["python_calls_per_visit"] = round(calls / max(1, visits), 1)
    for p in sorted(tmp.iterdir()):
        p.unlink()
    tmp.rmdir()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
