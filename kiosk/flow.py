"""The kiosk's conversation as plain Python: which screen, what to send the host, what to print.

The flow never blocks: host calls and printing run on `Worker`s and come back as callbacks on the
UI side. Time comes in through `clock` (monotonic seconds) so idle rules are tested without waiting.
"""
from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime
from typing import Any, Callable

from queue_host.client import HostError, HostUnreachable

from kiosk import branch
from kiosk.idle import idle_step, seconds_left
from kiosk.amount_steps import AmountSteps
from kiosk.choices import WelcomeChoices
from kiosk.jobs import Worker
from kiosk.offline_visit import NoOfflineTicket, offline_visit
from kiosk.printing import Press
from kiosk.session import Session
from kiosk.theme import theme_for
from kiosk.view import build_view, spoken

log = logging.getLogger("fenliu.kiosk")


class KioskFlow(WelcomeChoices, AmountSteps):
    """State and actions of the entrance kiosk; screens call its methods and render `view()`."""

    def __init__(self, host: Any, printer: Any, net: Worker, press: Worker, *, kiosk_id: str = "kiosk-1",
                 clock: Callable[[], float] = time.monotonic, speaker: Any = None, voice_default: bool = False,
                 retry_s: float = 3.0, book: Any = None,
                 courier: Any = None, stamp: Callable[[], datetime] | None = None):
        self.host, self.printer, self.net = host, printer, net
        self.printing = Press(printer, press, net, host, kiosk_id, self._session_changed)
        self.kiosk_id, self.clock, self.speaker = kiosk_id, clock, speaker
        self.voice_default, self.retry_s = voice_default, retry_s
        # Offline issuing: the book of reserved numbers (kiosk.offline) and the courier syncing it (kiosk.handin).
        self.book, self.courier = book, courier
        self.stamp = stamp or (lambda: datetime.now().astimezone())
        if courier is not None:
            courier.on_reach = self._on_reach
        self.config: branch.KioskConfig | None = None
        self.screen = "welcome"
        self.busy = self.offline = self.idle_prompt = False
        self.session = Session()
        self._listeners: list[Callable[[], None]] = []
        self._last_touch = clock()
        self._boot, self._requests = secrets.token_hex(3), 0  # request ids unique across restarts
        self._retry_at = self._loaded_at = 0.0
        self._loading = False
        self._shown_left = -1

    # ------------------------------------------------------------------ plumbing
    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener()` after every change the screen should show."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    def _go(self, screen: str, keep_idle: bool = False) -> None:
        self.screen = screen
        if not keep_idle:
            self._last_touch = self.clock()  # a new screen gets the full idle time
        self._changed()
        self._speak()

    def _speak(self) -> None:
        if self.speaker is not None and self.session.elderly and self.session.voice:
            self.speaker.say(spoken(self), self.session.lang)

    def view(self):
        """What the screens show now (see kiosk.view)."""
        return build_view(self)

    # ------------------------------------------------------------------ start, idle, reset
    def start(self) -> None:
        """Fetch the branch configuration (retried in the background while the host is away)."""
        self._loading = True
        self.net.submit(self.host.config, self._on_config)

    def _on_config(self, data: Any, error: BaseException | None) -> None:
        self._loading = False
        if error is None:
            try:
                self.config = branch.from_api(data)
                if self.book is not None:
                    self.book.save_config(data)
            except (ValueError, KeyError, TypeError) as exc:
                error = exc
        elif self.config is None and self.book is not None and self.book.cached_config() is not None:
            # Restarted while the host is away: the branch as last read, so tickets still come from the block.
            self.config = branch.from_api(self.book.cached_config())
            self.offline = True
        if error is None or self.config is None:
            self.offline = error is not None  # a failed re-read keeps the old branch
        self._loaded_at = self.clock()
        if error is not None:
            log.warning("configuration not loaded: %s", error)
            self._retry_at = self.clock() + self.retry_s
        self._changed()

    def touch(self) -> None:
        """Any touch: the customer is still here."""
        self._last_touch = self.clock()
        if self.idle_prompt:
            self.idle_prompt = False
            self._changed()

    def tick(self) -> None:
        """Called about once a second: retries, the idle prompt and the return to welcome."""
        now = self.clock()
        if self.courier is not None:
            self.courier.tick()
        if (self.config is None or (self.offline and self.book is not None)) and not self._loading \
                and now >= self._retry_at:
            self.start()  # also re-reads the branch after a start from the cached copy
        if self.session.pending is not None and not self.busy and now >= self._retry_at:
            self._send(self.session.pending)
        theme = theme_for(self.session.elderly)
        idle = now - self._last_touch
        step = idle_step(self.screen, self._has_customer(), self.idle_prompt, idle, theme,
                         self.session.print_state == "fault")
        if step == "reset":
            self.reset()
        elif step == "prompt":
            self.idle_prompt = True
            self._changed()
            self._speak()
        elif self.idle_prompt and seconds_left(idle, theme) != self._shown_left:
            self._shown_left = seconds_left(idle, theme)  # the countdown on the prompt
            self._changed()

    def seconds_left(self) -> int:
        """Seconds until the idle prompt gives up and returns to welcome."""
        return seconds_left(self.clock() - self._last_touch, theme_for(self.session.elderly))

    def _has_customer(self) -> bool:
        s = self.session
        return (self.screen != "welcome" or s.customer_ref is not None or s.lang != "zh" or s.elderly
                or s.page != 0)

    def reset(self) -> None:
        """Forget the customer entirely and show welcome (and re-read a branch file older than 10 min)."""
        self.session = Session()
        self.busy = self.idle_prompt = False
        if self.config is not None and not self._loading and self.clock() - self._loaded_at > 600:
            self.start()  # a purpose or machine the branch changed shows up without a restart
        if self.speaker is not None:
            self.speaker.stop()
        self._go("welcome")

    # ------------------------------------------------------------------ the conversation
    def choose_purpose(self, code: str) -> None:
        """A purpose tile: cash asks the amount, everything else goes to the host at once."""
        if self.busy or self.config is None:
            return
        self.session.purpose = self.config.purpose(code)
        if self.session.purpose.asks_amount:
            self._go("amount")
        else:
            self._visit()

    def insist_counter(self) -> None:
        """"我仍需柜台办理": ask why, then issue a ticket."""
        if not self.busy:
            self._go("decline")

    def choose_reason(self, code: str) -> None:
        """The reason for refusing the machine; the host issues a counter ticket."""
        if self.busy or self.session.purpose is None:
            return
        self._visit(insist_counter=True, decline_reason=code)

    def back(self) -> None:
        """One step back (amount → welcome, reason → the machine screen)."""
        if self.busy:
            return
        if self.screen == "decline" and self.session.target is not None:
            self._go("diversion")
        elif self.screen in ("amount", "diversion", "decline"):
            self.session.purpose = self.session.amount_band = self.session.amount_cny = None
            self.session.amount_typed, self.session.amount_error = "", None
            self.session.target = None
            self._go("welcome")
        else:
            self.reset()

    def _visit(self, **extra: Any) -> None:
        s = self.session
        self._requests += 1  # a request id makes a resend safe: the host answers it with its first answer
        body: dict[str, Any] = {"purpose": s.purpose.code, "lang": s.lang, "elderly": s.elderly, **extra,
                                "request_id": f"{self.kiosk_id}:{self._boot}:{self._requests}"}
        if extra.get("insist_counter") and s.visit and s.visit.get("route") == "self_service":
            body["replaces_visit"] = s.visit["visit_id"]  # one visit, counted as a declined diversion
        if s.amount_cny is not None and s.purpose.asks_amount:
            body["amount_cny"] = s.amount_cny  # the host's high-value rule needs the amount itself
        elif s.amount_band and s.purpose.asks_amount:
            body["amount_band"] = s.amount_band
        if s.customer_ref:
            body["customer_ref"] = s.customer_ref
        self._send(body)

    def _send(self, body: dict) -> None:
        # Two taps in a row must never make two visits: one request at a time per session.
        if self.busy:
            return
        self.busy = True
        session = self.session
        fields = {k: v for k, v in body.items() if k != "purpose"}

        def visit() -> dict:
            if self.book is not None and hasattr(self.host, "patience"):
                self.host.patience(self.offline)  # known offline: an unanswered connect is given up sooner
            try:
                result = self.host.visit(body["purpose"], **fields)
            except HostUnreachable:
                if self.book is None or session is not self.session:
                    raise  # no number is taken for a customer who has already gone
                result = offline_visit(self.book, self.config, body, self.stamp())  # journalled before printing
            if result.get("ticket") and session is self.session:  # not for whoever stands there now
                # Straight from the network thread to the printer: the ticket does not wait for a frame.
                self.printing.ticket(self.config, session, result)
            return result
        self.net.submit(visit, lambda result, error: self._on_visit(session, body, result, error))
        self._changed()  # redraw (busy) while the request is already on its way

    def _on_visit(self, session: Session, body: dict, result: Any, error: BaseException | None) -> None:
        if session is not self.session:
            return  # the customer left (idle reset) while the host answered
        self.busy = False
        if isinstance(error, HostUnreachable):
            # Down or quiet mid-answer: the same request_id goes again, so never a second ticket.
            self.offline = True
            session.pending = body
            self._retry_at = self.clock() + self.retry_s
            self._go("notice", keep_idle=self.screen == "notice")  # a failed retry lets a departed customer go
            return
        session.pending = None
        self.offline = bool(result and result.get("offline")) or isinstance(error, NoOfflineTicket)
        if self.offline and self.courier is not None:
            self.courier.soon()
        if error is not None:
            if isinstance(error, (HostError, NoOfflineTicket)):
                session.error = (error.message_zh, error.message_en)
            else:
                log.exception("visit failed", exc_info=error)
                session.error = None
            self._go("notice")
            return
        self._route(result)

    def _on_reach(self, reached: bool) -> None:
        """The courier reached the host (or not): the offline notice follows."""
        if reached and self.offline and self.config is not None and not self._loading:
            self.offline = False
            self.start()  # fresh branch configuration, and the notice goes
        elif not reached and not self.offline and self.book is not None:
            self.offline = True
            self._changed()

    def _route(self, result: dict) -> None:
        s = self.session
        s.visit = result
        if result.get("ticket"):
            if self.printer is not None and not s.print_state:
                s.print_state = "printing"  # unless the printer already answered
            self._go("ticket")
        elif result.get("route") == "self_service":
            target = result.get("target") or {}
            known = self.config.targets.get(target.get("code", s.purpose.target or ""))
            s.target = branch.build(branch.Target, target) if target else known
            self._go("diversion")
        else:
            self._go("guide")

    # ------------------------------------------------------------------ printing
    def print_slip(self) -> None:
        """Print the steps for the self-service machine (on request)."""
        s = self.session
        if s.target is None or s.purpose is None or self.config is None:
            return
        # The host's time of the diversion, like the ticket's issue time: one branch clock for both.
        self.printing.slip(self.config, s, (s.visit or {}).get("at", ""))
        self._changed()

    def _session_changed(self, session: Session) -> None:
        if session is self.session:
            self._changed()
