"""The lobby as each audience sees it (GET /api/queues): services with true waiting counts, counters, the
missed and parked lists, the self-service machines and the recent calls."""
from __future__ import annotations

from typing import Optional

from contract.base import Model
from contract.branch import Target
from contract.tickets import TicketForDisplay, TicketForManager, TicketForTeller


class Machine(Target):
    """A self-service machine as the lobby and the kiosk see it: the branch file's machine, in use or not."""

    suspended: bool = False


class MachineForStaff(Machine):
    """A self-service machine as staff see it: also why the manager took it out of use."""

    suspend_reason: Optional[str] = None


class Call(Model):
    """One call of a number to a counter, as the lobby saw it."""

    number: str
    counter: str
    counter_name_zh: Optional[str] = None
    counter_name_en: Optional[str] = None
    at: str = ""
    recall: bool = False
    ticket_id: Optional[int] = None


class ServiceBase(Model):
    """A queue with its true waiting count."""

    code: str
    prefix: str = ""
    name_zh: str = ""
    name_en: str = ""
    waiting: int = 0
    longest_wait_s: int = 0
    service_level_minutes: Optional[int] = None


class ServiceForDisplay(ServiceBase):
    tickets: list[TicketForDisplay] = []


class ServiceForTeller(ServiceBase):
    tickets: list[TicketForTeller] = []


class ServiceForManager(ServiceBase):
    tickets: list[TicketForManager] = []


class CounterBase(Model):
    """A counter (window): open or paused, and how many wait for the services it serves."""

    id: str
    name_zh: str = ""
    name_en: str = ""
    services: list[str] = []
    state: str = "open"
    waiting: int = 0


class CounterForDisplay(CounterBase):
    current: Optional[TicketForDisplay] = None


class CounterForTeller(CounterBase):
    current: Optional[TicketForTeller] = None


class CounterForManager(CounterBase):
    current: Optional[TicketForManager] = None


class LobbyBase(Model):
    """Which business day and event number this picture is of."""

    day: str
    seq: int
    log_id: str = ""
    recent_calls: list[Call] = []


class LobbyForDisplay(LobbyBase):
    """The lobby display's picture: numbers, queues, counters and machines; nothing about a customer."""

    services: list[ServiceForDisplay] = []
    counters: list[CounterForDisplay] = []
    missed: list[TicketForDisplay] = []
    parked: list[TicketForDisplay] = []
    targets: list[Machine] = []


class LobbyForTeller(LobbyBase):
    """A teller's picture: every queue's tickets as serving needs them, never a phone code."""

    services: list[ServiceForTeller] = []
    counters: list[CounterForTeller] = []
    missed: list[TicketForTeller] = []
    parked: list[TicketForTeller] = []
    targets: list[MachineForStaff] = []


class LobbyForManager(LobbyBase):
    """The lobby manager's picture: everything."""

    services: list[ServiceForManager] = []
    counters: list[CounterForManager] = []
    missed: list[TicketForManager] = []
    parked: list[TicketForManager] = []
    targets: list[MachineForStaff] = []
