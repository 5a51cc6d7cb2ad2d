"""The branch's queue state in memory, and the views every client sees of it. No I/O, no clock."""
from __future__ import annotations

import bisect
import math
from collections import deque
from datetime import datetime, timedelta

from queue_host.config import Config
from queue_host.model import Alert, Changes, CounterState, NotFound, TargetState, Ticket, Visit


class WaitingLine:
    """One service's waiting tickets kept in rank order as they change, so no visit re-sorts the day."""

    def __init__(self, tickets: list[Ticket]):
        self.tickets = sorted(tickets, key=lambda t: t.rank)
        self.ranks = [t.rank for t in self.tickets]
        self.rank_of = {t.id: t.rank for t in self.tickets}

    def discard(self, ticket: Ticket) -> None:
        """Take a ticket out, if it is in this line."""
        rank = self.rank_of.pop(ticket.id, None)
        if rank is None:
            return
        i = bisect.bisect_left(self.ranks, rank)
        while self.tickets[i].id != ticket.id:
            i += 1
        del self.ranks[i], self.tickets[i]

    def add(self, ticket: Ticket) -> None:
        """Put a ticket in at its rank."""
        i = bisect.bisect_right(self.ranks, ticket.rank)
        self.ranks.insert(i, ticket.rank)
        self.tickets.insert(i, ticket)
        self.rank_of[ticket.id] = ticket.rank


def business_day(cfg: Config, now: datetime) -> str:
    """The business day `now` belongs to: the day starts at the configured local reset time."""
    local = now.astimezone(cfg.branch.timezone)
    reset = cfg.branch.day_reset
    if (local.hour, local.minute) < (reset.hour, reset.minute):
        local -= timedelta(days=1)
    return local.date().isoformat()


