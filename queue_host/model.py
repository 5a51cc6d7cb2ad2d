"""Plain domain objects: tickets, counter and target states, and the domain's errors."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from operator import itemgetter
from typing import Any

LIVE = ("waiting", "called", "parked", "missed")
ENDED = ("finished", "cancelled", "unserved")


class DomainError(Exception):
    """A request the branch's rules refuse; the state is unchanged. `error` names why (no HTTP here)."""

    error = "wrong_state"

    def __init__(self, message_zh: str, message_en: str, detail: Any = None):
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.detail = detail


class Invalid(DomainError):
    """The request itself is wrong (unknown purpose, bad amount...)."""

    error = "invalid"


class NotFound(DomainError):
    """No such ticket, counter, service or target."""

    error = "not_found"


class Forbidden(DomainError):
    """The caller's role may not do this."""

    error = "forbidden"


class QueueFull(DomainError):
    """Every number of a service is held by a live ticket."""

    error = "queue_full"


@dataclass
class Ticket:
    id: int
    day: str
    code: str
    number: str
    seq: int
    service: str
    purpose: str | None
    state: str
    issued_at: datetime
    queued_at: datetime
    rank: float
    tier: str = "normal"
    vip: bool = False
    high_value: bool = False
    elderly: bool = False
    lang: str = "zh"
    declined_target: str | None = None
    declined_reason: str | None = None
    note: str = ""
    ref_hash: str | None = None
    called_at: datetime | None = None
    last_call_at: datetime | None = None
    finished_at: datetime | None = None
    missed_at: datetime | None = None
    counter: str | None = None
    calls: int = 0
    reinstated: int = 0
    transferred_from: str | None = None
    park_until: datetime | None = None
    preferred_counter: str | None = None
    service_s: float | None = None
    visit_id: int | None = None
    kiosk_block: int | None = None  # issued by a kiosk offline, from this reserved block
    offline_key: str | None = None  # "kiosk:key" of the kiosk's hand-in: a re-sent one inserts nothing
    cancelled_by: str | None = None  # "customer" when the customer cancelled from their phone
    teller: str | None = None  # staff id of the teller who called it
    rating: str | None = None  # the customer's rating at the counter screen, once per finished visit
    issued_by: str | None = None  # the token id that issued it (a kiosk, or the manager): its pre-fill is theirs
    changed_service_s: bool = field(default=False, repr=False, compare=False)

    @property
    def live(self) -> bool:
        """Still in the branch's queue (waiting, called, parked or missed)."""
        return self.state in LIVE

    def to_row(self) -> dict:
        """Serialisable form for the store (every field is a plain value: no deep copy needed)."""
        row = dict(zip(_TICKET_ROW, _ticket_values(self.__dict__)))
        for key in _TICKET_TIMES:
            if row[key] is not None:
                row[key] = row[key].isoformat()
        return row

    @classmethod
    def from_row(cls, row: dict) -> "Ticket":
        """Rebuild from the store's form."""
        row = dict(row)
        for key in ("issued_at", "queued_at", "called_at", "last_call_at", "finished_at", "missed_at", "park_until"):
            if row.get(key):
                row[key] = datetime.fromisoformat(row[key])
        return cls(**row)


@dataclass
class CounterState:
    id: str
    paused: bool = False
    current: int | None = None
    vip_streak: int = 0
    teller: str | None = None  # staff id of the teller who last called at this counter

    def to_row(self) -> dict:
        """Serialisable form for the store."""
        return asdict(self)


@dataclass
class TargetState:
    code: str
    suspended: bool = False
    reason: str = ""

    def to_row(self) -> dict:
        """Serialisable form for the store."""
        return asdict(self)


