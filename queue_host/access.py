"""Who may call each route, and what each caller receives: the one declaration of the host's permissions.

Every route of the host has an entry here; a route without one cannot be built (queue_host.guard refuses it),
and tests/test_host_access.py tries every route with every identity from this table. For each role a
route admits, the entry names the contract model of its answer: a field that model does not declare never
leaves the host for that role.
"""
from __future__ import annotations

from dataclasses import dataclass

from contract import answers as a
from contract.branch import Branch
from contract.lobby import LobbyForDisplay, LobbyForManager, LobbyForTeller, MachineForStaff
from contract.lobby import CounterForManager, CounterForTeller
from contract.phone import TicketForPhone
from contract.tickets import TicketForManager, TicketForTeller

ANYONE = "anyone"  # no token needed (the phone's code, the health check, signing in)
LOOPBACK = "loopback"  # a caller on the host machine itself, without a token
ROLES = ("kiosk", "display", "counter", "manager", "counter_screen", "panel")


@dataclass(frozen=True)
class Rule:
    """The identities a route admits, each with the model of what it receives (None: not JSON, e.g. a stream).

    `own_counter` names the path parameter holding a counter: a teller or counter screen is admitted only
    at its own counter (the manager anywhere)."""

    answers: dict[str, type | None]
    own_counter: str | None = None
    owner_note: str = ""  # a check the route makes against the thing it writes, for the README and tests
    ticket_at_counter: bool = False  # a teller only for a ticket called at their own counter (checked in the domain)

    def admits(self, role: str) -> bool:
        """May a token of this role call the route at all?"""
        return ANYONE in self.answers or role in self.answers

    def model_for(self, role: str | None) -> type | None:
        """The answer model for a caller (None role: no token)."""
        if role is not None and role in self.answers:
            return self.answers[role]
        return self.answers.get(ANYONE, self.answers.get(LOOPBACK))


def staff(teller: type | None, manager: type | None) -> dict:
    """A route for the teller (at their own counter when the rule says so) and the manager."""
    return {"counter": teller, "manager": manager}


TELLER_ACTIONS = ("recall", "no-show", "transfer", "park", "finish")
MANAGER_ACTIONS = ("reinstate", "cancel", "reprint", "move")

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/health"): Rule({ANYONE: a.Health}),
    ("GET", "/metrics"): Rule({LOOPBACK: None, "manager": None}),
    ("GET", "/openapi.json"): Rule({LOOPBACK: None, **{r: None for r in ROLES}}),
    ("GET", "/api/config"): Rule({r: Branch for r in ("kiosk", "display", "counter", "manager", "counter_screen")}),
    ("POST", "/api/visits"): Rule({"kiosk": a.VisitForKiosk, "manager": a.VisitForManager},
                                  owner_note="a request id and a replaced visit count only for the token that made them"),
    ("POST", "/api/tickets"): Rule({"manager": TicketForManager}),
    ("GET", "/api/queues"): Rule({"display": LobbyForDisplay, **staff(LobbyForTeller, LobbyForManager)}),
    ("GET", "/api/tickets/{ticket_id}"): Rule(staff(TicketForTeller, TicketForManager)),
    ("POST", "/api/counters/{counter_id}/call-next"): Rule(staff(a.CalledForTeller, a.CalledForManager), "counter_id"),
    ("POST", "/api/counters/{counter_id}/call"): Rule(staff(a.CalledForTeller, a.CalledForManager), "counter_id"),
    ("POST", "/api/counters/{counter_id}/pause"): Rule(staff(CounterForTeller, CounterForManager), "counter_id"),
    ("POST", "/api/counters/{counter_id}/resume"): Rule(staff(CounterForTeller, CounterForManager), "counter_id"),
    **{("POST", f"/api/tickets/{{ticket_id}}/{name}"): Rule(staff(TicketForTeller, TicketForManager),
                                                           ticket_at_counter=True) for name in TELLER_ACTIONS},
    **{("POST", f"/api/tickets/{{ticket_id}}/{name}"): Rule({"manager": TicketForManager}) for name in MANAGER_ACTIONS},
    ("POST", "/api/targets/{code}/suspend"): Rule({"manager": MachineForStaff}),
    ("POST", "/api/targets/{code}/resume"): Rule({"manager": MachineForStaff}),
    ("POST", "/api/signin"): Rule({ANYONE: a.SignedIn}),
    ("POST", "/api/signout"): Rule({r: a.SignedOut for r in ROLES}),
    ("GET", "/api/staff"): Rule({"panel": a.Staff, "counter": a.Staff, "manager": a.Staff}),
    ("GET", "/api/staff/locks"): Rule({"manager": a.Locks}),
    ("POST", "/api/staff/{staff_id}/unlock"): Rule({"manager": a.Unlocked}),
    ("GET", "/api/alerts"): Rule({"manager": a.Alerts}),
    ("POST", "/api/alerts"): Rule({r: a.Alert for r in ("kiosk", "display", "counter", "manager")},
                                  owner_note="a device raises or clears only its own fault"),
    ("POST", "/api/alerts/{alert_id}/clear"): Rule({"manager": a.Alert}),
    ("GET", "/api/audit"): Rule({"manager": a.Audit}),
    ("POST", "/api/leads"): Rule({"counter": a.Lead, "manager": a.Lead}),
    ("GET", "/api/leads"): Rule({"manager": a.Leads}),
    ("GET", "/api/leads.csv"): Rule({"manager": None}),
    ("GET", "/api/stats"): Rule({"manager": a.Figures}),
    ("GET", "/api/report"): Rule({"manager": a.Report}),
    ("GET", "/api/events"): Rule({r: None for r in ("display", "counter", "manager", "counter_screen")}),
    ("POST", "/api/kiosk/blocks"): Rule({"kiosk": a.KioskBlocks}),
    ("POST", "/api/kiosk/offline-tickets"): Rule({"kiosk": a.HandIn},
                                                 owner_note="a kiosk hands in only numbers of its own blocks"),
    ("GET", "/api/kiosk-blocks"): Rule({"manager": a.BlockAudit}),
    ("GET", "/t/{code}"): Rule({ANYONE: TicketForPhone}),
    ("GET", "/t/{code}/events"): Rule({ANYONE: None}),
    ("POST", "/t/{code}/cancel"): Rule({ANYONE: TicketForPhone}),
    ("GET", "/api/counters/{counter_id}/screen"): Rule(
        {"counter_screen": a.CounterScreen, "counter": a.CounterScreen, "manager": a.CounterScreen}, "counter_id"),
    ("POST", "/api/counters/{counter_id}/ratings"): Rule({"counter_screen": a.Rated}, "counter_id",
                                                        owner_note="only the visit the screen is showing"),
    ("POST", "/api/tickets/{ticket_id}/prefill"): Rule({"kiosk": a.PrefillHeld},
                                                       owner_note="once, by the kiosk that issued the ticket"),
    ("PUT", "/api/tickets/{ticket_id}/prefill"): Rule({"counter": a.Prefill, "manager": a.Prefill},
                                                      owner_note="corrections are audited", ticket_at_counter=True),
    ("GET", "/api/tickets/{ticket_id}/prefill"): Rule({"counter": a.Prefill, "manager": a.Prefill},
                                                      ticket_at_counter=True),
}


def rule_for(method: str, path: str) -> Rule:
    """The declared rule of a route; a route nobody declared is a mistake, found when the app is built."""
    try:
        return RULES[(method, path)]
    except KeyError:
        raise LookupError(f"{method} {path} has no entry in queue_host/access.py RULES: declare who may call it "
                          "and what each caller receives") from None
