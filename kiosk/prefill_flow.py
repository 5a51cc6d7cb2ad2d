"""Pre-filling the remittance slip after the ticket, as plain Python: payee name by pinyin, account
on a keypad (length and check digit), bank from the branch's list, payer from the swiped card
(masked). Then the host holds it for the teller and the printer prints the slip."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from fenliu.branch_time import branch_stamp
from queue_host.client import HostError, HostUnreachable, luhn_ok

from kiosk.jobs import Worker
from kiosk.text import both

STEPS = ("name", "account", "bank", "review", "done")
MAX_NAME = 20
IDLE_S = {False: 90.0, True: 180.0}  # untouched this long (elderly: twice), the pre-fill gives up
PAGE = 10  # characters offered at once; the MORE key turns the page
# The special keys of the keyboards: what a key sends (its face comes from the catalogs, kiosk/prefill_view.py).
MORE, DELETE, CLEAR = "more", "⌫", "C"


def masked(card: str | None) -> str:
    """The swiped card as shown and sent: only its last 4 digits."""
    digits = "".join(ch for ch in card or "" if ch.isdigit())
    return f"**** **** **** {digits[-4:]}" if len(digits) >= 4 else ""


def grouped(account: str) -> str:
    """Digits in groups of four, as on a card."""
    return " ".join(account[i:i + 4] for i in range(0, len(account), 4))


@dataclass(frozen=True)
class PrefillView:
    """What the pre-fill screen shows."""

    step: str
    number: str
    name: str
    typed: str
    candidates: tuple[str, ...]
    account: str
    bank: str
    banks: tuple[str, ...]
    payer: str
    error: tuple[str, str]
    state: str  # "", "sending", "printing", "printed", "fault"


class PrefillFlow:
    """State and actions of the pre-fill; the screen calls these and shows view()."""

    def __init__(self, host: Any, printer: Any, net: Worker, press: Worker, index: Callable[[], Any],
                 wall: Callable[[], str] | None = None, clock: Callable[[], float] = time.monotonic):
        self.host, self.printer, self.net, self.press, self.index = host, printer, net, press, index
        self.clock = clock
        self.last_touch = clock()
        # Branch time, not the machine's: the slip goes with a ticket the host stamped in branch time.
        self.wall = wall or (lambda: branch_stamp(self.config.get("branch", {}).get("timezone", "")))
        self.session: Any = None
        self.config: dict = {}
        self._listeners: list[Callable[[], None]] = []
        self.page_size = PAGE  # characters a page: fewer where elderly keys are wide (an upright screen)
        self._clear()

    def _clear(self) -> None:
        self.step, self.name, self.typed, self.account, self.bank = "name", "", "", "", ""
        self.error: tuple[str, str] = ("", "")
        self.state = ""
        self.page = 0

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener()` after every change."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        self.last_touch = self.clock()
        for listener in self._listeners:
            listener()

    # ------------------------------------------------------------------ opening and closing
    @staticmethod
    def offered(session: Any) -> bool:
        """Does this customer's ticket take a pre-filled form (its purpose is marked prefill)?"""
        ticket = ((session.visit or {}) if session is not None else {}).get("ticket") or {}
        return ticket.get("prefill") == "remittance"

    def touched(self) -> None:
        """Any touch on the screen: the customer is still here."""
        self.last_touch = self.clock()

    def expired(self) -> bool:
        """Has an open pre-fill gone untouched too long (the customer left)? Typing an account number
        takes longer than the ticket screen's idle time, so the pre-fill keeps its own."""
        if self.session is None:
            return False
        return self.clock() - self.last_touch > IDLE_S[bool(getattr(self.session, "elderly", False))]

    def active_for(self, session: Any) -> bool:
        """Is the pre-fill open for this customer (a new customer closes it)?"""
        return self.session is not None and self.session is session

    def open(self, session: Any) -> None:
        """Start the pre-fill for the customer in front of the kiosk; the branch's banks load meanwhile."""
        if not self.offered(session):
            return
        self.session = session
        self._clear()
        self.net.submit(self.index, lambda _i, _e: None)  # build the dictionary before the first key, off the UI
        if not self.config:
            self.net.submit(self.host.config, self._on_config)
        self._changed()

    def _on_config(self, config: Any, error: BaseException | None) -> None:
        if error is None:
            self.config = dict(config.get("prefill") or {}, branch=config.get("branch") or {})
        self._changed()

    def close(self) -> None:
        """Back to the ticket screen; what was typed is forgotten."""
        self.session = None
        self._clear()
        self._changed()

    # ------------------------------------------------------------------ the name (pinyin keyboard)
    def key(self, letter: str) -> None:
        """A letter of the pinyin keyboard."""
        if letter.isalpha() and len(self.typed) < 6:
            self.typed, self.page = self.typed + letter.lower(), 0
            self.error = ("", "")
            self._changed()

    def pick(self, char: str) -> None:
        """A character offered for the typed pinyin goes into the name."""
        if len(self.name) < MAX_NAME:
            self.name += char
        self.typed, self.page = "", 0
        self._changed()

    def more(self) -> None:
        """The next page of characters (back to the first after the last)."""
        offered = self.index().candidates(self.typed, self.page_size * 8) if self.typed else []
        self.page = self.page + 1 if (self.page + 1) * self.page_size < len(offered) else 0
        self._changed()

    def pick_or_more(self, key: str) -> None:
        """A key of the character bar: a character, or MORE (the next page)."""
        self.more() if key == MORE else self.pick(key)

    def key_or_back(self, key: str) -> None:
        """A key of the letter board: a letter, or DELETE."""
        self.backspace() if key == DELETE else self.key(key)

    def forward(self) -> None:
        """The screen's forward button: next step, confirm at the review, close when done."""
        if self.step == "review":
            return self.confirm()
        if self.step == "done":
            return self.close()
        self.next()

    def backspace(self) -> None:
        """Take back the last letter typed, else the last character of the name."""
        if self.typed:
            self.typed, self.page = self.typed[:-1], 0
        else:
            self.name = self.name[:-1]
        self._changed()

    def candidates(self) -> tuple[str, ...]:
        """Characters for the typed pinyin, the most common first."""
        if not self.typed:
            return ()
        offered = self.index().candidates(self.typed, self.page_size * (self.page + 1))
        return tuple(offered[self.page_size * self.page:])

    # ------------------------------------------------------------------ the account (keypad)
    def digit(self, d: str) -> None:
        """A key of the numeric keypad: a digit, DELETE (back) or CLEAR."""
        if d == DELETE:
            self.account = self.account[:-1]
        elif d == CLEAR:
            self.account = ""
        elif d.isdigit() and len(self.account) < 19:
            self.account += d
        self.error = ("", "")
        self._changed()

    def _account_error(self) -> tuple[str, str] | None:
        if not 16 <= len(self.account) <= 19:
            return both("account_length", n=len(self.account))
        if not luhn_ok(self.account):
            return both("account_check")
        return None

    # ------------------------------------------------------------------ steps
    def next(self) -> None:
        """On to the next step, if this one is complete."""
        if self.step == "name":
            if not self.name:
                self.error = both("enter_payee")
            else:
                self.step, self.error = "account", ("", "")
        elif self.step == "account":
            problem = self._account_error()
            self.error = problem or ("", "")
            if problem is None:
                self.step = "bank"
        self._changed()

    def back(self) -> None:
        """Back one step (from the first: back to the ticket)."""
        if self.step in ("name", "done"):
            return self.close()
        self.step = STEPS[STEPS.index(self.step) - 1] if self.step != "review" else "bank"
        self.error = ("", "")
        self._changed()

    def choose_bank(self, bank: str) -> None:
        """The payee's bank, from the branch's short list."""
        if bank in self.config.get("banks", ()):
            self.bank, self.step = bank, "review"
            self._changed()

    # ------------------------------------------------------------------ hand in and print
    def confirm(self) -> None:
        """Hand the form to the host (for the teller), then print the slip."""
        if self.step != "review" or self.state in ("sending", "printing"):
            return
        session, ticket = self.session, self.session.visit["ticket"]
        body = {"payee_name": self.name, "payee_account": self.account, "bank": self.bank,
                "payer_card": masked(session.customer_ref)}
        self.state = "sending"
        self.net.submit(lambda: self.host.post(f"/api/tickets/{ticket['id']}/prefill", body),
                        lambda _r, error: self._on_held(session, error))
        self._changed()

    def _on_held(self, session: Any, error: BaseException | None) -> None:
        if session is not self.session:
            return
        if error is not None:
            self.state = "fault"
            self.error = ((error.message_zh, error.message_en) if isinstance(error, (HostError, HostUnreachable))
                          else both("handin_failed"))
            return self._changed()
        if self.printer is None:
            self.state, self.step = "printed", "done"
            return self._changed()
        self.state = "printing"
        slip = self.slip()
        self.press.submit(lambda: self.printer.print_remittance(slip), lambda _r, e: self._on_printed(session, e))
        self._changed()

    def _on_printed(self, session: Any, error: BaseException | None) -> None:
        if session is not self.session:
            return
        if error is not None:
            self.state, self.error = "fault", both("slip_fault")
        else:
            self.state, self.step = "printed", "done"
        self._changed()

    def slip(self) -> Any:
        """The slip to print (printer.remittance.RemittanceSlip: the apps may import the printer)."""
        from printer.remittance import RemittanceSlip
        ticket, cfg = self.session.visit["ticket"], self.config
        form_zh, form_en = both("remittance_form")
        return RemittanceSlip(
            branch_name=cfg.get("branch", {}).get("name_zh", ""), branch_name_en=cfg.get("branch", {}).get("name_en", ""),
            number=ticket["number"], form_template_no=cfg.get("form_template", ""),
            form_name_zh=cfg.get("form_name_zh", form_zh), form_name_en=cfg.get("form_name_en", form_en),
            payee_name=self.name, payee_account=self.account, bank=self.bank,
            payer_card=masked(self.session.customer_ref), issued_at=self.wall())

    def view(self) -> PrefillView:
        """What to draw now."""
        ticket = ((self.session.visit or {}).get("ticket") or {}) if self.session is not None else {}
        return PrefillView(self.step, ticket.get("number", ""), self.name, self.typed, self.candidates(),
                           self.account, self.bank, tuple(self.config.get("banks", ())),
                           masked(self.session.customer_ref) if self.session is not None else "", self.error,
                           self.state)