@dataclass
class Alert:
    id: int
    day: str
    kind: str
    key: str
    message_zh: str
    message_en: str
    raised_at: datetime
    cleared_at: datetime | None = None
    owner: str = ""  # the device or staff member who raised it; "" for the host's own rules

    def to_row(self) -> dict:
        """Serialisable form for the store and the API."""
        row = asdict(self)
        row["raised_at"] = self.raised_at.isoformat()
        row["cleared_at"] = self.cleared_at.isoformat() if self.cleared_at else None
        return row

    @classmethod
    def from_row(cls, row: dict) -> "Alert":
        """Rebuild from the store's form."""
        row = dict(row)
        row["raised_at"] = datetime.fromisoformat(row["raised_at"])
        row["cleared_at"] = datetime.fromisoformat(row["cleared_at"]) if row.get("cleared_at") else None
        return cls(**row)


@dataclass
class Visit:
    id: int
    day: str
    at: datetime
    purpose: str
    route: str
    target: str | None = None
    ticket_id: int | None = None
    declined_reason: str | None = None
    fallback: str | None = None
    tier: str = "normal"
    high_value: bool = False
    request_id: str | None = None
    elderly: bool = False
    by: str | None = None  # the token id that made the visit: only it may ask again or replace it

    def to_row(self) -> dict:
        """Serialisable form for the store (every field is a plain value: no deep copy needed)."""
        row = dict(zip(_VISIT_ROW, _visit_values(self.__dict__)))
        row["at"] = self.at.isoformat()
        return row


_TICKET_ROW = tuple(f.name for f in fields(Ticket) if f.name != "changed_service_s")
_TICKET_TIMES = tuple(f.name for f in fields(Ticket) if "datetime" in str(f.type))
_VISIT_ROW = tuple(f.name for f in fields(Visit))
_ticket_values, _visit_values = itemgetter(*_TICKET_ROW), itemgetter(*_VISIT_ROW)


@dataclass
class Block:
    """Numbers of one service reserved for one kiosk for one day: the host's numbering never uses them."""

    id: int
    day: str
    kiosk: str
    service: str
    first: int
    last: int
    reserved_at: datetime

    def holds(self, n: int) -> bool:
        """Is number n (without prefix) in this block?"""
        return self.first <= n <= self.last

    def to_row(self) -> dict:
        """Serialisable form for the store."""
        row = asdict(self)
        row["reserved_at"] = self.reserved_at.isoformat()
        return row

    @classmethod
    def from_row(cls, row: dict) -> "Block":
        """Rebuild from the store's form."""
        return cls(**{**row, "reserved_at": datetime.fromisoformat(row["reserved_at"])})


@dataclass
class Contact:
    """A kiosk token's contact with the host: its last request, and the last one before its latest silence."""

    last: datetime
    before_gap: datetime | None = None
    saved: datetime | None = field(default=None, compare=False)  # `last` as the store has it

    def to_row(self) -> dict:
        """Serialisable form for the store."""
        return {"last": self.last.isoformat(), "before_gap": self.before_gap.isoformat() if self.before_gap else None}

    @classmethod
    def from_row(cls, row: dict) -> "Contact":
        """Rebuild from the store's form."""
        last = datetime.fromisoformat(row["last"])
        before = datetime.fromisoformat(row["before_gap"]) if row.get("before_gap") else None
        return cls(last=last, before_gap=before, saved=last)


@dataclass
class Changes:
    """What one command changed: the store writes exactly this, in the same transaction."""

    tickets: dict[int, Ticket] = field(default_factory=dict)
    counters: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    meta: bool = False
    visits: list[Visit] = field(default_factory=list)
    alerts: dict[int, Alert] = field(default_factory=dict)
    audit: list[dict] = field(default_factory=list)
    leads: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    contacts: set[str] = field(default_factory=set)  # kiosk tokens whose last contact changed
    pins: dict[str, dict | None] = field(default_factory=dict)  # staff id -> wrong PINs and lock (None: none)
    purge_leads_before: str | None = None  # a business day: leads of earlier days are deleted

    def empty(self) -> bool:
        """Nothing to write."""
        return not (self.tickets or self.counters or self.targets or self.meta or self.visits
                    or self.alerts or self.audit or self.leads or self.events or self.blocks
                    or self.contacts or self.pins)
