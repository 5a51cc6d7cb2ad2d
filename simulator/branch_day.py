"""One simulated branch day (SimPy): people and tellers act, and every decision is the host's own rule
(queue_host visits, calling, overrides, alerts) run on a Lobby with the virtual clock passed as `now`."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import simpy

from simulator.hours import counter_hours
from simulator.people import Person, draw_time, people
from simulator.scenario import Scenario
from queue_host import alerts, calling, figures, overrides, visits
from queue_host.config import Token
from queue_host.lobby import Lobby, business_day
from queue_host.visits import VisitRequest

EPOCH = (2026, 1, 5)  # a Monday: the simulated day's date
MANAGER = Token(id="simulator", token_hash="", role="manager", name="simulator")
ALERT_EVERY_S = 60
ATTENDED = ("lobby_visit", "high_value")  # alerts the lobby manager walks over to and clears


@dataclass
class DayResult:
    """What one simulated day left: the event log, its figures, and what only the simulation sees."""

    events: list[dict]
    figures: dict
    visitors: int
    machine_waits_s: list[float] = field(default_factory=list)
    hours: dict[str, dict] = field(default_factory=dict)  # per counter, against its schedule (see hours.py)
    calls: int = 0
    calls_after_close: int = 0  # first calls at or after the branch's closing time


class BranchDay:
    """The lobby, the tellers and the customers of one simulated day."""

    def __init__(self, s: Scenario, seed: int, antithetic: bool = False):
        self.s, self.cfg = s, s.cfg
        tz = s.cfg.branch.timezone
        self.base = datetime(*EPOCH, tzinfo=tz)
        self.lobby = Lobby(s.cfg, business_day(s.cfg, self.base + timedelta(seconds=s.open_s)))
        self.env = simpy.Environment(initial_time=s.open_s)
        self.people = people(s, seed, antithetic)
        self.present: dict[int, bool] = {}  # ticket id -> is its customer in the lobby
        self.person_of: dict[int, Person] = {}
        self.work = self.env.event()
        self.machines = {code: simpy.Resource(self.env, m.capacity) for code, m in s.machines.items()}
        self.machine_waits: list[float] = []
        self.events: list[dict] = []
        self.busy: dict[str, list[tuple[float, float]]] = {}  # counter -> (call, release) in seconds of the day

    def now(self) -> datetime:
        """The virtual clock."""
        return self.base + timedelta(seconds=self.env.now)

    def _signal(self) -> None:
        if not self.work.triggered:
            self.work.succeed()
        self.work = self.env.event()

    def _visit(self, p: Person, **extra) -> dict:
        req = VisitRequest(purpose=p.purpose, amount_cny=p.amount, ref_hash=f"p{p.n}", tier=p.tier,
                           elderly=p.elderly, **extra)
        answer = visits.visit(self.lobby, req, self.now())
        ticket = answer.get("ticket")
        if ticket and ticket["state"] == "waiting":
            self.present[ticket["id"]] = True
            self.person_of[ticket["id"]] = p
            self._signal()
        return answer

    def customer(self, p: Person):
        """Arrive, take the kiosk's answer, maybe turn down the machine, wait, maybe leave and come back."""
        yield self.env.timeout(p.arrive_s - self.env.now)
        answer = self._visit(p)
        if answer["route"] == "self_service":
            declines = p.u_decline < (self.s.customers.elderly_decline if p.elderly else self.s.customers.decline)
            if not declines and answer["target"]["code"] in self.machines:
                machine = self.machines[answer["target"]["code"]]
                asked = self.env.now
                with machine.request() as turn:
                    got = yield turn | self.env.timeout(self.s.customers.machine_patience_minutes * 60)
                    if turn in got:
                        self.machine_waits.append(self.env.now - asked)
                        yield self.env.timeout(self.s.machines[answer["target"]["code"]].minutes * 60)
                        return
                declines, p = True, _with_reason(p, "other")  # the machine queue was too long
            if not declines:
                return
            answer = self._visit(p, insist_counter=True, decline_reason=p.decline_reason,
                                 replaces_visit=answer["visit_id"])
        ticket = answer.get("ticket")
        if not ticket or not p.leaves:
            return
        yield self.env.timeout(p.patience_s)
        tid = ticket["id"]
        if self.lobby.tickets[tid].state != "waiting":
            return
        self.present[tid] = False
        if not p.returns:
            return
        yield self.env.timeout(p.return_after_s)
        if self.lobby.tickets[tid].state == "missed":
            self._visit(p)  # back at the kiosk with the same card: the host's rule reinstates the ticket
        else:
            self.present[tid] = True

    def counter(self, cid: str):
        """A teller: open for each span of the shift, calling, recalling, serving, pausing for breaks."""
        spans = self.s.shifts.get(cid, ())
        lobby, by = self.lobby, f"teller-{cid}"
        calling.set_paused(lobby, cid, True, self.now())
        for i, (start, end) in enumerate(spans):
            # The last span of the day runs on after closing time until nobody is left waiting.
            last = i == len(spans) - 1 and end >= self.s.close_s
            yield self.env.timeout(max(0.0, start - self.env.now))
            calling.set_paused(lobby, cid, False, self.now())
            while last or self.env.now < end:
                t = calling.call_next(lobby, cid, self.now(), by=by)["ticket"]
                if t is not None:
                    called = self.env.now
                    yield from self._serve(cid, t["id"])
                    self.busy.setdefault(cid, []).append((called, self.env.now))
                elif self.env.now >= end:
                    break
                else:
                    yield self.env.any_of([self.work, self.env.timeout(end - self.env.now)])
            calling.set_paused(lobby, cid, True, self.now())

    def _serve(self, cid: str, tid: int):
        lobby, policy = self.lobby, self.cfg.calling
        for attempt in range(policy.recalls + 1):
            if self.present.get(tid, True):
                p = self.person_of.get(tid)
                ticket = lobby.tickets[tid]
                service = draw_time(self.s.service_time(ticket.service), p.u_service if p else 0.5)
                yield self.env.timeout(self.s.walk_s + service)
                calling.finish(lobby, tid, self.now())
                return
            yield self.env.timeout(policy.recall_interval_s)
            if attempt < policy.recalls and not self.present.get(tid, True):
                calling.recall(lobby, tid, self.now())
        calling.no_show(lobby, tid, self.now())

    def outage(self, code: str, start: float, end: float):
        """A machine out of service (e.g. the cash recycler empty): suspended and resumed as staff would."""
        yield self.env.timeout(max(0.0, start - self.env.now))
        overrides.set_target(self.lobby, MANAGER, code, True, "simulated outage", self.now())
        yield self.env.timeout(max(0.0, end - self.env.now))
        overrides.set_target(self.lobby, MANAGER, code, False, "simulated outage over", self.now())

    def watcher(self):
        """The host's alert rules once a minute of branch time; the lobby manager clears what they attended."""
        attend = timedelta(minutes=self.s.manager_minutes)
        while True:
            yield self.env.timeout(ALERT_EVERY_S)
            now = self.now()
            alerts.evaluate(self.lobby, now, displays_connected=True, display_silent_s=0.0)
            for alert in list(self.lobby.alerts.values()):
                if alert.kind in ATTENDED and alert.cleared_at is None and now - alert.raised_at >= attend:
                    alerts.clear_alert(self.lobby, alert, now)
            # The rules look only at open alerts; cleared ones live on in the event log, so dropping them
            # from memory keeps each minute's check short.
            self.lobby.alerts = {i: a for i, a in self.lobby.alerts.items() if a.cleared_at is None}
            self.events.extend(self.lobby.take_changes().events)

    def run(self) -> DayResult:
        """Play the day until the last customer is served."""
        env = self.env
        for p in self.people:
            env.process(self.customer(p))
        tellers = [env.process(self.counter(cid)) for cid in self.cfg.counters]
        for o in self.s.outages:
            env.process(self.outage(o.target, o.start_s, o.end_s))
        env.process(self.watcher())
        env.run(until=env.all_of(tellers))
        self.events.extend(self.lobby.take_changes().events)
        fig = figures.compute(self.cfg, self.lobby.day, self.events, self.now())
        calls = [a for spans in self.busy.values() for a, _ in spans]
        return DayResult(self.events, fig, len(self.people), self.machine_waits, counter_hours(self.s.shifts, self.busy),
                         len(calls), sum(1 for a in calls if a >= self.s.close_s))


def _with_reason(p: Person, reason: str) -> Person:
    from dataclasses import replace
    return replace(p, decline_reason=reason)


def simulate_day(s: Scenario, seed: int, antithetic: bool = False) -> DayResult:
    """One replication of a scenario (its antithetic twin with antithetic=True)."""
    return BranchDay(s, seed, antithetic).run()
