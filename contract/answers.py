"""The host's other answers, each for the audiences its route names in queue_host's access declaration."""
from __future__ import annotations

from typing import Any, Optional

from contract.base import Model, Said
from contract.lobby import Machine, MachineForStaff
from contract.tickets import TicketForKiosk, TicketForManager, TicketForTeller, TicketOnScreen


class Health(Model):
    """Is the host up (anyone may ask): its business day, last event number and clock."""

    status: str
    day: str = ""
    seq: int = 0
    log_id: str = ""
    version: str = ""
    time: str = ""
    hq: Optional[dict[str, Any]] = None


class VisitBase(Said):
    """Where a visit goes and what to tell the customer."""

    visit_id: int
    route: str
    at: str = ""
    existing: bool = False
    reinstated: bool = False
    tier: str = "normal"
    high_value: bool = False
    fallback: Optional[str] = None


class VisitForKiosk(VisitBase):
    """The visit as the kiosk that made it sees it: the machine to send the customer to, or the ticket to print."""

    target: Optional[Machine] = None
    ticket: Optional[TicketForKiosk] = None


class VisitForManager(VisitBase):
    target: Optional[MachineForStaff] = None
    ticket: Optional[TicketForManager] = None


class CalledForTeller(Model):
    """A call's result at a counter: the ticket now called and the one it finished."""

    ticket: Optional[TicketForTeller] = None
    finished: Optional[TicketForTeller] = None


class CalledForManager(Model):
    ticket: Optional[TicketForManager] = None
    finished: Optional[TicketForManager] = None


class Teller(Model):
    """Who serves at a window, as the customer may see it: display name and staff number (never a login id)."""

    name_zh: str = ""
    name_en: str = ""
    staff_no: str = ""


class CounterScreen(Model):
    """What a counter's customer-facing screen shows: its window, the number served, the teller, a visit to rate."""

    id: str
    name_zh: str = ""
    name_en: str = ""
    state: str = "open"
    current: Optional[TicketOnScreen] = None
    teller: Optional[Teller] = None
    to_rate: Optional[TicketOnScreen] = None
    rating_window_s: int = 60


class Rated(Model):
    """A rating the host took."""

    ticket_id: int
    number: str
    rating: str


class Prefill(Model):
    """The pre-filled form of the ticket a teller serves (the payee in full: the teller keys it in)."""

    ticket_id: int
    number: str
    kind: str = ""
    payee_name: str = ""
    payee_account: str = ""
    bank: str = ""
    payer_card: str = ""


class PrefillHeld(Model):
    """The kiosk's pre-fill reached the host."""

    ticket_id: int
    number: str
    held: bool


class Block(Model):
    """A block of numbers reserved for one kiosk's offline tickets."""

    id: int
    day: str
    kiosk: str
    service: str
    prefix: str = ""
    digits: int = 3
    first: int
    last: int
    numbers: str = ""
    reserved_at: str = ""
    handed_in: Optional[int] = None


class KioskBlocks(Model):
    """This kiosk's reserved blocks of today."""

    kiosk: str
    day: str
    block_size: int
    blocks: list[Block] = []


class BlockAudit(Model):
    """Every kiosk's blocks of a day and how many of each were handed in (the manager's audit page)."""

    day: str
    blocks: list[Block] = []


class HandedIn(TicketForKiosk):
    """One offline ticket the host took: the kiosk's key and the ticket as it now is."""

    key: str


class HandInItem(Model):
    """One offline ticket the host did not take, and why (Chinese, then English)."""

    key: str
    number: str = ""
    ticket_id: Optional[int] = None
    problem_zh: Optional[str] = None
    problem: Optional[str] = None


class HandIn(Model):
    """What became of a kiosk's offline tickets."""

    accepted: list[HandedIn] = []
    duplicates: list[HandInItem] = []
    expired: list[HandInItem] = []
    refused: list[HandInItem] = []


class Alert(Model):
    """Something the lobby manager must see, Chinese first."""

    id: Optional[int] = None
    day: str = ""
    kind: str = ""
    key: str = ""
    message_zh: str = ""
    message_en: str = ""
    raised_at: Optional[str] = None
    cleared_at: Optional[str] = None
    owner: str = ""


class Alerts(Model):
    alerts: list[Alert] = []


class AuditEntry(Model):
    """One override: who, what, when, why."""

    at: str
    who: str
    action: str
    target: str = ""
    reason: Optional[str] = None


class Audit(Model):
    entries: list[AuditEntry] = []


class Lead(Model):
    """A customer's product need, recorded with consent, for a customer manager."""

    id: Optional[int] = None
    day: str = ""
    at: str = ""
    ticket: Optional[str] = None
    name: str = ""
    contact: str = ""
    need: str = ""
    by: str = ""
    consent_at: Optional[str] = None


class Leads(Model):
    leads: list[Lead] = []


class StaffMember(Model):
    """Someone who may sign in at a panel (no secrets)."""

    id: str
    role: str
    counter: Optional[str] = None
    name: str = ""
    name_zh: str = ""
    name_en: str = ""
    staff_no: str = ""
    label_zh: str = ""
    label_en: str = ""


class Staff(Model):
    staff: list[StaffMember] = []


class SignedIn(Model):
    """A sign-in session: its token stands for the staff member until sign-out or the host stops."""

    token: str
    staff: str
    role: str
    counter: Optional[str] = None
    name: str = ""
    name_zh: str = ""
    name_en: str = ""
    staff_no: str = ""


class SignedOut(Model):
    signed_out: bool


class Lock(Model):
    """A staff id locked after too many wrong PINs, until the manager lifts it."""

    staff: str
    since: str = ""
    name: str = ""
    failures: Optional[int] = None


class Locks(Model):
    locks: list[Lock] = []


class Unlocked(Model):
    """A staff member's wrong PINs forgotten by the manager."""

    staff: str
    unlocked: bool = True


class Figures(Model):
    """The day's headline figures (GET /api/stats): counts and rates, nothing about a person."""

    day: str
    visits: int = 0
    by_route: dict[str, int] = {}
    diverted: int = 0
    diverted_by_target: dict[str, int] = {}
    declined: int = 0
    declined_by_reason: dict[str, int] = {}
    fallback_to_counter: int = 0
    diversion_rate: float = 0.0
    tickets: int = 0
    tickets_by_service: dict[str, int] = {}
    states: dict[str, int] = {}
    wait_minutes: dict[str, Any] = {}
    service_minutes: dict[str, Any] = {}
    no_shows: int = 0
    reinstated: int = 0
    high_value: int = 0
    vip_tickets: int = 0
    duplicates_refused: int = 0
    recalls_per_call: float = 0.0
    elderly_visits: int = 0
    leads: int = 0
    empty_calls_saved: int = 0
    ratings: dict[str, Any] = {}


class Report(Figures):
    """The day's full figures for the manager's report, with the names a chart needs."""

    model_config = Model.model_config | {"extra": "allow"}
