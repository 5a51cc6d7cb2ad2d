"""A lab kiosk: the kiosk's own plain flow with its offline book and courier, visitors tapping through it."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from demo.kiosk import CountingPrinter, tap_through
from demo.script import Visitor
from kiosk.flow import KioskFlow
from kiosk.handin import Courier
from kiosk.jobs import Inbox, Worker
from kiosk.offline import OfflineBook
from lab.device import Device
from printer import open_printer
from queue_host.client import HostClient

TICK_S = 0.2  # real seconds between the flow's ticks (the app ticks about once a second)


class LabKiosk(Device):
    """The kiosk as kiosk/app.py wires it, without a window; the clock offset goes into its ticket stamp."""

    def __init__(self, plan: dict):
        super().__init__(plan)
        self.inbox = Inbox()
        self.host = HostClient(plan["url"], plan["token"], ca=plan["ca"])
        workers = [Worker(self.inbox.post, n) for n in ("kiosk-net", "kiosk-print", "kiosk-handin")]
        self.workers = workers
        data = Path(plan["data_dir"])
        self.book = OfflineBook(data / "offline.db")
        self.courier = Courier(self.book, self.host, workers[2], time.monotonic)
        offset = timedelta(seconds=plan.get("clock_offset_s", 0))
        self.printer = CountingPrinter(open_printer("dummy:"))
        self.flow = KioskFlow(self.host, self.printer, workers[0], workers[1], kiosk_id=plan["name"],
                              book=self.book, courier=self.courier,
                              stamp=lambda: datetime.now().astimezone() + offset)
        self.visits: list[dict] = []

    def tick(self) -> None:
        """Run what the workers handed back, then the flow's tick (retries, the courier)."""
        self.inbox.drain()
        self.flow.tick()

    def wait_until(self, branch_s: float) -> None:
        """Tick until the branch clock reads branch_s."""
        while self.clock.now() < branch_s and not self.stopped():
            self.tick()
            time.sleep(min(TICK_S, max(0.01, self.clock.real_delay(branch_s))))

    def settle(self, limit_s: float = 30.0) -> None:
        """Let the flow finish what the last tap started."""
        end = time.monotonic() + limit_s
        while self.flow.busy and time.monotonic() < end:
            self.inbox.run_one(0.5)

    def visit(self, v: Visitor) -> dict:
        """One customer at the kiosk: taps, the wait for a ticket, what it said."""
        f = self.flow
        start = time.monotonic()
        tap_through(f, v, self.settle)
        waited = time.monotonic() - start
        answer = f.session.visit or {}
        ticket = answer.get("ticket") or {}
        self.inbox.drain()
        return {"n": v.n, "branch_s": round(self.clock.now(), 1), "at": time.time(), "wait_s": round(waited, 3),
                "offline": bool(answer.get("offline")), "number": ticket.get("number"),
                "service": ticket.get("service"), "route": answer.get("route"),
                "refused": None if answer else (f.session.error or ("", "no answer"))[1]}

    def run(self) -> None:
        """The visitors in arrival order, then hand in everything before the lab stops."""
        self.flow.start()
        end = time.monotonic() + 60
        while (self.flow.config is None or self.book.day() is None) and time.monotonic() < end:
            self.tick()  # the branch read and the first blocks reserved, as a kiosk switched on in the morning
            time.sleep(TICK_S)
        self.ready(blocks=self.book.day() is not None)
        for raw in self.plan["visitors"]:
            v = Visitor(**raw)
            self.wait_until(v.arrive_s)
            if self.stopped():
                break
            self.visits.append(self.visit(v))
            self.status(done=False, visits=len(self.visits))
        while not self.stopped():
            self.tick()
            pending = len(self.book.pending())
            self.status(done=pending == 0 and not self.courier.busy, visits=len(self.visits), pending=pending)
            time.sleep(TICK_S)
        self.printer.wait(5)
        self.record({"name": self.plan["name"], "visits": self.visits, "book": self.book.tickets(),
                     "handed_in": self.courier.handed_in, "refused": self.courier.refused,
                     "printed": self.printer.printed})
        for w in self.workers:
            w.close()


def run(plan: dict) -> None:
    """Run a lab kiosk."""
    LabKiosk(plan).run()
