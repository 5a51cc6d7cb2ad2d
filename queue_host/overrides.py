"""Staff actions beyond calling: the audit rule, suspending a self-service target, recording a lead."""
from __future__ import annotations

from datetime import datetime

from queue_host import views
from queue_host.config import Token
from queue_host.lobby import Lobby
from queue_host.model import DomainError, Forbidden, Invalid, NotFound
from queue_host.words import N_, zh_en


def audit(lobby: Lobby, who: Token, action: str, target: str, reason: str | None, now: datetime,
          required: bool = True) -> None:
    """Write a manager's override (or a teller's reasoned action) to the audit log with the change."""
    reason = (reason or "").strip()
    if who.role != "manager" and not reason:
        return
    if required and who.role == "manager" and not reason:
        raise Invalid(*zh_en("{action} by the lobby manager needs a short reason", action=action), {"field": "reason"})
    lobby.changes.audit.append({"day": lobby.day, "at": now.isoformat(), "who": who.name or who.role,
                                "action": action, "target": target, "reason": reason})


def set_target(lobby: Lobby, who: Token, code: str, suspended: bool, reason: str, now: datetime) -> dict:
    """Take a self-service target out of the diversion rules, or put it back."""
    state = lobby.targets.get(code)
    if state is None:
        raise NotFound(*zh_en("no self-service target {code!r}; targets: {targets}", code=code,
                              targets=", ".join(lobby.targets)))
    if state.suspended == suspended:
        already = N_("{code} is already suspended") if suspended else N_("{code} is already in service")
        raise DomainError(*zh_en(already, code=code))
    audit(lobby, who, "suspend" if suspended else "resume", code, reason, now)
    state.suspended, state.reason = suspended, reason if suspended else ""
    lobby.changes.targets.add(code)
    lobby.emit("target_suspended" if suspended else "target_resumed", now, target=views.target(lobby, code))
    return views.target(lobby, code)


def record_lead(lobby: Lobby, who: Token, name: str, contact: str, need: str, ticket_id: int | None,
                now: datetime) -> dict:
    """A customer's product need for a customer manager, recorded with the time they consented."""
    ticket = lobby.ticket(ticket_id) if ticket_id else None
    if ticket is not None and who.role == "counter" and ticket.counter != who.counter:
        # A teller records the need of the customer in front of them, not of someone served elsewhere.
        raise Forbidden(*zh_en("{number} is not served at your counter; record a lead for your own customer",
                               number=ticket.number), {"ticket": ticket.number})
    number = ticket.number if ticket else ""
    lead = {"day": lobby.day, "at": now.isoformat(), "consent_at": now.isoformat(), "by": who.name or who.role,
            "ticket": number, "name": name, "contact": contact, "need": need}
    lobby.changes.leads.append(lead)
    # The figures count leads handed on; the event carries none of the customer's details.
    lobby.emit("lead", now, ticket=number, by=who.id)
    return lead
