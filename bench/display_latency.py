"""From a call accepted by the host to the lobby display's board updated (and the announcement queued).

Runs the real queue host (`python -m queue_host`) on loopback over a fresh SQLite file, starts the display's
Feed (snapshot, then the event stream) with a real Announcer whose player is silent, and makes calls one
after another from counter 1. For each call it takes the host's own `called_at` (the moment the host
accepted the call and committed it) and the wall-clock moment the display's board showed that number and
the moment its announcement was queued; host and display share this machine's clock. It also gives the
time from sending call-next to the board. A polling display (1-2 s poll) would be 500-2000 ms behind.
Bounded: a few seconds of calls; it stops the host by itself. The last line is one JSON object.

    cd /work/main && PYTHONPATH=. .venv/bin/python bench/display_latency.py [--calls 300]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from display.announcer import Announcer, SilentPlayer  # noqa: E402
from display.feed import Feed  # noqa: E402
from queue_host.client import HostClient  # noqa: E402
from tests.hostproc import start_host  # noqa: E402


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) in milliseconds, rounded."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[k] * 1000, 2)


class Watch:
    """Records when each number reached the board and when its announcement was queued."""

    def __init__(self):
        self.board: dict[str, float] = {}
        self.queued: dict[str, float] = {}
        self.cond = threading.Condition()

    def on_view(self, view, call):
        """Note when a call reached the board."""
        if call is not None:
            with self.cond:
                self.board.setdefault(call.number, time.time())
                self.cond.notify_all()

    def queue_call(self, announcer):
        """An on_call that queues the announcement and notes when."""
        def on_call(call):
            announcer.announce(call)
            with self.cond:
                self.queued.setdefault(call.number, time.time())
                self.cond.notify_all()
        return on_call

    def wait(self, number: str, timeout: float = 5.0) -> bool:
        """Wait until the number is on the board and its announcement queued."""
        with self.cond:
            return self.cond.wait_for(lambda: number in self.board and number in self.queued, timeout)


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        host = start_host(Path(tmp))
        try:
            boss = HostClient(host.url, host.tokens["manager"])
            teller = HostClient(host.url, host.tokens["counter-1"])
            for _ in range(args.calls):
                boss.issue("cash", reason="bench")
            watch = Watch()
            announcer = Announcer(SilentPlayer(), lambda call, lang: Path(tmp) / "x.wav", None).start()
            feed = Feed(HostClient(host.url, host.tokens["display"]), watch.on_view, watch.queue_call(announcer)).start()
            deadline = time.monotonic() + 10
            while feed.snapshots == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            to_board, to_queue, from_request, lost = [], [], [], 0
            for _ in range(args.calls):
                sent = time.time()
                ticket = teller.call_next("1")["ticket"]
                if not watch.wait(ticket["number"]):
                    lost += 1
                    continue
                accepted = datetime.fromisoformat(ticket["called_at"]).timestamp()
                to_board.append(watch.board[ticket["number"]] - accepted)
                to_queue.append(watch.queued[ticket["number"]] - accepted)
                from_request.append(watch.board[ticket["number"]] - sent)
            feed.stop()
        finally:
            host.stop()
    result = {
        "calls": args.calls, "lost": lost,
        "call_to_board_p50_ms": pct(to_board, 50), "call_to_board_p99_ms": pct(to_board, 99),
        "call_to_board_max_ms": pct(to_board, 100),
        "call_to_announce_queued_p50_ms": pct(to_queue, 50), "call_to_announce_queued_p99_ms": pct(to_queue, 99),
        "request_to_board_p50_ms": pct(from_request, 50), "request_to_board_p99_ms": pct(from_request, 99),
        "call_to_board_mean_ms": round(statistics.fmean(to_board) * 1000, 2),
    }
    print(f"{args.calls} calls from counter 1, {lost} never reached the board")
    print(f"host accepted -> board updated:      p50 {result['call_to_board_p50_ms']} ms, "
          f"p99 {result['call_to_board_p99_ms']} ms, max {result['call_to_board_max_ms']} ms")
    print(f"host accepted -> announcement queued: p50 {result['call_to_announce_queued_p50_ms']} ms, "
          f"p99 {result['call_to_announce_queued_p99_ms']} ms")
    print(f"call-next sent -> board updated:      p50 {result['request_to_board_p50_ms']} ms, "
          f"p99 {result['request_to_board_p99_ms']} ms")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
