"""The lobby board's state: what the big screen shows, built from /api/queues and the event stream."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fenliu.words import N_, text

RECENT_MAX = 8
MISSED_MAX = 12
LIVE_STATES = ("waiting", "called", "parked", "missed")
WINDOW = N_("Window {id}")  # a counter the host names no name for, as the voice pack can say it


@lru_cache(maxsize=None)
def counter_pattern(lang: str) -> re.Pattern:
    """Matches a counter named the plain way ("Window 3") in a language; group 1 is its number."""
    before, _, after = text(lang, WINDOW, id="\0").partition("\0")
    return re.compile("^" + re.escape(before) + r"(\d+)" + re.escape(after) + "$")


@dataclass(frozen=True)
class Call:
    """One call of a number to a counter, as the screen and the voice say it."""

    number: str
    counter: str
    counter_name_zh: str
    counter_name_en: str
    recall: bool = False
    at: str = ""
    seq: int = 0


@dataclass(frozen=True)
class ServiceLine:
    """A service and its true waiting count (live waiting tickets only)."""

    code: str
    prefix: str
    name_zh: str
    name_en: str
    waiting: int


@dataclass(frozen=True)
class CounterLine:
    """A counter (window): open or paused, and the number it serves now."""

    id: str
    name_zh: str
    name_en: str
    paused: bool
    current: str | None


@dataclass(frozen=True)
class BoardView:
    """An immutable picture of the board, safe to hand to the UI thread."""

    day: str = ""
    seq: int = 0
    current: Call | None = None
    recent: tuple[Call, ...] = ()
    services: tuple[ServiceLine, ...] = ()
    counters: tuple[CounterLine, ...] = ()
    missed: tuple[str, ...] = ()
    suspended: tuple[tuple[str, str], ...] = ()  # self-service machines out of use: (name_zh, name_en)


@dataclass
class Board:
    """Applies a /api/queues snapshot, then events in order; each apply returns the call it made, if any."""

    day: str = ""
    seq: int = 0
    log_id: str = ""  # the host database these event numbers belong to
    current: Call | None = None
    recent: list[Call] = field(default_factory=list)
    services: dict[str, dict] = field(default_factory=dict)
    counters: dict[str, dict] = field(default_factory=dict)
    tickets: dict[int, dict] = field(default_factory=dict)
    missed_order: list[int] = field(default_factory=list)
    targets: dict[str, dict] = field(default_factory=dict)

    def apply_snapshot(self, snap: dict[str, Any]) -> None:
        """Replace everything with a /api/queues answer."""
        self.day, self.seq = snap.get("day", ""), int(snap.get("seq", 0))
        self.log_id = snap.get("log_id", "")
        self.services = {s["code"]: dict(s) for s in snap.get("services", [])}
        self.counters = {str(c["id"]): dict(c) for c in snap.get("counters", [])}
        self.targets = {t["code"]: dict(t) for t in snap.get("targets", []) if "code" in t}
        self.tickets = {}
        for svc in snap.get("services", []):
            for t in svc.get("tickets", []):
                self.tickets[t["id"]] = t
        for t in snap.get("missed", []) + snap.get("parked", []):
            self.tickets[t["id"]] = t
        for c in snap.get("counters", []):
            if c.get("current"):
                self.tickets[c["current"]["id"]] = c["current"]
        self.missed_order = [t["id"] for t in snap.get("missed", [])]
        self.recent = []
        for rc in snap.get("recent_calls", []):
            self._remember(self._call_from(rc.get("number", ""), str(rc.get("counter", "")),
                                           rc.get("counter_name_zh"), rc.get("counter_name_en"),
                                           bool(rc.get("recall")), rc.get("at", ""), 0), newest=False)
        self.current = self._latest_live()

    def apply(self, kind: str, data: dict[str, Any], seq: int | None = None) -> Call | None:
        """Apply one event; returns the Call when the event called or recalled a number."""
        seq = int(data.get("seq", 0) if seq is None else seq)
        if seq and seq <= self.seq:
            return None  # already in the snapshot, or replayed twice after a reconnect
        self.seq = seq or self.seq
        if kind == "day_reset":
            self._reset_day(data)
            return None
        if kind in ("target_suspended", "target_resumed") and isinstance(data.get("target"), dict):
            target = data["target"]
            self.targets[target.get("code", "")] = {**target, "suspended": kind == "target_suspended"}
        if kind in ("counter_paused", "counter_resumed"):
            self._set_counter(data.get("counter"), paused=kind == "counter_paused")
        ticket = data.get("ticket")
        if isinstance(ticket, dict) and "id" in ticket:
            self._track(ticket, kind)
        if kind in ("called", "recalled") and isinstance(ticket, dict):
            return self._call(kind, data, ticket)
        return None

    def view(self) -> BoardView:
        """The board as an immutable picture."""
        waiting: dict[str, int] = {code: 0 for code in self.services}
        for t in self.tickets.values():
            if t.get("state") == "waiting":
                waiting[t.get("service", "")] = waiting.get(t.get("service", ""), 0) + 1
        services = tuple(ServiceLine(code, s.get("prefix", ""), s.get("name_zh", code), s.get("name_en", code),
                                     waiting.get(code, 0)) for code, s in self.services.items())
        counters = tuple(CounterLine(cid, c.get("name_zh", cid), c.get("name_en", cid),
                                     c.get("state") == "paused",
                                     (c.get("current") or {}).get("number"))
                         for cid, c in self.counters.items())
        missed = tuple(self.tickets[i]["number"] for i in self.missed_order if i in self.tickets)
        suspended = tuple((t.get("name_zh", code), t.get("name_en", code))
                          for code, t in self.targets.items() if t.get("suspended"))
        return BoardView(self.day, self.seq, self.current, tuple(self.recent), services, counters,
                         missed[:MISSED_MAX], suspended)

    # -- the rules of the picture
    def _track(self, ticket: dict, kind: str) -> None:
        tid = ticket["id"]
        if ticket.get("state") in LIVE_STATES:
            self.tickets[tid] = ticket
        else:
            self.tickets.pop(tid, None)
        # The missed list is newest first: a no-show goes to the front, anything else leaves it.
        if tid in self.missed_order:
            self.missed_order.remove(tid)
        if ticket.get("state") == "missed":
            self.missed_order.insert(0, tid)
        # A counter serves a ticket only while that ticket is called there.
        for cid, c in self.counters.items():
            cur = c.get("current")
            if cur and cur.get("id") == tid and (ticket.get("state") != "called" or ticket.get("counter") != cid):
                c["current"] = None
        if ticket.get("state") == "called" and ticket.get("counter") is not None:
            c = self.counters.get(str(ticket["counter"]))
            if c is not None:
                c["current"] = ticket
        # A number no longer called (no-show, parked, finished, transferred) leaves "Now calling".
        if self.current is not None and ticket.get("number") == self.current.number and ticket.get("state") != "called":
            self.current = self._latest_live()

    def _latest_live(self) -> Call | None:
        """The newest recent call whose number is still called at that counter, or None (idle)."""
        live = {(t.get("number"), str(t.get("counter") or "")) for t in self.tickets.values()
                if t.get("state") == "called"}
        numbers = {number for number, _ in live}
        for call in self.recent:
            if (call.number, call.counter) in live or (call.number in numbers and not call.counter):
                return call
        return None

    def _call(self, kind: str, data: dict, ticket: dict) -> Call:
        cid = str(data.get("counter") or ticket.get("counter") or "")
        recall = kind == "recalled" or bool(data.get("recall"))
        call = self._call_from(ticket.get("number", ""), cid, data.get("counter_name_zh"),
                               data.get("counter_name_en"), recall, data.get("at", ""), self.seq)
        self._remember(call, newest=True)
        self.current = call
        return call

    def _call_from(self, number: str, cid: str, name_zh: str | None, name_en: str | None,
                   recall: bool, at: str, seq: int) -> Call:
        known = self.counters.get(cid, {})
        return Call(number, cid, name_zh or known.get("name_zh") or text("zh", WINDOW, id=cid),
                    name_en or known.get("name_en") or text("en", WINDOW, id=cid), recall, at, seq)

    def _remember(self, call: Call, newest: bool) -> None:
        # One line per number and counter: a recall moves the number back to the top.
        if any(c.number == call.number and c.counter == call.counter for c in self.recent):
            if not newest:
                return
            self.recent = [c for c in self.recent if not (c.number == call.number and c.counter == call.counter)]
        if newest:
            self.recent.insert(0, call)
        else:
            self.recent.append(call)
        del self.recent[RECENT_MAX:]

    def _set_counter(self, counter: Any, paused: bool) -> None:
        if isinstance(counter, dict):
            cid = str(counter.get("id"))
            merged = {**self.counters.get(cid, {}), **counter}
            merged["state"] = "paused" if paused else "open"
            self.counters[cid] = merged
        elif counter is not None and str(counter) in self.counters:
            self.counters[str(counter)]["state"] = "paused" if paused else "open"

    def _reset_day(self, data: dict) -> None:
        self.day = data.get("day", self.day)
        self.tickets.clear()
        self.missed_order.clear()
        self.recent.clear()
        self.current = None
        for c in self.counters.values():
            c["current"] = None

