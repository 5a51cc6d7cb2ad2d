"""Counter mode: what a teller sees and does at one window, as plain Python over the host client."""
from __future__ import annotations

from dataclasses import dataclass, field

from fenliu.words import N_, zh_en
from queue_host.client import HostClient
from panel.manager_flow import MIN_REASON  # one shortest reason for the teller's and the manager's dialogs
from panel.names import COUNTER_STATES, Names
from panel.outcome import Outcome, attempt, done, refused

# A teller's PC has a keyboard: function keys for the big buttons, letters as a second way.
SHORTCUTS: dict[str, str] = {
    "f1": "call_next", "n": "call_next", "enter": "call_next",
    "f2": "recall", "r": "recall",
    "f3": "no_show", "m": "no_show",
    "f4": "finish", "f": "finish",
    "f5": "transfer", "t": "transfer",
    "f6": "park", "p": "park",
    "f7": "toggle_pause", "s": "toggle_pause",
}

SHOWN = object()  # call_next's default: expect the ticket the view shows as current
# What a transfer without a note on the customer's need is told (the dialog stays open with it).
NEED_NOTE = N_("Write the customer's need in a few words")


@dataclass
class CounterView:
    """Everything the counter screen shows."""

    counter_id: str
    name_zh: str = ""
    name_en: str = ""
    state: str = "open"
    current: dict | None = None
    waiting: int = 0
    services: list[str] = field(default_factory=list)

    @property
    def paused(self) -> bool:
        """Is the counter paused (it gets no calls)?"""
        return self.state == "paused"

    def state_text(self) -> str:
        """The counter's state, both languages."""
        msgid = COUNTER_STATES.get(self.state)
        zh, en = zh_en(msgid) if msgid else (self.state, self.state)
        return f"{zh} / {en}"


