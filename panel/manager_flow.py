"""Manager mode: every queue live, and the lobby manager's overrides, each with a short reason."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from fenliu.words import N_, en, zh, zh_en, zh_en_n
from queue_host.client import HostClient
from panel.names import Names, state_name
from panel.outcome import Outcome, attempt, done, refused

# Reasons offered with one touch; the manager may type another.
QUICK_REASONS: list[tuple[str, str]] = [
    zh_en("elderly customer"), zh_en("duplicate ticket"),
    zh_en("customer came back"), zh_en("customer cannot use the kiosk"),
    zh_en("machine fault"), zh_en("rebalancing the queues"),
]
# Why a self-service machine is taken out of use, offered with one touch when suspending it.
SUSPEND_REASONS: list[tuple[str, str]] = [
    zh_en("out of cash"), zh_en("machine fault"), zh_en("jammed"),
    zh_en("no paper"), zh_en("maintenance"),
]
# Why a machine is back in use: the suspend-style reasons (elderly customer, duplicate ticket) do not fit.
RESUME_REASONS: list[tuple[str, str]] = [
    zh_en("cash refilled"), zh_en("paper refilled"), zh_en("repaired"), zh_en("maintenance done"),
    zh_en("another reason (machine back)"),
]
MIN_REASON = 2
# The host's audit action codes, as the manager reads them (fenliu/labels.py: one catalog for all).
# Why a locked staff member is let in again, offered with one touch.
REASON_REQUIRED = N_("Give a short reason first")


@dataclass
class Row:
    """One ticket as a queue line: number, waiting time, tier and flags."""

    id: int
    number: str
    service: str
    state: str
    wait_minutes: int
    text_zh: str
    text_en: str
    over_level: bool = False
    label: str = ""


@dataclass
class ServiceView:
    """One service's queue."""

    code: str
    name_zh: str
    name_en: str
    waiting: int
    longest_wait_minutes: int
    service_level_minutes: int | None
    rows: list[Row] = field(default_factory=list)

    @property
    def over_level(self) -> bool:
        """Has the longest wait passed the service level?"""
        return bool(self.service_level_minutes) and self.longest_wait_minutes >= self.service_level_minutes


@dataclass
class ManagerView:
    """The whole lobby as the manager sees it."""

    services: list[ServiceView] = field(default_factory=list)
    counters: list[dict] = field(default_factory=list)
    missed: list[Row] = field(default_factory=list)
    parked: list[Row] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)


