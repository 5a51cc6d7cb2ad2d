"""How fast a call reaches the phones that follow their own tickets (/t/{code}/events).

Starts the real host on loopback with a fresh SQLite file, issues N tickets, opens one per-ticket
stream for each (N phones), then makes calls from counter 1. For every call it measures, on each
phone, the time from sending call-next to that phone's stream delivering its new people-ahead count.
Bounded: N phones, a fixed number of calls; it stops the host by itself. The last line is one JSON object.

    PYTHONPATH=. .venv/bin/python bench/phone_streams.py [--phones 200] [--calls 5]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from queue_host.client import parse_sse  # noqa: E402
from tests.hostproc import start_host  # noqa: E402


def main() -> None:
    """Run the measurement and print the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--phones", type=int, default=200)
    ap.add_argument("--calls", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        host = start_host(Path(tmp))
        try:
            kiosk = {"Authorization": f"Bearer {host.tokens['kiosk']}"}
            # the kiosk rate limit is 60 a minute: the manager issues by hand instead
            boss = {"Authorization": f"Bearer {host.tokens['manager']}"}
            codes = [requests.post(host.url + "/api/tickets", json={"service": "cash", "reason": "bench"},
                                   headers=boss, timeout=5).json()["code"] for _ in range(args.phones)]
            del kiosk
            seen: list[list[float]] = [[] for _ in codes]
            ready = threading.Barrier(len(codes) + 1)
            stop = threading.Event()

            def phone(i: int, code: str) -> None:
                with requests.get(f"{host.url}/t/{code}/events", stream=True, timeout=30) as r:
                    frames = (e for e in parse_sse(r.iter_lines(decode_unicode=True)) if e.kind == "state")
                    next(frames)
                    ready.wait()
                    for _ in range(args.calls):
                        if next(frames, None) is None:  # a finished ticket's stream ends
                            return
                        seen[i].append(time.perf_counter())
                        if stop.is_set():
                            return

            threads = [threading.Thread(target=phone, args=(i, c), daemon=True) for i, c in enumerate(codes)]
            for t in threads:
                t.start()
            ready.wait()
            sent, lags = [], []
            teller = {"Authorization": f"Bearer {host.tokens['counter-1']}"}
            for n in range(args.calls):
                sent.append(time.perf_counter())
                requests.post(host.url + "/api/counters/1/call-next", headers=teller, timeout=5)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and any(len(s) <= n for s in seen[n + 1:]):
                    time.sleep(0.002)
                lags += [s[n] - sent[n] for s in seen[n + 1:] if len(s) > n]
            stop.set()
            lags.sort()
            out = {"phones": args.phones, "calls": args.calls, "updates": len(lags),
                   "p50_ms": round(lags[len(lags) // 2] * 1000, 1), "p95_ms": round(lags[int(len(lags) * .95)] * 1000, 1),
                   "max_ms": round(lags[-1] * 1000, 1)}
            print(f"{args.phones} phones, {args.calls} calls: call-next to each phone's new people-ahead "
                  f"p50 {out['p50_ms']} ms, p95 {out['p95_ms']} ms, max {out['max_ms']} ms")
            print(json.dumps(out))
        finally:
            host.stop()


if __name__ == "__main__":
    main()
