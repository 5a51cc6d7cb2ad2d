"""Counter mode: what a teller sees and does at one window, as plain Python over the host client."""
from __future__ import annotations

from dataclasses import dataclass, field

from queue_host.client import HostClient
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
        zh, en = COUNTER_STATES.get(self.state, (self.state, self.state))
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
                return done("已刷新", "up to date", self.view)
        return refused("找不到本窗口", f"counter {self.view.counter_id} is not in the branch", "not_found")

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
        p = self.prefill
        if not p or p.get("ticket_id") != (self.view.current or {}).get("id"):
            return ""
        account = " ".join(p["payee_account"][i:i + 4] for i in range(0, len(p["payee_account"]), 4))
        return (f"预填汇款 / pre-filled remittance: 收款人 {p['payee_name']} · 账号 {account} · {p['bank']}"
                + (f" · 付款卡 {p['payer_card']}" if p.get("payer_card") else ""))

    def current_text(self) -> tuple[str, str]:
        """The current ticket's number and its details (service, flags, form, note) for the big panel."""
        t = self.view.current
        if not t:
            return ("—", "当前无客户，请按“叫号”\nNo customer: press Call next")
        svc = self.names.service(t.get("service", ""))
        form = self.names.form(t)
        lines = [f"{svc[0]} / {svc[1]}   叫号 {t.get('calls', 0)} 次 / called {t.get('calls', 0)}×",
                 f"{form[0]} / {form[1]}"]
        flags = self.names.flags_text(t)
        if flags:
            lines.append(flags)
        if t.get("note"):
            lines.append(f"备注 / note: {t['note']}")
        if self.prefill_text():
            lines.append(self.prefill_text())
        return (t.get("number", "?"), "\n".join(lines))

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
            return refused("窗口已暂停，请先恢复", "The counter is paused: resume it first", "wrong_state")
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
            return done("没有等候的客户", "No one is waiting")
        return done(f"请 {ticket['number']} 号到{self.view.name_zh}",
                    f"{ticket['number']}, please come to {self.view.name_en}", ticket)

    def recall(self) -> Outcome:
        """Call the current number again."""
        return self._on_current("recall", "重呼 {n}", "Called {n} again", keep=True)

    def no_show(self) -> Outcome:
        """The customer did not come: the number goes to the missed list."""
        return self._on_current("no-show", "{n} 已过号", "{n} moved to the missed list")

    def finish(self) -> Outcome:
        """The customer is served."""
        return self._on_current("finish", "{n} 已办结", "{n} finished")

    def park(self, minutes: int | None = None) -> Outcome:
        """The customer goes to fill a form and comes back to the head of the queue."""
        body = {"minutes": minutes} if minutes else {}
        return self._on_current("park", "{n} 去填单，稍后回到队首", "{n} is filling a form; back at the head soon",
                                **body)

    def transfer(self, service: str, note: str = "") -> Outcome:
        """Send the customer to another service (e.g. the customer manager) with a one-line note."""
        name = self.names.service(service)
        return self._on_current("transfer", "{n} 已转至" + name[0], "{n} transferred to " + name[1],
                                service=service, note=note.strip())

    def _on_current(self, action: str, zh: str, en: str, keep: bool = False, **body) -> Outcome:
        ticket = self.view.current
        if not ticket:
            return refused("当前没有客户", "No current customer", "wrong_state")

        def after(answer: dict) -> Outcome:
            self.view.current = answer if keep else None
            self._refresh_quietly()
            n = ticket["number"]
            return done(zh.format(n=n), en.format(n=n), answer)
        return attempt(lambda: self.client.act(ticket["id"], action, **body), after)

    def toggle_pause(self, reason: str = "") -> Outcome:
        """Pause an open counter or open a paused one."""
        return self.resume(reason) if self.view.paused else self.pause(reason)

    def pause(self, reason: str = "") -> Outcome:
        """Stop calls to this counter (a break, a long transaction)."""
        return attempt(lambda: self.client.pause(self.view.counter_id, reason),
                       lambda c: self._counter_changed(c, "窗口已暂停", "Counter paused"))

    def resume(self, reason: str = "") -> Outcome:
        """Open this counter for calls again."""
        return attempt(lambda: self.client.resume(self.view.counter_id, reason),
                       lambda c: self._counter_changed(c, "窗口已恢复", "Counter open"))

    def _counter_changed(self, counter: dict, zh: str, en: str) -> Outcome:
        self._take_counter(counter)
        return done(zh, en, counter)

    def _refresh_quietly(self) -> None:
        # Waiting counts change with every call; a failed read here must not hide the action's success.
        attempt(self.client.queues, self._take_snapshot)

    def shortcut(self, key: str) -> str | None:
        """The action a key stands for (F1..F7 or letters), or None."""
        return SHORTCUTS.get(key.lower())
