"""The manager panel keeping up with a busy lobby, and the headless demo's pace.

1. Runs the real queue host on loopback over a fresh SQLite file and fills the lobby with `--waiting`
   tickets. Measures ManagerFlow.refresh() (GET /api/queues plus building every queue row) and the
   time from a teller's call-next to the manager flow showing that call, as the panel does it: the
   LiveFeed delivers the event, then the flow reads the queues again.
2. Runs `fenliu demo --headless` for `--minutes` branch minutes and reports its real duration.
Bounded: a few seconds of calls plus one short demo. The last line is one JSON object.

    cd /work/main && PYTHONPATH=. .venv/bin/python bench/panel_refresh.py [--waiting 200] [--calls 100]
"""
from __future__ import annotations

import argparse
import json
import queue
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from panel.live import LiveFeed  # noqa: E402
from panel.manager_flow import ManagerFlow  # noqa: E402
from panel.names import Names  # noqa: E402
from queue_host.client import HostClient  # noqa: E402
from tests.hostproc import start_host  # noqa: E402


def pct(values: list[float], p: float) -> float:
    """The p-th percentile in milliseconds."""
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000, 1)


def main() -> int:
    """Measure and print."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--waiting", type=int, default=200)
    ap.add_argument("--calls", type=int, default=100)
    ap.add_argument("--minutes", type=float, default=30)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-panel-"))
    host = start_host(work)
    try:
        manager = HostClient(host.url, host.tokens["manager"])
        services = ["cash", "noncash", "corporate", "wealth"]
        for i in range(args.waiting + args.calls):
            manager.issue(services[i % len(services)], "bench")
        flow = ManagerFlow(manager, Names.from_config(manager.config()))
        refresh = []
        for _ in range(30):
            t0 = time.perf_counter()
            flow.refresh()
            refresh.append(time.perf_counter() - t0)
        rows = sum(len(s.rows) for s in flow.view.services)
        events: queue.Queue = queue.Queue()
        feed = LiveFeed(host.url, host.tokens["manager"], on_event=events.put,
                        after=manager.health()["seq"]).start()
        teller = HostClient(host.url, host.tokens["counter-1"])
        lag = []
        for _ in range(args.calls):
            t0 = time.perf_counter()
            number = teller.call_next("1")["ticket"]["number"]
            while (e := events.get(timeout=10)).kind != "called":
                pass
            flow.refresh()
            shown = next(c for c in flow.view.counters if c["id"] == "1")["current"]["number"]
            assert shown == number
            lag.append(time.perf_counter() - t0)
        feed.stop()
    finally:
        host.stop()
    t0 = time.perf_counter()
    demo = subprocess.run([sys.executable, "-m", "fenliu", "demo", "--headless", "--minutes", str(args.minutes),
                           "--speed", "360", "--no-screenshot", "--out", str(work / "demo")], cwd=str(ROOT),
                          capture_output=True, text=True, timeout=300)
    demo_s = time.perf_counter() - t0
    summary = json.loads(demo.stdout.strip().splitlines()[-1])
    figures = {
        "waiting_rows": rows, "refresh_p50_ms": pct(refresh, 50), "refresh_p95_ms": pct(refresh, 95),
        "call_to_manager_view_p50_ms": pct(lag, 50), "call_to_manager_view_p95_ms": pct(lag, 95),
        "call_to_manager_view_max_ms": round(max(lag) * 1000, 1), "calls": len(lag),
        "demo_branch_minutes": args.minutes, "demo_real_s": round(demo_s, 1), "demo_visits": summary["visits"],
        "demo_consistent": summary["consistent"],
    }
    print(f"manager refresh with {rows} waiting: p50 {figures['refresh_p50_ms']} ms, "
          f"p95 {figures['refresh_p95_ms']} ms")
    print(f"teller call → manager view: p50 {figures['call_to_manager_view_p50_ms']} ms, "
          f"p95 {figures['call_to_manager_view_p95_ms']} ms over {len(lag)} calls")
    print(f"headless demo: {args.minutes:g} branch minutes in {figures['demo_real_s']} s real, "
          f"{summary['visits']} visits, consistent={summary['consistent']}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
