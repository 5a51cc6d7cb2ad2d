"""The branch's queue state in memory, and the views every client sees of it. No I/O, no clock."""
from __future__ import annotations

import bisect
import math
from collections import deque
from datetime import datetime, timedelta

from contract.shape import shape
from contract.tickets import TicketForTeller
from queue_host.config import Config
from queue_host.model import Alert, Block, Changes, Contact, CounterState, NotFound, TargetState, Ticket, Visit
from queue_host.words import zh_en


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
        self.visit_requests: dict[str, int] = {}  # "token id:request_id" -> visit id: request ids are per token
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
        self.blocks: dict[int, Block] = {}  # today's numbers reserved for kiosks (see kiosk_blocks)
        self.next_block_id = 1
        self.offline_keys: dict[str, int] = {}  # a kiosk's offline ticket key -> ticket id
        self.contacts: dict[str, Contact] = {}  # kiosk token -> its contact with the host (see kiosk_blocks)
        # Pre-filled forms by ticket id: in memory only, never stored, logged or sent (see prefill.py).
        self.prefills: dict[int, dict] = {}
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
            self.prefills.pop(ticket.id, None)  # held only until the ticket ends
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
        if isinstance(data.get("ticket"), dict):
            # The log is staff's: a ticket in it is as a teller sees it, never with the customer's phone code.
            data["ticket"] = shape(TicketForTeller, data["ticket"])
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
        if ticket.offline_key:
            self.offline_keys[ticket.offline_key] = ticket.id
        self.touch(ticket)

    # -- lookups ----------------------------------------------------------------------------
    def ticket(self, ticket_id: int) -> Ticket:
        """A ticket of today by id, or NotFound."""
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise NotFound(*zh_en("no ticket {ticket_id} today", ticket_id=ticket_id), {"ticket_id": ticket_id})
        return ticket

    def counter(self, counter_id: str) -> CounterState:
        """A counter's state, or NotFound."""
        state = self.counters.get(counter_id)
        if state is None:
            raise NotFound(*zh_en("no counter {counter!r}; counters: {counters}", counter=counter_id,
                                  counters=", ".join(self.counters)), {"counter": counter_id})
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