class Lobby:
    """Everything the queue host knows about today; commands mutate it and record Changes."""

    def __init__(self, cfg: Config, day: str):
        self.cfg = cfg
        self.day = day
        self.tickets: dict[int, Ticket] = {}
        self.by_code: dict[str, Ticket] = {}
        self.sequences: dict[str, int] = {code: 0 for code in cfg.services}
        self.counters = {cid: CounterState(cid) for cid in cfg.counters}
        self.targets = {code: TargetState(code) for code in cfg.targets}
        self.alerts: dict[int, Alert] = {}
        self.visits: dict[int, Visit] = {}  # today's visits by id, in arrival order
        self.visit_requests: dict[str, int] = {}  # a kiosk's request_id -> visit id
        # Indexes kept so a visit costs the same at 9:00 and at 16:00: only live tickets are scanned,
        # each service's waiting line is sorted once per change, service times are a short window.
        self.live: dict[int, Ticket] = {}
        self.parked: set[int] = set()
        self.service_times: dict[str, deque] = {code: deque(maxlen=10) for code in cfg.services}
        self._lines: dict[str, WaitingLine] = {}
        self.next_ticket_id = 1
        self.next_visit_id = 1
        self.next_alert_id = 1
        self.next_rank = 1.0
        self.seq = 0  # last event sequence number
        self.log_id = ""  # identity of the event log (the database) these numbers belong to
        self.recent_calls: list[dict] = []
        self.changes = Changes()

    # -- change tracking -------------------------------------------------------------------
    def take_changes(self) -> Changes:
        """Hand the recorded changes to the store and start a fresh record."""
        changes, self.changes = self.changes, Changes()
        return changes

    def touch(self, ticket: Ticket) -> None:
        """Record that a ticket changed (every change of a ticket passes here, so the indexes follow)."""
        self.changes.tickets[ticket.id] = ticket
        if ticket.live:
            self.live[ticket.id] = ticket
        else:
            self.live.pop(ticket.id, None)
        if ticket.state == "parked":
            self.parked.add(ticket.id)
        else:
            self.parked.discard(ticket.id)
        if ticket.service_s is not None and ticket.state == "finished" and ticket.changed_service_s:
            self.service_times[ticket.service].append(ticket.service_s)
            ticket.changed_service_s = False
        for line in self._lines.values():
            line.discard(ticket)
        if ticket.state == "waiting" and ticket.service in self._lines:
            self._lines[ticket.service].add(ticket)

    def reindex(self) -> None:
        """Rebuild the indexes from the tickets (after loading them from the store)."""
        self.live = {t.id: t for t in self.tickets.values() if t.live}
        self.parked = {t.id for t in self.live.values() if t.state == "parked"}
        self.service_times = {code: deque(maxlen=10) for code in self.cfg.services}
        done = sorted((t for t in self.tickets.values() if t.service_s is not None and t.finished_at),
                      key=lambda t: t.finished_at)
        for t in done:
            self.service_times[t.service].append(t.service_s)
        self._lines.clear()

    def add_visit(self, visit: Visit) -> None:
        """Record a visit (or replace the one with its id)."""
        self.visits[visit.id] = visit
        if visit.request_id:
            self.visit_requests[visit.request_id] = visit.id

    def touch_counter(self, counter_id: str) -> None:
        """Record that a counter's state changed."""
        self.changes.counters.add(counter_id)

    def emit(self, kind: str, now: datetime, **data) -> dict:
        """Append an event; its sequence number is kept in the store with the change."""
        self.seq += 1
        event = {"seq": self.seq, "kind": kind, "at": now.isoformat(), **data}
        self.changes.events.append(event)
        if kind in ("called", "recalled"):
            call = {"number": data["ticket"]["number"], "counter": data["counter"],
                    "counter_name_zh": data.get("counter_name_zh"), "counter_name_en": data.get("counter_name_en"),
                    "at": event["at"], "recall": kind == "recalled", "ticket_id": data["ticket"]["id"]}
            self.recent_calls = [call, *self.recent_calls][:8]
        return event

    def add_ticket(self, ticket: Ticket) -> None:
        """Put a new ticket in the state."""
        self.tickets[ticket.id] = ticket
        self.by_code[ticket.code] = ticket
        self.touch(ticket)

    # -- lookups ----------------------------------------------------------------------------
    def ticket(self, ticket_id: int) -> Ticket:
        """A ticket of today by id, or NotFound."""
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise NotFound("没有这个号码", f"no ticket {ticket_id} today", {"ticket_id": ticket_id})
        return ticket

    def counter(self, counter_id: str) -> CounterState:
        """A counter's state, or NotFound."""
        state = self.counters.get(counter_id)
        if state is None:
            raise NotFound("没有这个窗口", f"no counter {counter_id!r}; counters: {', '.join(self.counters)}",
                           {"counter": counter_id})
        return state

    def waiting(self, service: str) -> list[Ticket]:
        """Waiting tickets of a service in calling order of rank (sorted once per change)."""
        return self._line(service).tickets

    def _line(self, service: str) -> WaitingLine:
        line = self._lines.get(service)
        if line is None:
            line = self._lines[service] = WaitingLine(
                [t for t in self.live.values() if t.state == "waiting" and t.service == service])
        return line

    def ahead_of(self, ticket: Ticket) -> int:
        """People waiting before a ticket in its own service."""
        return bisect.bisect_left(self._line(ticket.service).ranks, ticket.rank)

    def live_for(self, ref_hash: str, service: str) -> Ticket | None:
        """The customer's live ticket in a service, if any (one live ticket per customer and queue)."""
        for t in self.live.values():
            if t.ref_hash == ref_hash and t.service == service and t.live:
                return t
        return None

    def open_counters_for(self, service: str) -> list[str]:
        """Counters that serve a service and are not paused."""
        return [cid for cid, c in self.cfg.counters.items() if service in c.services and not self.counters[cid].paused]

    # -- estimates --------------------------------------------------------------------------
    def service_minutes(self, service: str) -> float:
        """Average service time of the service's last ten finished tickets today (or the default)."""
        done = self.service_times[service]
        if not done:
            return self.cfg.calling.default_service_minutes
        return max(0.5, sum(done) / len(done) / 60)

    def wait_minutes(self, service: str, ahead: int) -> int:
        """Estimated minutes until a ticket with `ahead` people before it is called."""
        counters = max(1, len(self.open_counters_for(service)))
        return math.ceil((ahead + 0.5) * self.service_minutes(service) / counters)

    def positions(self) -> dict[int, int]:
        """People ahead of every waiting ticket, within its own service."""
        return {t.id: i for service in self.cfg.services for i, t in enumerate(self.waiting(service))}

    # -- views ------------------------------------------------------------------------------
    def view(self, ticket: Ticket, ahead: int | None = None) -> dict:
        """The ticket as clients see it (never the customer reference)."""
        if ticket.state == "waiting" and ahead is None:
            ahead = self.ahead_of(ticket)
        ahead = ahead if ticket.state == "waiting" else 0
        service = self.cfg.services[ticket.service]
        purpose_service = self.cfg.services.get(self.cfg.purposes[ticket.purpose].service) \
            if ticket.purpose in self.cfg.purposes and self.cfg.purposes[ticket.purpose].service else service
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "id": ticket.id, "code": ticket.code, "number": ticket.number, "service": ticket.service,
            "service_name_zh": service.name_zh, "service_name_en": service.name_en,
            "purpose": ticket.purpose, "state": ticket.state, "tier": ticket.tier, "vip": ticket.vip,
            "high_value": ticket.high_value, "elderly": ticket.elderly, "lang": ticket.lang,
            "declined": ({"target": ticket.declined_target, "reason": ticket.declined_reason}
                         if ticket.declined_reason else None),
            "note": ticket.note, "issued_at": iso(ticket.issued_at), "called_at": iso(ticket.called_at),
            "finished_at": iso(ticket.finished_at), "counter": ticket.counter, "calls": ticket.calls,
            "reinstated": ticket.reinstated, "transferred_from": ticket.transferred_from,
            "park_until": iso(ticket.park_until), "people_ahead": ahead,
            "wait_minutes": self.wait_minutes(ticket.service, ahead) if ticket.state == "waiting" else 0,
            "status_url": f"{self.cfg.branch.public_url}/t/{ticket.code}",
            "form_template": (purpose_service or service).form_template,
        }

    def counter_view(self, counter_id: str) -> dict:
        """A counter as clients see it."""
        conf, state = self.cfg.counters[counter_id], self.counters[counter_id]
        current = self.tickets.get(state.current) if state.current else None
        return {"id": conf.id, "name_zh": conf.name_zh, "name_en": conf.name_en, "services": list(conf.services),
                "state": "paused" if state.paused else "open",
                "current": self.view(current) if current else None,
                "waiting": sum(1 for t in self.live.values()
                               if t.state == "waiting" and t.service in conf.services
                               and t.preferred_counter in (None, counter_id))}

    def target_view(self, code: str) -> dict:
        """A self-service target as clients see it."""
        conf, state = self.cfg.targets[code], self.targets[code]
        return {"code": conf.code, "name_zh": conf.name_zh, "name_en": conf.name_en,
                "location_zh": conf.location_zh, "location_en": conf.location_en,
                "steps_zh": list(conf.steps_zh), "steps_en": list(conf.steps_en), "qr_url": conf.qr_url,
                "suspended": state.suspended, "suspend_reason": state.reason}

    def snapshot(self, now: datetime) -> dict:
        """Everything a display or panel needs: services with true waiting counts, counters, missed list."""
        ahead = self.positions()
        services = []
        for code, conf in self.cfg.services.items():
            waiting = self.waiting(code)
            longest = max(((now - t.queued_at).total_seconds() for t in waiting), default=0)
            services.append({"code": code, "prefix": conf.prefix, "name_zh": conf.name_zh, "name_en": conf.name_en,
                             "waiting": len(waiting), "longest_wait_s": round(longest),
                             "service_level_minutes": conf.service_level_minutes,
                             "tickets": [self.view(t, ahead[t.id]) for t in waiting]})
        missed = sorted((t for t in self.live.values() if t.state == "missed"),
                        key=lambda t: t.missed_at, reverse=True)
        parked = sorted((self.tickets[i] for i in self.parked), key=lambda t: t.park_until)
        return {"day": self.day, "seq": self.seq, "log_id": self.log_id, "services": services,
                "counters": [self.counter_view(cid) for cid in self.cfg.counters],
                "missed": [self.view(t) for t in missed], "parked": [self.view(t) for t in parked],
                "targets": [self.target_view(code) for code in self.cfg.targets],
                "recent_calls": list(self.recent_calls)}