class CounterFlow:
    """The teller's actions on the current ticket and the counter; each returns an Outcome."""

    def __init__(self, client: HostClient, counter_id: str, names: Names):
        self.client = client
        self.names = names
        self.view = CounterView(str(counter_id))
        self.prefill: dict | None = None  # the current ticket's pre-filled form, read when it is called

    # -- reading
    def refresh(self) -> Outcome:
        """Read this counter's state, current ticket and waiting count from the host."""
        return attempt(self.client.queues, self._take_snapshot)

    def _take_snapshot(self, queues: dict) -> Outcome:
        for counter in queues.get("counters", []):
            if str(counter.get("id")) == self.view.counter_id:
                self._take_counter(counter)
                return done(*zh_en("up to date"), self.view)
        return refused(*zh_en("Counter {counter} is not in the branch", counter=self.view.counter_id), "not_found")

    def _take_counter(self, counter: dict) -> None:
        self.view.name_zh = counter.get("name_zh", self.view.name_zh)
        self.view.name_en = counter.get("name_en", self.view.name_en)
        self.view.state = counter.get("state", self.view.state)
        self.view.current = counter.get("current")
        self._take_prefill()
        self.view.waiting = int(counter.get("waiting", 0))
        self.view.services = list(counter.get("services", []))

    def _take_prefill(self) -> None:
        """Read the current ticket's pre-filled form once, when it becomes current; forget it after."""
        t = self.view.current or {}
        if not t.get("prefilled"):
            self.prefill = None
        elif (self.prefill or {}).get("ticket_id") != t.get("id"):
            try:
                self.prefill = self.client.get(f"/api/tickets/{t['id']}/prefill")
            except Exception:  # the teller can still ask the customer; the call itself went through
                self.prefill = None

    def prefill_text(self) -> str:
        """The pre-filled remittance form, so nobody retypes it (empty when there is none)."""
        return prefill_text(self.prefill, self.view.current)

    def current_text(self) -> tuple[str, str]:
        """The current ticket's number and its details (service, flags, form, note) for the big panel."""
        return current_text(self.view.current, self.names, self.prefill_text())

    def transfer_choices(self) -> list[tuple[str, str, str]]:
        """Services a ticket may be transferred to: (code, zh, en), the current one left out."""
        here = (self.view.current or {}).get("service")
        return [(code, *self.names.service(code)) for code in self.names.services if code != here]

    # -- acting
    def shown_current(self) -> int | None:
        """The id of the ticket the view shows as current (None for nobody)."""
        return (self.view.current or {}).get("id")

    def call_next(self, expect_current: int | None | object = SHOWN) -> Outcome:
        """Finish the current customer (if any) and call the next one to this window.

        The host is told which ticket the teller's screen shows as current (`expect_current`, by
        default the view's; the screen passes what it showed when the key was pressed): if the
        counter's current ticket is another one (a double press, a lost answer) the host refuses and
        the view is read again, so the teller sees who really is at the window.
        """
        if self.view.paused:
            return refused(*zh_en("The counter is paused: resume it first"), "wrong_state")
        expect = self.shown_current() if expect_current is SHOWN else expect_current
        out = attempt(lambda: self.client.call_next(self.view.counter_id, expect_current=expect), self._called)
        if out.error == "wrong_state":
            self._refresh_quietly()
        return out

    def _called(self, answer: dict) -> Outcome:
        ticket = answer.get("ticket")
        self.view.current = ticket
        self._take_prefill()
        self._refresh_quietly()
        if not ticket:
            return done(*zh_en("No one is waiting"))
        return done(*zh_en("{number}, please come to {counter_en}", number=ticket["number"],
                           counter_zh=self.view.name_zh, counter_en=self.view.name_en), ticket)

    def recall(self) -> Outcome:
        """Call the current number again."""
        return self._on_current("recall", N_("Called {n} again"), keep=True)

    def no_show(self) -> Outcome:
        """The customer did not come: the number goes to the missed list."""
        return self._on_current("no-show", N_("{n} moved to the missed list"))

    def finish(self) -> Outcome:
        """The customer is served."""
        return self._on_current("finish", N_("{n} finished"))

    def park(self, minutes: int | None = None) -> Outcome:
        """The customer goes to fill a form and comes back to the head of the queue."""
        body = {"minutes": minutes} if minutes else {}
        return self._on_current("park", N_("{n} is filling a form; back at the head soon"), body=body)

    def transfer(self, service: str, note: str = "") -> Outcome:
        """Send the customer to another service (e.g. the customer manager) with a one-line note on their need."""
        note = (note or "").strip()
        if len(note) < MIN_REASON:
            return refused(*zh_en(NEED_NOTE), "reason_required")
        name = self.names.service(service)
        return self._on_current("transfer", N_("{n} transferred to {service_en}"), service_zh=name[0],
                                service_en=name[1], body={"service": service, "note": note})

    def _on_current(self, action: str, msgid: str, keep: bool = False, body: dict | None = None,
                    **names: str) -> Outcome:
        ticket = self.view.current
        if not ticket:
            return refused(*zh_en("No current customer"), "wrong_state")

        def after(answer: dict) -> Outcome:
            self.view.current = answer if keep else None
            self._refresh_quietly()
            return done(*zh_en(msgid, n=ticket["number"], **names), answer)
        return attempt(lambda: self.client.act(ticket["id"], action, **(body or {})), after)

    def toggle_pause(self, reason: str = "") -> Outcome:
        """Pause an open counter or open a paused one."""
        return self.resume(reason) if self.view.paused else self.pause(reason)

    def pause(self, reason: str = "") -> Outcome:
        """Stop calls to this counter (a break, a long transaction)."""
        return attempt(lambda: self.client.pause(self.view.counter_id, reason),
                       lambda c: self._counter_changed(c, N_("Counter paused")))

    def resume(self, reason: str = "") -> Outcome:
        """Open this counter for calls again."""
        return attempt(lambda: self.client.resume(self.view.counter_id, reason),
                       lambda c: self._counter_changed(c, N_("Counter open")))

    def _counter_changed(self, counter: dict, msgid: str) -> Outcome:
        self._take_counter(counter)
        return done(*zh_en(msgid), counter)

    def _refresh_quietly(self) -> None:
        # Waiting counts change with every call; a failed read here must not hide the action's success.
        attempt(self.client.queues, self._take_snapshot)

    def shortcut(self, key: str) -> str | None:
        """The action a key stands for (F1..F7 or letters), or None."""
        return SHORTCUTS.get(key.lower())


def prefill_text(prefill: dict | None, current: dict | None) -> str:
    """A current ticket's pre-filled remittance form, Chinese line then English (empty when there is none)."""
    p = prefill
    if not p or p.get("ticket_id") != (current or {}).get("id"):
        return ""
    account = " ".join(p["payee_account"][i:i + 4] for i in range(0, len(p["payee_account"]), 4))
    fields = {"payee": p["payee_name"], "account": account, "bank": p["bank"], "card": p.get("payer_card")}
    zh, en = zh_en(N_("Pre-filled remittance: payee {payee} · account {account} · {bank}") if not fields["card"]
                   else N_("Pre-filled remittance: payee {payee} · account {account} · {bank} · paying card {card}"),
                   **fields)
    return f"{zh}\n{en}"


def current_text(ticket: dict | None, names: Names, prefill: str = "") -> tuple[str, str]:
    """A current ticket's number and its details: service and calls, form, flags, note, pre-filled form."""
    if not ticket:
        return ("—", "\n".join(zh_en("No customer: press Call next")))
    svc = names.service(ticket.get("service", ""))
    form = names.form(ticket)
    calls = " / ".join(zh_en("called {n}×", n=ticket.get("calls", 0)))
    lines = [f"{svc[0]} / {svc[1]}   {calls}", f"{form[0]} / {form[1]}"]
    flags = names.flags_text(ticket)
    if flags:
        lines.append(flags)
    if ticket.get("note"):
        lines.append(" / ".join(zh_en("note")) + f": {ticket['note']}")
    if prefill:
        lines.append(prefill)
    return (ticket.get("number", "?"), "\n".join(lines))
