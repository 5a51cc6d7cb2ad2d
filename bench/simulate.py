"""Simulated branch days per second: the shipped scenario (about 600 visits a day) on the host's own rules.

Runs `--days` days of config/scenarios/branch-diversion-on.toml (and the diversion-off twin), each on its
own seed, and prints days per second, visits per day, and the time a 20-scenario x 30-replication
comparison would take at that pace. Target: at least 5 days per second. The last line is one JSON object.

    cd /work/wt-figures && .venv/bin/python bench/simulate.py [--days 20]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.branch_day import simulate_day  # noqa: E402
from simulator.scenario import read  # noqa: E402


def main() -> int:
    """Time the days and print the figures."""
    p = argparse.ArgumentParser()
    p.add_argument("--days", type=int, default=20)
    args = p.parse_args()
    out = {}
    for name in ("branch-diversion-on", "branch-diversion-off"):
        s = read(ROOT / "config" / "scenarios" / f"{name}.toml")
        simulate_day(s, 0)  # warm: imports, caches
        visits = 0
        start, cpu = time.perf_counter(), time.process_time()
        for seed in range(1, args.days + 1):
            visits += simulate_day(s, seed).figures["visits"]
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        rate = args.days / elapsed
        # On a shared machine the wall clock counts other processes' turns too; CPU time is ours alone.
        out[name] = {"days_per_s": round(rate, 2), "days_per_cpu_s": round(args.days / cpu, 2),
                     "visits_per_day": round(visits / args.days), "compare_20x30_s": round(600 / rate),
                     "cpu_share": round(cpu / elapsed, 2)}
        print(f"{name}: {rate:.1f} 天/秒 days/s ({args.days / cpu:.1f} per CPU second; this process had "
              f"{cpu / elapsed:.0%} of a core), {visits / args.days:.0f} 来访/天 visits/day; "
              f"20 scenarios x 30 replications ≈ {600 / rate:.0f} s")
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
