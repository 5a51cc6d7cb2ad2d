"""The scripted headless branch: visitors through the kiosk, tellers at their windows, the manager steering."""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from demo.clock import Agenda, FastClock
from demo.host import staff
from demo.kiosk import CountingPrinter, DemoKiosk
from demo.script import Visitor
from panel.counter_flow import CounterFlow
from panel.leads_flow import LeadsFlow
from panel.manager_flow import ManagerFlow
from panel.names import Names
from panel.reprint import Reprinter
from panel.session import sign_in
from printer import open_printer
from queue_host.client import HostClient, HostError, HostUnreachable

RECALL_GAP_S = 20      # branch seconds a teller waits for a customer before calling again
WALK_GAP_S = 15        # branch seconds between one customer leaving and the next call
IDLE_RETRY_S = 30      # branch seconds an idle teller waits before trying again


@dataclass
class Ledger:
    """What the demo itself saw happen; the summary checks it against the host's own figures."""

    visits: int = 0
    routes: Counter = field(default_factory=Counter)
    diverted: Counter = field(default_factory=Counter)
    declined: Counter = field(default_factory=Counter)
    tickets: Counter = field(default_factory=Counter)
    no_show_ids: set = field(default_factory=set)
    reinstated_ids: set = field(default_factory=set)
    existing: int = 0
    fallbacks: int = 0
    manual: int = 0
    called: int = 0
    finished: int = 0
    transferred: int = 0
    cancelled: int = 0
    leads: int = 0
    overrides: Counter = field(default_factory=Counter)
    printed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def no_shows(self) -> int:
        """Tickets missed at least once (as the host counts them)."""
        return len(self.no_show_ids)

    @property
    def reinstated(self) -> int:
        """Tickets put back in the queue at least once."""
        return len(self.reinstated_ids)

    def count_visit(self, answer: dict) -> None:
        """One answer of POST /api/visits, counted the way the host's figures count visits."""
        self.visits += 1
        self.routes[answer.get("route", "")] += 1
        if answer.get("route") == "self_service" and answer.get("target"):
            self.diverted[answer["target"]["code"]] += 1
        if answer.get("fallback"):
            self.fallbacks += 1


