"""A branch's league figures from its event log: diversion rate, service level, average wait, no-show rate.

Computed from event dicts as the branch's log holds them (queue_host/store.py Reader.events_after), so
the same code gives a branch's own figures from its SQLite and head office's from PostgreSQL.
TODO(issue 12): once queue_host/figures.py computes the day report from an event list, take the
diversion, wait, service-level and no-show counts from there and keep only the league's ranking here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

DEFAULT_SERVICE_LEVEL_MIN = 20  # queue_host.config.Service's default


@dataclass(frozen=True)
class Figures:
    visits: int
    diverted: int
    divertible: int          # diverted + declined the machine + sent to a counter because it was out of service
    diversion_rate: float    # the lobby manager's KPI (as /api/stats counts it)
    tickets: int
    called: int
    within_level: int        # called within the service's service-level minutes
    service_level: float     # within_level / called
    average_wait_min: float  # issue to first call, called tickets
    no_shows: int            # tickets that went to the missed list
    no_show_rate: float      # no_shows / called

    def row(self) -> dict:
        """The figures as a flat dict (a CSV row)."""
        return asdict(self)


def _seconds(later: str, earlier: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()


def figures(logs: list[list[dict]], service_levels: dict[str, int]) -> Figures:
    """The league figures of one branch from its event logs (one list per log_id, events in order)."""
    visits: dict[tuple[int, int], dict] = {}
    tickets: dict[tuple[int, int], dict] = {}
    first_call: dict[tuple[int, int], str] = {}
    missed: set[tuple[int, int]] = set()
    for n, events in enumerate(logs):
        for e in events:
            kind = e["kind"]
            if kind == "visit":  # a later event of the same visit (the customer insisted) replaces it
                visits[(n, e["visit_id"])] = e
                continue
            ticket = e.get("ticket")
            if not isinstance(ticket, dict):
                continue
            key = (n, ticket["id"])
            tickets[key] = ticket
            if kind == "called":
                first_call.setdefault(key, ticket.get("called_at") or e["at"])
            elif kind == "missed":
                missed.add(key)
    # The KPI as the branch counts it (queue_host/figures.py): visits marked elderly are left out, and a
    # visit counts once whether it went to the machine, turned it down or found it out of service.
    counted = [v for v in visits.values() if not v.get("elderly")]
    divertible = sum(1 for v in counted
                     if v["route"] == "self_service" or v.get("declined_reason") or v.get("fallback"))
    diverted = sum(1 for v in counted if v["route"] == "self_service")
    waits = [(_seconds(at, tickets[key]["issued_at"]), tickets[key]["service"]) for key, at in first_call.items()]
    within = sum(1 for wait, service in waits
                 if wait <= 60 * service_levels.get(service, DEFAULT_SERVICE_LEVEL_MIN))
    called = len(waits)
    return Figures(
        visits=len(visits), diverted=diverted, divertible=divertible,
        diversion_rate=round(diverted / divertible, 3) if divertible else 0.0,
        tickets=len(tickets), called=called, within_level=within,
        service_level=round(within / called, 3) if called else 0.0,
        average_wait_min=round(sum(w for w, _ in waits) / called / 60, 1) if called else 0.0,
        no_shows=len(missed), no_show_rate=round(len(missed) / called, 3) if called else 0.0,
    )


def league(per_branch: dict[str, Figures]) -> list[tuple[int, str, Figures]]:
    """Branches ranked: higher diversion rate first, then higher service level, then shorter average wait."""
    order = sorted(per_branch.items(),
                   key=lambda kv: (-kv[1].diversion_rate, -kv[1].service_level, kv[1].average_wait_min, kv[0]))
    return [(i + 1, branch, f) for i, (branch, f) in enumerate(order)]
