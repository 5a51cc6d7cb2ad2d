"""Calling: call-next ordering, recalls, no-shows and the missed list, and the other ticket moves."""
from __future__ import annotations

from datetime import datetime, timedelta

from queue_host import views
from queue_host.lobby import Lobby
from queue_host.model import DomainError, Invalid, Ticket
from queue_host.words import N_, zh_en, zh_en_n

# A ticket's state as a refusal names it.
IS_STATE = {"waiting": N_("{number} is waiting"), "called": N_("{number} is called"),
            "parked": N_("{number} is parked"), "missed": N_("{number} is missed"),
            "finished": N_("{number} is finished"), "cancelled": N_("{number} is cancelled"),
            "unserved": N_("{number} is unserved")}

# Why a ticket in the wrong state cannot be moved, per move ({is_state} and {states} filled in).
CANNOT_BE = {
    "called": N_("{is_state}; it cannot be called (only a {states} ticket can)"),
    "recalled": N_("{is_state}; it cannot be recalled (only a {states} ticket can)"),
    "marked no-show": N_("{is_state}; it cannot be marked no-show (only a {states} ticket can)"),
    "reinstated": N_("{is_state}; it cannot be reinstated (only a {states} ticket can)"),
    "transferred": N_("{is_state}; it cannot be transferred (only a {states} ticket can)"),
    "parked": N_("{is_state}; it cannot be parked (only a {states} ticket can)"),
    "finished": N_("{is_state}; it cannot be finished (only a {states} ticket can)"),
    "cancelled": N_("{is_state}; it cannot be cancelled (only a {states} ticket can)"),
    "moved": N_("{is_state}; it cannot be moved (only a {states} ticket can)"),
}


def _expect(ticket: Ticket, *states: str, refusal: str) -> None:
    """Refuse an action on a ticket in the wrong state, naming both (`refusal` a msgid of CANNOT_BE)."""
    if ticket.state not in states:
        raise DomainError(*zh_en(refusal, is_state=zh_en(IS_STATE[ticket.state], number=ticket.number),
                                 states=" or ".join(states)),
                          {"ticket": ticket.number, "state": ticket.state})


def _counter_payload(lobby: Lobby, counter_id: str) -> dict:
    conf = lobby.cfg.counters[counter_id]
    return {"counter": counter_id, "counter_name_zh": conf.name_zh, "counter_name_en": conf.name_en}


def _release(lobby: Lobby, ticket: Ticket) -> None:
    """The ticket leaves its counter."""
    if ticket.counter and lobby.counters[ticket.counter].current == ticket.id:
        lobby.counters[ticket.counter].current = None
        lobby.touch_counter(ticket.counter)


def pick_next(lobby: Lobby, counter_id: str, now: datetime) -> Ticket | None:
    """Whom this counter calls next: VIP ratio, with a cap on how long an ordinary ticket may wait."""
    conf, state = lobby.cfg.counters[counter_id], lobby.counters[counter_id]
    candidates = [t for service in conf.services for t in lobby.waiting(service)
                  if t.preferred_counter in (None, counter_id) or lobby.counters[t.preferred_counter].paused]
    if not candidates:
        return None
    mine = [t for t in candidates if t.preferred_counter == counter_id]
    if mine:  # a customer back from the form desk returns to the window that sent them
        return min(mine, key=lambda t: t.rank)
    vip = [t for t in candidates if t.vip]
    ordinary = [t for t in candidates if not t.vip]
    cap = timedelta(minutes=lobby.cfg.calling.max_wait_minutes)
    overdue = [t for t in ordinary if now - t.queued_at >= cap]
    if overdue:
        return min(overdue, key=lambda t: t.queued_at)
    if vip and (not ordinary or state.vip_streak < lobby.cfg.calling.vip_ratio):
        return min(vip, key=lambda t: t.rank)
    return min(ordinary, key=lambda t: t.rank) if ordinary else min(vip, key=lambda t: t.rank)


