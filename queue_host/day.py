"""The business day: its reset, and the figures the branch head reads."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from queue_host import ratings
from queue_host.config import Config
from queue_host.lobby import Lobby, business_day
from queue_host.model import Ticket, Visit


def rollover(lobby: Lobby, now: datetime) -> bool:
    """At the day's reset, close still-live tickets as unserved and restart numbering; True if it rolled."""
    day = business_day(lobby.cfg, now)
    if day == lobby.day:
        return False
    unserved = 0
    for ticket in lobby.tickets.values():
        if ticket.live:
            ticket.state, ticket.finished_at = "unserved", now
            lobby.touch(ticket)
            unserved += 1
    for state in lobby.counters.values():
        state.current, state.vip_streak = None, 0
        lobby.touch_counter(state.id)
    for alert in lobby.alerts.values():
        if alert.cleared_at is None:
            alert.cleared_at = now
            lobby.changes.alerts[alert.id] = alert
    old = lobby.day
    changes = lobby.changes
    lobby.tickets.clear()
    lobby.by_code.clear()
    lobby.prefills.clear()
    lobby.alerts.clear()
    lobby.visits.clear()
    lobby.visit_requests.clear()
    lobby.reindex()
    lobby.recent_calls = []
    lobby.sequences = {code: 0 for code in lobby.cfg.services}
    lobby.day = day
    lobby.changes = changes
    lobby.changes.meta = True
    # Personal data lives only as long as its purpose: leads older than the branch's days go now.
    lobby.changes.purge_leads_before = (date.fromisoformat(day) - timedelta(days=lobby.cfg.lead_days)).isoformat()
    lobby.emit("day_reset", now, day=day, previous_day=old, unserved=unserved)
    return True


def _minutes(seconds: list[float]) -> dict:
    if not seconds:
        return {"average": 0.0, "longest": 0.0}
    return {"average": round(sum(seconds) / len(seconds) / 60, 1), "longest": round(max(seconds) / 60, 1)}


def stats(cfg: Config, day: str, tickets: list[Ticket], visits: list[Visit], now: datetime) -> dict:
    """A day's figures: visits, diversion, tickets per service, waits, no-shows, reinstated."""
    by_route: dict[str, int] = {}
    diverted_by_target: dict[str, int] = {}
    declined_by_reason: dict[str, int] = {}
    fallbacks = 0
    for v in visits:
        by_route[v.route] = by_route.get(v.route, 0) + 1
        if v.route == "self_service":
            diverted_by_target[v.target] = diverted_by_target.get(v.target, 0) + 1
        if v.declined_reason:
            declined_by_reason[v.declined_reason] = declined_by_reason.get(v.declined_reason, 0) + 1
        if v.fallback:
            fallbacks += 1
    diverted = sum(diverted_by_target.values())
    declined = sum(declined_by_reason.values())
    divertible = diverted + declined + fallbacks
    per_service = {code: sum(1 for t in tickets if t.service == code) for code in cfg.services}
    waits = [((t.called_at or now) - t.issued_at).total_seconds() for t in tickets
             if t.called_at or t.state == "waiting"]
    served = [t.service_s for t in tickets if t.service_s is not None]
    states = {s: sum(1 for t in tickets if t.state == s) for s in
              ("waiting", "called", "parked", "missed", "finished", "cancelled", "unserved")}
    return {
        "day": day, "visits": len(visits), "by_route": by_route,
        "diverted": diverted, "diverted_by_target": diverted_by_target,
        "declined": declined, "declined_by_reason": declined_by_reason, "fallback_to_counter": fallbacks,
        # The lobby manager's KPI: of the visits a machine could take, the share that went to one.
        "diversion_rate": round(diverted / divertible, 3) if divertible else 0.0,
        "tickets": len(tickets), "tickets_by_service": per_service, "states": states,
        "wait_minutes": _minutes(waits), "service_minutes": _minutes(served),
        "no_shows": sum(1 for t in tickets if t.missed_at is not None),
        "reinstated": sum(1 for t in tickets if t.reinstated),
        "high_value": sum(1 for v in visits if v.high_value),
        "vip_tickets": sum(1 for t in tickets if t.tier != "normal"),
        # Customers who said "我不办了" on their phone: each is a call nobody would have answered.
        "empty_calls_saved": sum(1 for t in tickets if t.cancelled_by == "customer"),
        "ratings": ratings.rollup(tickets),
    }
