"""Visitors of the headless demo go through the kiosk's own plain flow, tap by tap, as at the entrance."""
from __future__ import annotations

import threading
from typing import Any

from demo.script import Visitor
from kiosk.flow import KioskFlow
from kiosk.jobs import Inbox, Worker
from queue_host.client import HostClient


class CountingPrinter:
    """Wraps the preview printer to count printed tickets and wait for the last one at closing time."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.started = self.printed = self.failed = 0
        self._cv = threading.Condition()

    def _run(self, call) -> Any:
        with self._cv:
            self.started += 1
        try:
            result = call()
            with self._cv:
                self.printed += 1
            return result
        except Exception:
            with self._cv:
                self.failed += 1
            raise
        finally:
            with self._cv:
                self._cv.notify_all()

    def print_ticket(self, ticket: Any) -> Any:
        """Print one queue ticket."""
        return self._run(lambda: self.inner.print_ticket(ticket))

    def print_slip(self, slip: Any) -> Any:
        """Print one diversion slip (not counted as a ticket)."""
        return self.inner.print_slip(slip)

    def status(self) -> Any:
        """The wrapped printer's status."""
        return self.inner.status()

    def wait(self, timeout: float = 60.0) -> None:
        """Wait until every started print has ended."""
        with self._cv:
            self._cv.wait_for(lambda: self.printed + self.failed >= self.started, timeout)


class DemoKiosk:
    """One entrance kiosk driven without a window: its workers post back to an inbox the demo drains."""

    def __init__(self, client: HostClient, printer: Any = None, threshold_cny: int | None = None):
        self.inbox = Inbox()
        self.net = Worker(self.inbox.post, "demo-kiosk-net")
        self.press = Worker(self.inbox.post, "demo-kiosk-press")
        self.flow = KioskFlow(client, printer, self.net, self.press, kiosk_id="kiosk-demo")
        self.threshold = threshold_cny  # None: the branch file's, once the flow has the host's config
        self.flow.start()
        self._settle(lambda: self.flow.config is not None or self.flow.offline)
        if self.flow.config is None:
            raise RuntimeError("the demo kiosk could not read the branch configuration")
        if self.threshold is None:
            self.threshold = self.flow.config.cash_threshold_cny

    def _settle(self, done, timeout: float = 10.0) -> None:
        while not done():
            if not self.inbox.run_one(timeout):
                raise RuntimeError("the demo kiosk got no answer from the host")

    def visit(self, v: Visitor) -> dict | None:
        """Tap through one visitor's conversation; the host's last visit answer (None if refused)."""
        answer = tap_through(self.flow, v, lambda: self._settle(lambda: not self.flow.busy))
        self.inbox.drain()
        return answer

    def close(self) -> None:
        """Stop the kiosk's workers."""
        self.net.close()
        self.press.close()


def tap_through(f, v: Visitor, settle) -> dict | None:
    """One visitor's taps at a kiosk flow, as a person makes them: language, large text, card, purpose, the
    amount itself, and turning the machine down with a reason; `settle()` waits for the host's answer.
    The demo and the lab drive every kiosk through this one conversation."""
    f.reset()
    if v.lang != f.session.lang:
        f.set_lang(v.lang)
    if v.elderly:
        f.toggle_elderly()
    if v.card:
        f.card_read(v.card)
    f.choose_purpose(v.purpose)
    if f.screen == "amount":
        # The amount itself, typed or a preset: the host's high-value rule needs it.
        f.choose_amount(str(int(v.amount)) if v.amount else "under")
    settle()
    answer = f.session.visit
    if f.screen == "diversion" and v.insist:
        first = answer
        f.insist_counter()
        f.choose_reason(v.decline_reason or "other")
        settle()
        answer = {**f.session.visit, "first": first} if f.session.visit else None
    return answer
