"""Pre-filled forms from the kiosk (the remittance slip): checked, held in memory for the teller who
calls the ticket, and dropped when the ticket ends or the day resets. Never stored, logged or sent as
an event. No I/O, no clock."""
from __future__ import annotations

import re

from queue_host.checks import luhn_ok  # noqa: F401 (also the kiosk's, through the client)
from queue_host.lobby import Lobby
from queue_host.model import DomainError, Forbidden, Invalid
from queue_host.words import zh_en

NAME = re.compile(r"[\u4e00-\u9fff·]{1,20}")
MASKED = re.compile(r"[*＊ ]{0,16}\d{4}")


def check(lobby: Lobby, name: str, account: str, bank: str, payer: str) -> None:
    """Refuse a pre-fill with a wrong field, naming the field (never echoing the account)."""
    if not NAME.fullmatch(name):
        raise Invalid(*zh_en("payee_name: 1 to 20 Chinese characters"), {"field": "payee_name"})
    if not (account.isdigit() and 16 <= len(account) <= 19):
        raise Invalid(*zh_en("payee_account: 16 to 19 digits"), {"field": "payee_account"})
    if not luhn_ok(account):
        raise Invalid(*zh_en("payee_account: the check digit is wrong; check the number"), {"field": "payee_account"})
    if bank not in lobby.cfg.prefill.banks:
        raise Invalid(*zh_en("bank: choose one of the branch's list"), {"field": "bank"})
    if payer and not MASKED.fullmatch(payer):
        raise Invalid(*zh_en("payer_card: send it masked (only the last 4 digits)"), {"field": "payer_card"})


def hold(lobby: Lobby, ticket_id: int, name: str, account: str, bank: str, payer: str, by: str) -> dict:
    """Keep a live ticket's pre-fill for its teller: written once, by the kiosk that issued the ticket."""
    ticket = lobby.ticket(ticket_id)
    if ticket.issued_by != by:
        raise Forbidden(*zh_en("{number} was not issued at this kiosk; only the kiosk that printed it hands in "
                               "its form", number=ticket.number), {"ticket": ticket.number})
    if ticket.id in lobby.prefills:
        # The teller may already have read it: nobody changes it silently afterwards.
        raise DomainError(*zh_en("{number}'s form was already handed in; only the teller serving it can correct it",
                                 number=ticket.number), {"ticket": ticket.number})
    purpose = lobby.cfg.purposes.get(ticket.purpose or "")
    if purpose is None or not purpose.prefill:
        raise Invalid(*zh_en("{number}'s purpose has no pre-filled form", number=ticket.number), {"field": "ticket_id"})
    if not ticket.live:
        raise DomainError(*zh_en("{number} is {state}; only a live ticket takes a pre-fill", number=ticket.number,
                                 state=ticket.state), {"state": ticket.state})
    check(lobby, name, account, bank, payer)
    lobby.prefills[ticket.id] = {"kind": purpose.prefill, "payee_name": name, "payee_account": account,
                                 "bank": bank, "payer_card": payer}
    return {"ticket_id": ticket.id, "number": ticket.number, "held": True}


def _served(lobby: Lobby, ticket_id: int, counter: str | None):
    ticket = lobby.ticket(ticket_id)
    if counter is not None and not (ticket.counter == counter and ticket.state == "called"):
        raise Forbidden(*zh_en("only the counter serving this ticket may read or correct its pre-fill"),
                        {"counter": counter})
    return ticket


def masked(account: str) -> str:
    """An account as the audit log keeps it: the last 4 digits."""
    return "****" + account[-4:] if account else ""


def correct(lobby: Lobby, ticket_id: int, counter: str | None, name: str, account: str, bank: str,
            payer: str) -> tuple[dict, str]:
    """The serving teller corrects a pre-fill with the customer; returns it and the change for the audit log
    (names and accounts masked there)."""
    ticket = _served(lobby, ticket_id, counter)
    old = lobby.prefills.get(ticket.id)
    if old is None:
        raise DomainError(*zh_en("{number} has no pre-fill to correct", number=ticket.number), {"ticket": ticket.number})
    check(lobby, name, account, bank, payer)
    new = {**old, "payee_name": name, "payee_account": account, "bank": bank, "payer_card": payer}
    lobby.prefills[ticket.id] = new
    said = lambda d: f"{d['payee_name'][:1]}** {masked(d['payee_account'])} {d['bank']}"  # noqa: E731
    return {"ticket_id": ticket.id, "number": ticket.number, **new}, f"{said(old)} -> {said(new)}"


def for_teller(lobby: Lobby, ticket_id: int, counter: str | None) -> dict:
    """The pre-fill of a ticket called at the asking counter (None counter: the manager)."""
    ticket = _served(lobby, ticket_id, counter)
    data = lobby.prefills.get(ticket.id)
    if data is None:
        raise DomainError(*zh_en("{number} has no pre-fill (none was made, or it ended)", number=ticket.number),
                          {"ticket": ticket.number})
    return {"ticket_id": ticket.id, "number": ticket.number, **data}