def _call(lobby: Lobby, ticket: Ticket, counter_id: str, now: datetime, by: str = "",
          teller: str | None = None) -> None:
    state = lobby.counters[counter_id]
    state.teller = teller or state.teller
    ticket.teller = state.teller
    state.vip_streak = state.vip_streak + 1 if ticket.vip else 0
    ticket.state, ticket.counter, ticket.called_at, ticket.last_call_at = "called", counter_id, now, now
    ticket.calls, ticket.park_until, ticket.preferred_counter = 1, None, None
    state.current = ticket.id
    lobby.touch(ticket)
    lobby.touch_counter(counter_id)
    lobby.emit("called", now, ticket=views.ticket(lobby, ticket), recall=False, by=by,
               **_counter_payload(lobby, counter_id))


def _finish_current(lobby: Lobby, counter_id: str, now: datetime) -> Ticket | None:
    current = lobby.tickets.get(lobby.counters[counter_id].current or -1)
    if current is not None and current.state == "called":
        return finish(lobby, current.id, now)
    return None


def _open(lobby: Lobby, counter_id: str) -> None:
    if lobby.counter(counter_id).paused:
        raise DomainError(*zh_en("counter {counter} is paused; resume it first",
                                 counter=(lobby.cfg.counters[counter_id].name_zh, counter_id)), {"counter": counter_id})


ANY = object()


def call_next(lobby: Lobby, counter_id: str, now: datetime, expect_current=ANY, by: str = "",
              teller: str | None = None) -> dict:
    """Finish the counter's current customer and call the next one (None when nobody waits).

    `expect_current` is the ticket id (or None) the teller's screen shows as current: when the
    counter's current ticket is another one (a double press, or an answer the panel never saw),
    the call is refused rather than finishing a customer the teller has not served.
    """
    _open(lobby, counter_id)
    current = lobby.counters[counter_id].current
    if current is not None and lobby.tickets.get(current) is not None and lobby.tickets[current].state != "called":
        current = None
    if expect_current is not ANY and expect_current != current:
        shown = lobby.tickets[current].number if current else "—"
        raise DomainError(*zh_en("this counter's current ticket is {shown}, not the one on your screen; "
                                 "serve or mark it first", shown=shown), {"current": current})
    finished = _finish_current(lobby, counter_id, now)
    ticket = pick_next(lobby, counter_id, now)
    if ticket is not None:
        _call(lobby, ticket, counter_id, now, by, teller)
    return {"ticket": views.ticket(lobby, ticket) if ticket else None, "finished": views.ticket(lobby, finished) if finished else None}


def call_ticket(lobby: Lobby, counter_id: str, ticket_id: int, now: datetime, by: str = "",
                teller: str | None = None) -> dict:
    """Call a specific waiting or parked ticket out of order."""
    _open(lobby, counter_id)
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "waiting", "parked", refusal=CANNOT_BE["called"])
    if ticket.service not in lobby.cfg.counters[counter_id].services:
        raise DomainError(*zh_en("counter {counter} does not serve {service}; transfer the ticket first",
                                 counter=(lobby.cfg.counters[counter_id].name_zh, counter_id), service=ticket.service),
                          {"counter": counter_id, "service": ticket.service})
    finished = _finish_current(lobby, counter_id, now)
    _call(lobby, ticket, counter_id, now, by, teller)
    return {"ticket": views.ticket(lobby, ticket), "finished": views.ticket(lobby, finished) if finished else None}


def recall(lobby: Lobby, ticket_id: int, now: datetime) -> Ticket:
    """Call a called number again, at most `recalls` times and not too soon after the last call."""
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "called", refusal=CANNOT_BE["recalled"])
    policy = lobby.cfg.calling
    if ticket.calls - 1 >= policy.recalls:
        raise DomainError(*zh_en_n("{number} was already recalled {n} time; press no-show",
                                   "{number} was already recalled {n} times; press no-show", policy.recalls,
                                   number=ticket.number, n=policy.recalls), {"calls": ticket.calls})
    since = (now - ticket.last_call_at).total_seconds()
    if since < policy.recall_interval_s:
        wait = int(policy.recall_interval_s - since + 0.999)
        raise DomainError(*zh_en("wait {wait} s before recalling {number}", wait=wait, number=ticket.number),
                          {"retry_after_s": wait})
    ticket.calls += 1
    ticket.last_call_at = now
    lobby.touch(ticket)
    lobby.emit("recalled", now, ticket=views.ticket(lobby, ticket), recall=True, **_counter_payload(lobby, ticket.counter))
    return ticket


