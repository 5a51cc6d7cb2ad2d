"""The live event stream (GET /api/events), once per audience.

The host's log is written for staff (tickets as a teller sees them, never a phone code). Before an event
leaves for a reader, `for_reader` keeps of it what that reader's audience may see, or drops it:
- the lobby display: queue and call events, tickets as numbers (no tier, no note, no purpose);
- a counter screen: only that its own counter changed (kind, counter) and that the day began;
- a teller: queue, call, counter and rating events, no alerts, visits or leads;
- the manager: every event.
"""
from __future__ import annotations

from typing import Any, Optional

from contract.base import Model
from contract.lobby import Machine, MachineForStaff
from contract.shape import shape
from contract.tickets import TicketForDisplay, TicketForTeller

QUEUE_KINDS = frozenset({"issued", "called", "recalled", "missed", "reinstated", "transferred", "parked", "finished",
                         "cancelled", "moved", "returned", "counter_paused", "counter_resumed", "target_suspended",
                         "target_resumed", "day_reset"})
# A counter screen refreshes its own counter on these, and on any counter's on ANY_COUNTER (a ticket moved).
SCREEN_KINDS = frozenset({"called", "recalled", "finished", "missed", "counter_paused", "counter_resumed", "rated"})
ANY_COUNTER = frozenset({"transferred", "parked", "cancelled", "day_reset"})


class EventBase(Model):
    """Every event: its number in the log, its kind and when (branch time)."""

    seq: int
    kind: str
    at: str = ""


class EventForScreen(EventBase):
    """A counter screen learns only that its counter changed; it then asks for its own screen."""

    counter: Optional[str] = None


class EventForDisplay(EventForScreen):
    ticket: Optional[TicketForDisplay] = None
    recall: Optional[bool] = None
    counter_name_zh: Optional[str] = None
    counter_name_en: Optional[str] = None
    target: Optional[Machine] = None
    day: Optional[str] = None
    previous_day: Optional[str] = None
    offline: Optional[bool] = None


class EventForTeller(EventForDisplay):
    ticket: Optional[TicketForTeller] = None
    target: Optional[MachineForStaff] = None
    by: Optional[str] = None
    from_service: Optional[str] = None
    position: Optional[int] = None
    unserved: Optional[int] = None
    ticket_id: Optional[int] = None
    number: Optional[str] = None
    teller: Optional[str] = None
    rating: Optional[str] = None


class EventForManager(EventBase):
    """The manager follows the whole log."""

    model_config = EventBase.model_config | {"extra": "allow"}


READERS = {"display": EventForDisplay, "counter_screen": EventForScreen, "counter": EventForTeller,
           "manager": EventForManager}


def _counter_of(event: dict) -> Any:
    ticket = event.get("ticket")
    return event.get("counter") or (ticket.get("counter") if isinstance(ticket, dict) else None)


def for_reader(role: str, counter: str | None, event: dict) -> dict | None:
    """What a reader of `role` (at `counter`, for a counter screen) receives of an event; None: nothing."""
    kind = event.get("kind")
    if role == "manager":
        return event
    if role == "counter_screen":
        mine = kind in SCREEN_KINDS and str(_counter_of(event)) == str(counter)
        if not (mine or kind in ANY_COUNTER):
            return None
        return {"seq": event["seq"], "kind": kind, "at": event.get("at", ""), "counter": _counter_of(event)}
    if kind not in QUEUE_KINDS and not (role == "counter" and kind == "rated"):
        return None
    return shape(READERS[role], event)