class ManagerFlow:
    """Reads the queues and performs overrides; an override without a reason is refused here."""

    def __init__(self, client: HostClient, names: Names, now: Callable[[], datetime] | None = None):
        self.client = client
        self.names = names
        self.now = now or (lambda: datetime.now(timezone.utc))
        self.view = ManagerView()

    def refresh(self) -> Outcome:
        """Read every queue, counter, the missed and parked lists and the self-service targets."""
        return attempt(self.client.queues, self._take)

    def _take(self, q: dict) -> Outcome:
        services = []
        for s in q.get("services", []):
            level = s.get("service_level_minutes")
            rows = [self.row(t, level) for t in s.get("tickets", [])]
            services.append(ServiceView(s["code"], s.get("name_zh", s["code"]), s.get("name_en", s["code"]),
                                        int(s.get("waiting", len(rows))), int(s.get("longest_wait_s", 0)) // 60,
                                        level, rows))
        self.view = ManagerView(services, list(q.get("counters", [])),
                                [self.row(t) for t in q.get("missed", [])],
                                [self.row(t) for t in q.get("parked", [])], list(q.get("targets", [])))
        return done(*zh_en("up to date"), self.view)

    def row(self, t: dict, level: int | None = None) -> Row:
        """One ticket as a readable line, Chinese and English."""
        wait = self.waited_minutes(t)
        chips = self.names.flags(t)
        st = state_name(t.get("state", ""))
        line = N_("{number}  {state}  waited {n} min")
        text_zh = zh(line, number=t["number"], state=st[0], n=wait) + "".join(f"  [{c[0]}]" for c in chips)
        text_en = en(line, number=t["number"], state=st[1], n=wait) + "".join(f"  [{c[1]}]" for c in chips)
        short = self.names.short_flags(t)
        status = zh_en("{n} min waited", n=wait) if t.get("state") == "waiting" else st
        label = f"[b]{t['number']}[/b]  {status[0]} / {status[1]}"
        if short:
            label += "\n" + " · ".join(c[0] for c in short) + "\n" + " · ".join(c[1] for c in short)
        return Row(t["id"], t["number"], t.get("service", ""), t.get("state", ""), wait, text_zh, text_en,
                   bool(level) and wait >= level, label)

    def waited_minutes(self, t: dict) -> int:
        """Minutes since the customer took the ticket (the host's wait_minutes is the estimate ahead)."""
        try:
            issued = datetime.fromisoformat(t["issued_at"])
        except (KeyError, TypeError, ValueError):
            return 0
        return max(0, int((self.now() - issued).total_seconds() // 60))

    def find(self, number: str) -> Row | None:
        """A live ticket by its number (as the manager reads it off a slip), across all lists."""
        number = number.strip().upper()
        for row in [r for s in self.view.services for r in s.rows] + self.view.missed + self.view.parked:
            if row.number == number:
                return row
        return None

    # -- overrides: each needs a reason, written by the host to its audit log
    def _override(self, reason: str, call, said_zh: str, said_en: str) -> Outcome:
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON:
            return refused(*zh_en(REASON_REQUIRED), "reason_required")
        result = attempt(lambda: call(reason), lambda answer: done(said_zh, said_en, answer))
        if result.ok:
            self.refresh()
        return result

    def to_front(self, ticket_id: int, reason: str) -> Outcome:
        """Move a waiting ticket to the front of its queue."""
        return self.move(ticket_id, 1, reason)

    def move(self, ticket_id: int, position: int, reason: str) -> Outcome:
        """Move a waiting ticket to a position in its queue (1 = front)."""
        return self._override(reason, lambda r: self.client.act(ticket_id, "move", position=position, reason=r),
                              *zh_en("moved to place {n}", n=position))

    def transfer(self, ticket_id: int, service: str, reason: str, note: str = "") -> Outcome:
        """Send a ticket to another service."""
        name = self.names.service(service)
        return self._override(reason, lambda r: self.client.act(ticket_id, "transfer", service=service,
                                                                 note=note or r, reason=r),
                              zh("transferred to {name}", name=name[0]), en("transferred to {name}", name=name[1]))

    def cancel(self, ticket_id: int, reason: str) -> Outcome:
        """Cancel a ticket (e.g. a duplicate)."""
        return self._override(reason, lambda r: self.client.act(ticket_id, "cancel", reason=r),
                              *zh_en("cancelled"))

    def reinstate(self, ticket_id: int, reason: str) -> Outcome:
        """Put a missed ticket back in its queue, a few places from the front."""
        return self._override(reason, lambda r: self.client.act(ticket_id, "reinstate", reason=r),
                              *zh_en("back in the queue"))

    def call_to(self, counter: str, ticket_id: int, reason: str) -> Outcome:
        """Call a specific waiting ticket to a counter, out of order."""
        name = self.names.counter(counter)
        return self._override(reason, lambda r: self.client.call(counter, ticket_id, r),
                              zh("called to {name}", name=name[0]), en("called to {name}", name=name[1]))

    def issue(self, service: str, reason: str, tier: str = "normal", elderly: bool = False,
              note: str = "", reprinter=None) -> Outcome:
        """Issue a ticket by hand for a customer who cannot use the kiosk, printed if the panel has a printer."""
        def call(r):
            return self.client.issue(service, r, tier=tier, elderly=elderly, note=note)
        out = self._override(reason, call, *zh_en("ticket issued"))
        if not out.ok:
            return out
        n = out.data["number"]
        if reprinter is not None and reprinter.spec:
            printed = attempt(self.client.config, lambda config: reprinter.reprint(out.data, config))
            if not printed.ok:
                why = N_("Issued {number}, not printed: {why}")
                return done(zh(why, number=n, why=printed.message_zh), en(why, number=n, why=printed.message_en),
                            out.data)
            return done(*zh_en("Issued and printed {number}", number=n), out.data)
        return done(*zh_en("Issued {number}", number=n), out.data)

    def pause_counter(self, counter: str, reason: str) -> Outcome:
        """Pause a counter."""
        return self._override(reason, lambda r: self.client.pause(counter, r),
                              *zh_en("counter paused"))

    def open_counter(self, counter: str, reason: str) -> Outcome:
        """Open (resume) a counter."""
        return self._override(reason, lambda r: self.client.resume(counter, r),
                              *zh_en("counter open"))

    def suspend_target(self, code: str, reason: str) -> Outcome:
        """Take a self-service machine out of use (e.g. the ATM is out of cash)."""
        name = self.names.target(code)
        return self._override(reason, lambda r: self.client.suspend_target(code, r),
                              zh("{name} suspended", name=name[0]), en("{name} suspended", name=name[1]))

    def resume_target(self, code: str, reason: str) -> Outcome:
        """Put a self-service machine back in use."""
        name = self.names.target(code)
        return self._override(reason, lambda r: self.client.resume_target(code, r),
                              zh("{name} back in use", name=name[0]), en("{name} back in use", name=name[1]))

    def reprint(self, ticket_id: int, reason: str, reprinter) -> Outcome:
        """Print a ticket again (lost or unreadable slip) on the panel's printer."""
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON:
            return refused(*zh_en(REASON_REQUIRED), "reason_required")
        # Print first, then have the host audit the reprint: a printer fault must leave no audit entry.
        got = attempt(lambda: (self.client.ticket(ticket_id), self.client.config()), lambda a: done("", "", a))
        if not got.ok:
            return got
        ticket, config = got.data
        printed = reprinter.reprint(ticket, config)
        if not printed.ok:
            return printed
        recorded = attempt(lambda: self.client.act(ticket_id, "reprint", reason=reason), lambda a: printed)
        if not recorded.ok:
            why = N_("{printed}, but the audit entry failed: {why}")
            return Outcome(False, zh(why, printed=printed.message_zh, why=recorded.message_zh),
                           en(why, printed=printed.message_en, why=recorded.message_en), printed.data, recorded.error)
        return recorded
