"""A ticket, once per audience: each sees only the fields it needs.

- display: the number, its queue and where it is called (the lobby sees this anyway);
- counter screen: the number served at its own window;
- phone: the customer's own ticket (contract.phone);
- kiosk: the ticket it just printed, with the phone code and status URL for the QR;
- teller: what serving needs (tier, high value, note, pre-fill), never the phone code;
- manager: everything, the phone code and status URL included (to reprint).
"""
from __future__ import annotations

from typing import Optional

from contract.base import Model


class Declined(Model):
    """The self-service machine a customer turned down, and why (codes from the branch file)."""

    target: Optional[str] = None
    reason: Optional[str] = None


class TicketOnScreen(Model):
    """A ticket as the customer-facing counter screen sees it."""

    id: int
    number: str
    service: str
    service_name_zh: str = ""
    service_name_en: str = ""
    state: str


class TicketForDisplay(TicketOnScreen):
    """A ticket as the lobby display sees it: number, queue, state and counter."""

    counter: Optional[str] = None
    calls: int = 0
    reinstated: int = 0
    called_at: Optional[str] = None


class TicketDetails(TicketForDisplay):
    """What the kiosk prints and a teller serves by: purpose, tier, flags, the wait, the paper form."""

    purpose: Optional[str] = None
    tier: str = "normal"
    vip: bool = False
    high_value: bool = False
    elderly: bool = False
    lang: str = "zh"
    issued_at: Optional[str] = None
    people_ahead: int = 0
    wait_minutes: int = 0
    form_template: Optional[str] = None
    offline: bool = False
    prefill: Optional[str] = None
    declined: Optional[Declined] = None  # the machine this customer turned down here, and why


class TicketForKiosk(TicketDetails):
    """The ticket the kiosk just printed: what goes on paper and behind the QR."""

    code: str = ""
    status_url: str = ""


class TicketForTeller(TicketDetails):
    """A ticket as a teller sees it: what serving needs; never the phone code."""

    note: str = ""
    finished_at: Optional[str] = None
    transferred_from: Optional[str] = None
    park_until: Optional[str] = None
    teller: Optional[str] = None
    rating: Optional[str] = None
    prefilled: bool = False


class TicketForManager(TicketForTeller):
    """A ticket as the lobby manager sees it: everything, the phone code to reprint included."""

    code: str = ""
    status_url: str = ""