class Branch:
    """One scripted opening of the branch against a running host."""

    def __init__(self, url: str, config_path: Path, people: list[Visitor], minutes: float, speed: float,
                 out_dir: Path, epoch: float | None = None, kiosk=None):
        self.url, self.people, self.end_s = url, people, minutes * 60
        self.out_dir = out_dir
        tokens = staff(config_path)
        self.config = HostClient(url, tokens["kiosk"]["token"]).config()
        self.names = Names.from_config(self.config)
        threshold = int(self.config["diversion"]["cash_threshold_cny"])
        self.high_value_cny = int(self.config["diversion"]["high_value_cny"])
        self.printer = CountingPrinter(open_printer(f"preview:{out_dir / 'tickets'}"))
        # The visitors' kiosk: the kiosk window when the demo shows one (kiosk=WindowKiosk), else the plain flow.
        self.kiosk = kiosk or DemoKiosk(HostClient(url, tokens["kiosk"]["token"]), self.printer, threshold)
        if hasattr(self.kiosk, "threshold"):
            self.kiosk.threshold = threshold
        manager = self._sign_in("manager", tokens["manager"]["pin"])
        self.manager = ManagerFlow(manager.client(), self.names)
        self.leads = LeadsFlow(manager.client())
        self.tellers: dict[str, CounterFlow] = {}
        for key, tok in sorted(tokens.items()):
            if key.startswith("counter-") and tok.get("pin"):
                s = self._sign_in(key, tok["pin"])
                self.tellers[s.counter] = CounterFlow(s.client(), s.counter, self.names)
        self.agenda = Agenda(FastClock(speed, epoch))
        self.ledger = Ledger()
        self.by_ticket: dict[int, Visitor] = {}
        self.reprinter = Reprinter(f"preview:{out_dir / 'tickets'}")

    def _sign_in(self, who: str, pin: str):
        out = sign_in(self.url, who, str(pin))
        if not out.ok:
            raise RuntimeError(f"demo staff sign-in failed: {out.message}")
        return out.data

    # -- the story
    def run(self) -> Ledger:
        """Play the branch hour in accelerated time; returns the demo's own ledger."""
        for v in self.people:
            self.agenda.at(v.arrive_s, lambda v=v: self.arrive(v))
        for i, cid in enumerate(sorted(self.tellers)):
            self.agenda.at(30 + 10 * i, lambda cid=cid: self.teller(cid))
        self.manager_script()
        self.agenda.run(self.end_s)
        self.kiosk.close()
        self.printer.wait()
        self.ledger.printed += self.printer.printed
        return self.ledger

    def _safe(self, what: str, call: Callable[[], dict | None]) -> dict | None:
        try:
            return call()
        except (HostError, HostUnreachable) as exc:
            self.ledger.errors.append(f"{what}: {exc}")
            return None

    def arrive(self, v: Visitor, second_press: bool = False) -> dict | None:
        """A visitor uses the kiosk; a ticket is printed if the host gives one."""
        answer = self._safe(f"visit {v.n}", lambda: self.kiosk.visit(v))
        if answer is None:
            return None
        # Shown the machine, then insisted on the counter: the kiosk's second request replaces the
        # first visit at the host, so it is one visit, counted as declined rather than diverted.
        self.ledger.count_visit(answer)
        if v.decline_reason and answer.get("ticket") and answer["ticket"].get("declined"):
            self.ledger.declined[v.decline_reason] += 1
        ticket = answer.get("ticket")
        if ticket:
            if answer.get("reinstated"):
                self.ledger.reinstated_ids.add(ticket["id"])
            elif answer.get("existing"):
                self.ledger.existing += 1
            else:
                self.ledger.tickets[ticket["service"]] += 1
            self.by_ticket[ticket["id"]] = v
            if answer.get("high_value") and v.wants_product and not second_press:
                out = self.leads.add(f"客户{v.n:03d}", f"1380000{v.n:04d}", self.names.service(ticket["service"])[0],
                                     True, ticket["id"])
                self.ledger.leads += out.ok
        return answer

    def teller(self, cid: str) -> None:
        """A teller calls the next customer, then serves, transfers or gives up on them."""
        flow = self.tellers[cid]
        if flow.view.paused:
            self.agenda.after(IDLE_RETRY_S, lambda: self.teller(cid))
            return
        out = flow.call_next()
        ticket = out.data if out.ok else None
        if not isinstance(ticket, dict):
            self.agenda.after(IDLE_RETRY_S, lambda: self.teller(cid))
            return
        self.ledger.called += 1
        v = self.by_ticket.get(ticket["id"])
        if v is None or self.agenda.current >= v.arrive_s + v.patience_s:
            self.agenda.after(RECALL_GAP_S, lambda: self.no_answer(cid, ticket, v, 2))
        else:
            self.agenda.after(v.service_s, lambda: self.served(cid, ticket, v))

    def no_answer(self, cid: str, ticket: dict, v: Visitor | None, recalls_left: int) -> None:
        """Nobody comes: recall, and after the last recall the number is missed (过号)."""
        flow = self.tellers[cid]
        if recalls_left > 0 and flow.recall().ok:
            self.agenda.after(RECALL_GAP_S, lambda: self.no_answer(cid, ticket, v, recalls_left - 1))
            return
        if flow.no_show().ok:
            self.ledger.no_show_ids.add(ticket["id"])
            if v is not None and v.returns_after_s is not None:
                self.agenda.at(max(self.agenda.current, v.arrive_s + v.patience_s) + v.returns_after_s,
                               lambda: self.comes_back(v, ticket))
        self.agenda.after(WALK_GAP_S, lambda: self.teller(cid))

    def served(self, cid: str, ticket: dict, v: Visitor) -> None:
        """Done at the counter; a high-value customer who wants a product goes on to the wealth adviser."""
        flow = self.tellers[cid]
        wealth_here = "wealth" in flow.view.services
        big = ticket.get("high_value") or (v.amount or 0) >= self.high_value_cny or v.purpose == "deposit_certificate"
        if v.wants_product and big \
                and not wealth_here and ticket.get("service") != "wealth":
            out = flow.transfer("wealth", "想了解大额存单和理财 / wants deposit certificates and wealth products")
            if out.ok:
                self.ledger.transferred += 1
                self.ledger.tickets[ticket["service"]] -= 1
                self.ledger.tickets["wealth"] += 1
                self.by_ticket[out.data["id"]] = dataclasses.replace(v, service_s=600.0, wants_product=False)
        elif flow.finish().ok:
            self.ledger.finished += 1
        self.agenda.after(WALK_GAP_S, lambda: self.teller(cid))

    def comes_back(self, v: Visitor, ticket: dict) -> None:
        """A missed customer returns: by card at the kiosk, or to the lobby manager without one."""
        present = dataclasses.replace(v, patience_s=10**9, returns_after_s=None)
        if v.returns_with_card:
            answer = self.arrive(present)
            if answer and answer.get("ticket"):
                self.by_ticket[answer["ticket"]["id"]] = present
            return
        out = self.manager.reinstate(ticket["id"], "客户返回，重新排队 / customer came back")
        if out.ok:
            self.ledger.reinstated_ids.add(ticket["id"])
            self.ledger.overrides["reinstate"] += 1
            self.by_ticket[out.data["id"]] = present
        else:
            self.ledger.errors.append(f"reinstate {ticket['number']}: {out.message_en}")

    # -- the lobby manager's scripted overrides, at fractions of the opening
    def manager_script(self) -> None:
        """Schedule the manager's overrides: a hand-issued ticket, an ATM out of cash, a duplicate, a break."""
        at = lambda f, act: self.agenda.at(self.end_s * f, act)  # noqa: E731 - a local shorthand
        at(0.08, self.issue_by_hand)
        at(0.20, lambda: self._override("suspend", self.manager.suspend_target(
            "cash_recycler", "存取款一体机缺钞 / cash recycler out of cash")))
        at(0.40, lambda: self._override("resume", self.manager.resume_target(
            "cash_recycler", "已加钞 / refilled")))
        at(0.30, self.elderly_to_front)
        at(0.35, self.duplicate_then_cancel)
        at(0.50, lambda: self.tellers["3"].pause("短暂离开 / short break") if "3" in self.tellers else None)
        at(0.58, lambda: self.tellers["3"].resume() if "3" in self.tellers else None)

    def _override(self, action: str, out) -> None:
        if out.ok:
            self.ledger.overrides[action] += 1
        else:
            self.ledger.errors.append(f"{action}: {out.message_en}")

    def issue_by_hand(self) -> None:
        """An elderly customer who cannot use the kiosk gets a ticket from the manager."""
        out = self.manager.issue("cash", "老人不会用取号机 / cannot use the kiosk", elderly=True)
        self._override("issue", out)
        if out.ok:
            self.ledger.manual += 1
            self.ledger.tickets[out.data["service"]] += 1
            # The manager prints the hand-issued ticket on the panel's printer.
            self.ledger.printed += self.reprinter.reprint(out.data, self.config).ok
            self.by_ticket[out.data["id"]] = Visitor(0, self.agenda.current, "cash", None, None, True, False, None,
                                                     10**9, None, False, 300.0, False, "zh")

    def elderly_to_front(self) -> None:
        """The manager moves the longest-waiting elderly customer to the front of their queue."""
        self.manager.refresh()
        rows = [(s, i, r) for s in self.manager.view.services for i, r in enumerate(s.rows) if i > 0]
        elderly = [(s, i, r) for s, i, r in rows
                   if self.by_ticket.get(r.id) and self.by_ticket[r.id].elderly]
        if elderly:
            _, _, row = max(elderly, key=lambda x: x[2].wait_minutes)
            self._override("move", self.manager.to_front(row.id, "老年客户照顾 / elderly customer"))

    def duplicate_then_cancel(self) -> None:
        """A customer without a card presses the kiosk twice; the manager cancels the spare ticket."""
        v = Visitor(9000, self.agenda.current, "card_loss", None, None, False, False, None, 10**9, None, False,
                    360.0, False, "zh")
        self.arrive(v)
        spare = self.arrive(v, second_press=True)
        if spare and spare.get("ticket") and not spare.get("existing"):
            tid = spare["ticket"]["id"]
            self.agenda.after(60, lambda: self._cancel(tid))

    def _cancel(self, ticket_id: int) -> None:
        out = self.manager.cancel(ticket_id, "重复取号 / duplicate ticket")
        self._override("cancel", out)
        self.ledger.cancelled += out.ok
