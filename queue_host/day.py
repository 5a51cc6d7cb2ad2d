"""The business day: its reset (the figures of a day are counted in queue_host/figures.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from queue_host.lobby import Lobby, business_day


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
    lobby.blocks.clear()  # a kiosk's reserved numbers are for one day: a new day, new blocks
    lobby.offline_keys.clear()
    lobby.sequences = {code: 0 for code in lobby.cfg.services}
    lobby.day = day
    lobby.changes = changes
    lobby.changes.meta = True
    # Personal data lives only as long as its purpose: leads older than the branch's days go now.
    lobby.changes.purge_leads_before = (date.fromisoformat(day) - timedelta(days=lobby.cfg.lead_days)).isoformat()
    lobby.emit("day_reset", now, day=day, previous_day=old, unserved=unserved)
    return True
