"""What the kiosk hands the printer: a TicketPrint from the host's visit answer, a DiversionSlip from a target.

The ticket itself is built by fenliu.tickets, the one builder the manager's reprint uses too; the kiosk
adds only the tip a visit carries (a suspended machine's fallback, a ticket from the offline block).
"""
from __future__ import annotations

from printer.model import DiversionSlip, TicketPrint

from fenliu import tickets
from fenliu.tickets import short_time
from kiosk.branch import KioskConfig, Purpose, Target
from kiosk.text import both


def ticket_print(cfg: KioskConfig, visit: dict) -> TicketPrint:
    """The printed ticket for a visit answer that carries a ticket."""
    tip = both("fallback") if visit.get("fallback") == "target_suspended" else (None, None)
    if visit.get("offline"):  # issued from the kiosk's block: the queue host learns of it only later
        tip = both("offline_late")
    return tickets.ticket_print(cfg, visit["ticket"], tier=visit.get("tier"), tip=tip)


def diversion_slip(cfg: KioskConfig, purpose: Purpose, target: Target, issued_at: str) -> DiversionSlip:
    """The printed slip for a customer sent to a self-service target (`issued_at`: the host's ISO time)."""
    return DiversionSlip(
        branch_name=cfg.name_zh, branch_name_en=cfg.name_en,
        purpose_zh=purpose.name_zh, purpose_en=purpose.name_en,
        target_zh=target.name_zh, target_en=target.name_en,
        location_zh=target.location_zh, location_en=target.location_en,
        steps_zh=tuple(target.steps_zh), steps_en=tuple(target.steps_en),
        issued_at=short_time(issued_at, cfg.timezone), qr_url=target.qr_url,
    )
