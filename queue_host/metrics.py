"""The host's /metrics: Prometheus counters fed from committed events, request timings and the store's size."""
from __future__ import annotations

import ipaddress
import os
import time
from datetime import datetime
from typing import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from queue_host.config import Config

# Buckets in seconds. Waits run from a minute to hours; requests from a millisecond to a second.
WAIT_BUCKETS = (60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200)
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class Metrics:
    """One registry per host app (never the global one), so two hosts in a process never mix figures."""

    def __init__(self, cfg: Config, db_path: str, readers: Callable[[], int]):
        self.cfg, self.db_path = cfg, db_path
        r = self.registry = CollectorRegistry(auto_describe=True)
        # Labels are config codes only (service, route, target, alert kind, route template): bounded, never personal.
        self.visits = Counter("fenliu_visits", "Visits by route (counter, self_service, lobby_manager, "
                              "customer_manager) and the service their need belongs to", ["route", "service"],
                              registry=r)
        self.tickets = Counter("fenliu_tickets_issued", "Tickets issued by service", ["service"], registry=r)
        self.diverted = Counter("fenliu_diverted", "Visits sent to a self-service target, by target",
                                ["target"], registry=r)
        self.declined = Counter("fenliu_diversion_declined", "Customers who turned a self-service target down "
                                "and took a ticket, by target", ["target"], registry=r)
        self.waits = Histogram("fenliu_wait_seconds", "Wait from ticket issued to first call, by service",
                               ["service"], buckets=WAIT_BUCKETS, registry=r)
        self.calls = Counter("fenliu_calls", "First calls of a ticket, by service", ["service"], registry=r)
        self.recalls = Counter("fenliu_recalls", "Recalls of a ticket, by service", ["service"], registry=r)
        self.no_shows = Counter("fenliu_no_shows", "Tickets moved to the missed list, by service",
                                ["service"], registry=r)
        self.finished = Counter("fenliu_finished", "Tickets finished at a counter, by service", ["service"],
                                registry=r)
        self.alerts = Counter("fenliu_alerts_raised", "Alerts raised by kind (printer_fault, display_fault, ...)",
                              ["kind"], registry=r)
        self.latency = Histogram("fenliu_request_seconds", "Time to the response's first byte, by route template",
                                 ["method", "route"], buckets=LATENCY_BUCKETS, registry=r)
        self.batches = Histogram("fenliu_writer_batch_commands", "Commands per writer transaction",
                                 buckets=BATCH_BUCKETS, registry=r)
        self._children: dict[tuple, object] = {}
        stream = Gauge("fenliu_event_stream_readers", "Event-stream (SSE) readers connected now", registry=r)
        stream.set_function(lambda: readers())
        size = Gauge("fenliu_db_bytes", "Size of the SQLite database with its WAL", registry=r)
        size.set_function(self.db_bytes)

    def child(self, metric, *labels: str):
        """A metric's child for these label values, cached: labels() takes a lock and checks names each time."""
        key = (metric._name, labels)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*labels)
        return found

    def timing(self, method: str, template: str):
        """The latency histogram's child for one route."""
        return self.child(self.latency, method, template)

    def db_bytes(self) -> float:
        """The database file plus its write-ahead log, in bytes."""
        total = 0
        for path in (self.db_path, self.db_path + "-wal"):
            try:
                total += os.path.getsize(path)
            except OSError:
                pass
        return float(total)

    def observe(self, events: list[dict], visits: list, commands: int) -> None:
        """Count one committed batch (called on the writer thread; a few dict looks per event)."""
        self.batches.observe(commands)
        for visit in visits:
            if visit.declined_reason:  # turned the machine down: one visit, counted when it was diverted
                self.child(self.declined, visit.target or "none").inc()
                continue
            purpose = self.cfg.purposes.get(visit.purpose)
            self.child(self.visits, visit.route, (purpose.service if purpose else None) or "none").inc()
            if visit.route == "self_service" and visit.target:
                self.child(self.diverted, visit.target).inc()
        for event in events:
            handler = self._HANDLERS.get(event["kind"])
            if handler is not None:
                handler(self, event)

    def _called(self, e: dict) -> None:
        t = e["ticket"]
        self.child(self.calls, t["service"]).inc()
        if t.get("issued_at") and t.get("called_at"):
            waited = datetime.fromisoformat(t["called_at"]) - datetime.fromisoformat(t["issued_at"])
            self.child(self.waits, t["service"]).observe(max(0.0, waited.total_seconds()))

    _HANDLERS: dict = {
        "issued": lambda self, e: self.child(self.tickets, e["ticket"]["service"]).inc(), "called": _called,
        "recalled": lambda self, e: self.child(self.recalls, e["ticket"]["service"]).inc(),
        "missed": lambda self, e: self.child(self.no_shows, e["ticket"]["service"]).inc(),
        "finished": lambda self, e: self.child(self.finished, e["ticket"]["service"]).inc(),
        "alert_raised": lambda self, e: self.child(self.alerts, e["alert"]["kind"]).inc(),
    }


def loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (the scraper runs on the host itself)."""
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class Timing:
    """ASGI middleware: time to the response's first byte, labelled by the matched route's template."""

    def __init__(self, app, metrics_of: Callable[[], Metrics]):
        self.app, self.metrics_of = app, metrics_of

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()

        async def timed_send(message):
            if message["type"] == "http.response.start":
                route = scope.get("route")
                # The template (/api/tickets/{ticket_id}/call), never the raw path: labels stay bounded.
                template = getattr(route, "path", None) or "unmatched"
                method = scope.get("method", "")
                self.metrics_of().timing(method if method in METHODS else "other", template).observe(
                    time.perf_counter() - start)
            await send(message)
        await self.app(scope, receive, timed_send)