def no_show(lobby: Lobby, ticket_id: int, now: datetime) -> Ticket:
    """The called customer did not come: to the missed list (过号)."""
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "called", refusal=CANNOT_BE["marked no-show"])
    _release(lobby, ticket)
    ticket.state, ticket.missed_at = "missed", now
    lobby.touch(ticket)
    lobby.emit("missed", now, ticket=views.ticket(lobby, ticket), **_counter_payload(lobby, ticket.counter))
    return ticket


def _rank_at(lobby: Lobby, service: str, places_ahead: int, exclude: int | None = None) -> float:
    """A rank that puts a ticket behind `places_ahead` waiting tickets of the service."""
    ranks = [t.rank for t in lobby.waiting(service) if t.id != exclude]
    if not ranks:
        return lobby.next_rank
    if places_ahead <= 0:
        return ranks[0] - 1
    if places_ahead >= len(ranks):
        return (ranks[-1] + lobby.next_rank) / 2  # behind everyone now, ahead of anyone issued later
    return (ranks[places_ahead - 1] + ranks[places_ahead]) / 2


def reinstate(lobby: Lobby, ticket_id: int, now: datetime) -> Ticket:
    """A missed customer came back: waiting again, a few places from the front, at most reinstate_max times."""
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "missed", refusal=CANNOT_BE["reinstated"])
    policy = lobby.cfg.calling
    if ticket.reinstated >= policy.reinstate_max:
        raise DomainError(*zh_en_n("{number} was already reinstated {n} time; take a new ticket",
                                   "{number} was already reinstated {n} times; take a new ticket", ticket.reinstated,
                                   number=ticket.number, n=ticket.reinstated), {"reinstated": ticket.reinstated})
    ticket.rank = _rank_at(lobby, ticket.service, policy.reinstate_places_back)
    ticket.state, ticket.reinstated, ticket.queued_at = "waiting", ticket.reinstated + 1, now
    ticket.counter, ticket.calls = None, 0
    lobby.touch(ticket)
    lobby.emit("reinstated", now, ticket=views.ticket(lobby, ticket))
    return ticket


def transfer(lobby: Lobby, ticket_id: int, service: str, note: str, now: datetime) -> Ticket:
    """Refer the customer to another service; they wait at its head, keeping their number."""
    ticket = lobby.ticket(ticket_id)
    if service not in lobby.cfg.services:
        raise Invalid(*zh_en("unknown service {service!r}; use one of {services}", service=service,
                             services=", ".join(lobby.cfg.services)), {"field": "service"})
    _expect(ticket, "called", "waiting", refusal=CANNOT_BE["transferred"])
    if service == ticket.service and ticket.state == "waiting":
        raise Invalid(*zh_en("{number} already waits in {service}", number=ticket.number, service=service),
                      {"field": "service"})
    _release(lobby, ticket)
    old = ticket.service
    ticket.rank = _rank_at(lobby, service, 0, exclude=ticket.id)
    ticket.service, ticket.transferred_from, ticket.state = service, old, "waiting"
    ticket.vip = lobby.cfg.services[service].vip
    ticket.note = note or ticket.note
    ticket.counter, ticket.calls, ticket.queued_at = None, 0, now
    lobby.touch(ticket)
    lobby.emit("transferred", now, ticket=views.ticket(lobby, ticket), from_service=old)
    return ticket


