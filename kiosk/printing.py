"""Printing for the kiosk: tickets and slips on the printer's own thread, faults told to the manager."""
from __future__ import annotations

import logging
from typing import Any, Callable

from kiosk import tickets
from kiosk.branch import KioskConfig
from kiosk.jobs import Worker
from kiosk.session import Session
from kiosk.text import STRINGS, both

log = logging.getLogger("fenliu.kiosk")


class Press:
    """Hands tickets and slips to the printer thread and records how each went in the session."""

    def __init__(self, printer: Any, press: Worker, net: Worker, host: Any, kiosk_id: str,
                 changed: Callable[[Session], None]):
        self.printer, self.press, self.net, self.host = printer, press, net, host
        self.kiosk_id, self.changed = kiosk_id, changed

    def ticket(self, cfg: KioskConfig | None, session: Session, visit: dict) -> None:
        """Queue the visit's ticket (safe from the network thread: building a ticket is pure)."""
        if self.printer is None or cfg is None:
            return
        ticket = tickets.ticket_print(cfg, visit)
        self.press.submit(lambda: self.printer.print_ticket(ticket),
                          lambda _r, error: self._on_printed(session, ticket.number, error))

    def _on_printed(self, session: Session, number: str, error: BaseException | None) -> None:
        if error is None:
            session.print_state = "printed"
            self._check_paper()
        else:
            session.print_state = "fault"
            session.fault = fault_text(error)
            zh, en = session.fault
            # The ticket is valid without paper; the lobby manager must know the printer needs help.
            alert = (both("alert_printer_fault", fault=zh, number=number)[0],
                     both("alert_printer_fault", fault=en, number=number)[1])
            self.net.submit(lambda: self.host.raise_alert("printer_fault", *alert, key=self.kiosk_id),
                lambda _r, err: self._on_alerted(session, err))
        self.changed(session)

    def _check_paper(self) -> None:
        # A roll near its end still prints; tell the manager now rather than at the first blank ticket.
        status = getattr(self.printer, "last_status", None)
        if getattr(status, "paper", "") == "near_end":
            self.net.submit(lambda: self.host.raise_alert(
                "printer_fault", *both("alert_paper_low"),
                key=f"{self.kiosk_id}-paper"), lambda _r, err: err and log.warning("paper alert: %s", err))

    def _on_alerted(self, session: Session, error: BaseException | None) -> None:
        # The screen says "staff have been told" only once the host has taken the alert.
        if error is not None:
            log.warning("printer alert not sent: %s", error)
        session.extra["alerted"] = error is None
        self.changed(session)

    def slip(self, cfg: KioskConfig, session: Session, issued_at: str) -> None:
        """Queue the diversion slip for the session's target (once at a time)."""
        if self.printer is None or session.slip_state == "printing":
            return
        slip = tickets.diversion_slip(cfg, session.purpose, session.target, issued_at)
        session.slip_state = "printing"

        def done(_r: Any, error: BaseException | None) -> None:
            session.slip_state = "printed" if error is None else "fault"
            session.fault = fault_text(error) if error is not None else None
            self.changed(session)
        self.press.submit(lambda: self.printer.print_slip(slip), done)


def fault_text(error: BaseException) -> tuple[str, str]:
    """A printer fault as a short (zh, en) phrase for the alert and the screen, by the fault's code."""
    key = f"fault_{getattr(error, 'code', 'other')}"
    return both(key if key in STRINGS else "fault_other")

