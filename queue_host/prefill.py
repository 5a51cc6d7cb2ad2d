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


def hold(lobby: Lobby, ticket_id: int, name: str, account: str, bank: str, payer: str) -> dict:
    """Keep a live ticket's pre-fill for its teller (replacing an earlier one of the same ticket)."""
    ticket = lobby.ticket(ticket_id)
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


def for_teller(lobby: Lobby, ticket_id: int, counter: str | None) -> dict:
    """The pre-fill of a ticket called at the asking counter (None counter: the manager)."""
    ticket = lobby.ticket(ticket_id)
    if counter is not None and not (ticket.counter == counter and ticket.state == "called"):
        raise Forbidden(*zh_en("only the counter serving this ticket may read its pre-fill"), {"counter": counter})
    data = lobby.prefills.get(ticket.id)
    if data is None:
        raise DomainError(*zh_en("{number} has no pre-fill (none was made, or it ended)", number=ticket.number),
                          {"ticket": ticket.number})
    return {"ticket_id": ticket.id, "number": ticket.number, **data}