def park(lobby: Lobby, ticket_id: int, minutes: float | None, now: datetime) -> Ticket:
    """The customer steps away to fill a form; the ticket returns to this counter's head later."""
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "called", refusal=CANNOT_BE["parked"])
    minutes = lobby.cfg.calling.park_minutes if minutes is None else minutes
    if not 0 < minutes <= 60:
        raise Invalid(*zh_en("minutes must be between 1 and 60"), {"field": "minutes"})
    _release(lobby, ticket)
    ticket.state, ticket.park_until, ticket.preferred_counter = "parked", now + timedelta(minutes=minutes), ticket.counter
    lobby.touch(ticket)
    lobby.emit("parked", now, ticket=views.ticket(lobby, ticket))
    return ticket


def finish(lobby: Lobby, ticket_id: int, now: datetime) -> Ticket:
    """The customer has been served."""
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "called", refusal=CANNOT_BE["finished"])
    _release(lobby, ticket)
    ticket.state, ticket.finished_at = "finished", now
    ticket.service_s = (now - ticket.called_at).total_seconds()
    ticket.changed_service_s = True
    lobby.touch(ticket)
    lobby.emit("finished", now, ticket=views.ticket(lobby, ticket), counter=ticket.counter)
    return ticket


def cancel(lobby: Lobby, ticket_id: int, now: datetime) -> Ticket:
    """Take a live ticket out of the queue (a duplicate, a customer who left)."""
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "waiting", "called", "parked", "missed", refusal=CANNOT_BE["cancelled"])
    _release(lobby, ticket)
    ticket.state, ticket.finished_at = "cancelled", now
    lobby.touch(ticket)
    lobby.emit("cancelled", now, ticket=views.ticket(lobby, ticket))
    return ticket


def withdraw(lobby: Lobby, ticket: Ticket, now: datetime) -> Ticket:
    """The customer cancels from their phone ("我不办了"): one empty call saved."""
    _expect(ticket, "waiting", "called", "parked", "missed", refusal=CANNOT_BE["cancelled"])
    _release(lobby, ticket)
    ticket.state, ticket.finished_at, ticket.cancelled_by = "cancelled", now, "customer"
    lobby.touch(ticket)
    lobby.emit("cancelled", now, ticket=views.ticket(lobby, ticket), by="customer")
    return ticket


def move(lobby: Lobby, ticket_id: int, position: int, now: datetime) -> Ticket:
    """Put a waiting ticket at a position of its queue (1 = front)."""
    ticket = lobby.ticket(ticket_id)
    _expect(ticket, "waiting", refusal=CANNOT_BE["moved"])
    if position < 1:
        raise Invalid(*zh_en("position starts at 1 (the front)"), {"field": "position"})
    ticket.rank = _rank_at(lobby, ticket.service, position - 1, exclude=ticket.id)
    lobby.touch(ticket)
    lobby.emit("moved", now, ticket=views.ticket(lobby, ticket), position=position)
    return ticket


def set_paused(lobby: Lobby, counter_id: str, paused: bool, now: datetime) -> dict:
    """Pause a counter (no calls) or open it again."""
    state = lobby.counter(counter_id)
    if state.paused == paused:
        already = N_("counter {counter} is already paused") if paused else N_("counter {counter} is already open")
        raise DomainError(*zh_en(already, counter=counter_id), {"counter": counter_id})
    state.paused = paused
    lobby.touch_counter(counter_id)
    lobby.emit("counter_paused" if paused else "counter_resumed", now, **_counter_payload(lobby, counter_id))
    return views.counter(lobby, counter_id)


def return_parked(lobby: Lobby, now: datetime) -> None:
    """Parked customers whose form time is up wait again at the head of their queue."""
    for ticket in [lobby.tickets[i] for i in lobby.parked]:
        if ticket.park_until <= now:
            ticket.rank = _rank_at(lobby, ticket.service, 0)
            ticket.state, ticket.queued_at, ticket.counter, ticket.calls = "waiting", now, None, 0
            lobby.touch(ticket)
            lobby.emit("returned", now, ticket=views.ticket(lobby, ticket))
