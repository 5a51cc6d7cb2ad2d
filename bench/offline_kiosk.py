"""The offline kiosk's costs: taking a number from the block (committed to SQLite with fsync before it
prints), and the host taking a 200-ticket hand-in while its queues already hold tickets.

Runs the real queue host on loopback over a fresh SQLite file. Bounded: one block of numbers per
service, one batch; it stops the host by itself. Also how long a visit waits, with the cable pulled (a
loopback port that never answers a connect), before the kiosk prints from its block. The last line is
one JSON object.

    cd /work/main && PYTHONPATH=. .venv/bin/python bench/offline_kiosk.py
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.offline import OfflineBook  # noqa: E402
from queue_host.client import HostClient  # noqa: E402
from queue_host.client import HostUnreachable  # noqa: E402
from tests.blackhole import Blackhole  # noqa: E402
from tests.hostproc import start_host  # noqa: E402


def cable_pulled_s(connect_timeout: float, known_offline: bool = False, tries: int = 3) -> float:
    """Seconds a visit waits to learn the host is out of reach when nothing answers (median of `tries`)."""
    hole, waits = Blackhole(), []
    try:
        client = HostClient(hole.url, "kiosk-token", connect_timeout=connect_timeout)
        client.patience(known_offline)
        for _ in range(tries):
            t = time.perf_counter()
            try:
                client.visit("card_loss", request_id="bench")
            except HostUnreachable:
                waits.append(time.perf_counter() - t)
    finally:
        hole.close()
    return statistics.median(waits)


def main() -> int:
    """Measure and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        host = start_host(Path(tmp))
        try:
            kiosk = HostClient(host.url, host.tokens["kiosk"])
            manager = HostClient(host.url, host.tokens["manager"])
            for _ in range(300):  # tickets issued meanwhile, so the hand-in has queues to place into
                manager.issue("noncash", "bench")
            book = OfflineBook(Path(tmp) / "kiosk" / "offline.db")
            t = time.perf_counter()
            book.update_blocks(kiosk.kiosk_blocks())
            fetch_ms = (time.perf_counter() - t) * 1000
            book.update_blocks(kiosk.kiosk_blocks(refill=["noncash", "cash"]))  # a second block each: 200 numbers
            takes = []
            for service in ("noncash", "cash"):
                while book.remaining(service):
                    t = time.perf_counter()
                    book.take(service, "card_loss" if service == "noncash" else "forex", time.strftime(
                        "%Y-%m-%dT%H:%M:%S+08:00"))
                    takes.append(time.perf_counter() - t)
            batch = book.pending(200)
            t = time.perf_counter()
            answer = kiosk.hand_in(batch)
            hand_in_ms = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            again = kiosk.hand_in(batch)
            resend_ms = (time.perf_counter() - t) * 1000
        finally:
            host.stop()
    pulled_before, pulled_now = cable_pulled_s(3.0), cable_pulled_s(HostClient("http://x").connect_timeout)
    pulled_known = cable_pulled_s(HostClient("http://x").connect_timeout, known_offline=True)
    figures = {"cable_pulled_wait_s_before": round(pulled_before, 2), "cable_pulled_wait_s": round(pulled_now, 2),
               "cable_pulled_known_offline_wait_s": round(pulled_known, 2),
               "numbers_taken": len(takes), "take_ms_median": round(statistics.median(takes) * 1000, 2),
               "take_ms_max": round(max(takes) * 1000, 2), "fetch_blocks_ms": round(fetch_ms, 1),
               "hand_in_200_ms": round(hand_in_ms, 1), "accepted": len(answer["accepted"]),
               "resend_200_ms": round(resend_ms, 1), "resend_duplicates": len(again["duplicates"])}
    print(f"cable pulled, the first visit learns the host is out of reach after {figures['cable_pulled_wait_s']} s, "
          f"the next ones (kiosk known offline) after {figures['cable_pulled_known_offline_wait_s']} s "
          f"(before: {figures['cable_pulled_wait_s_before']} s each, the answer timeout)")
    print(f"take a number (fsync'd): median {figures['take_ms_median']} ms, max {figures['take_ms_max']} ms "
          f"over {len(takes)}")
    print(f"hand in 200 offline tickets into queues of 300: {figures['hand_in_200_ms']} ms; "
          f"the same batch again: {figures['resend_200_ms']} ms")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
