"""What the kiosk hands the printer: a TicketPrint from the host's visit answer, a DiversionSlip from a target."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from printer.model import DiversionSlip, TicketPrint

from kiosk.branch import KioskConfig, Purpose, Service, Target
from kiosk.text import both


def short_time(iso: str, timezone: str = "") -> str:
    """2026-11-23T01:41:02+00:00 → 2026-11-23 09:41 in Asia/Shanghai: a host time in the branch's zone.

    The ticket and the slip both print through here, from the host's clock, so they always agree.
    """
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if timezone and moment.tzinfo is not None:
        try:
            moment = moment.astimezone(ZoneInfo(timezone))
        except (ZoneInfoNotFoundError, ValueError):
            pass  # an unknown zone: the host's own offset is still the branch's best guess
    return moment.strftime("%Y-%m-%d %H:%M")


def service_of(cfg: KioskConfig, ticket: dict) -> Service:
    """The ticket's service as configured (a bare one if the host knows a service the kiosk does not)."""
    code = ticket.get("service", "")
    return cfg.services.get(code) or Service(code=code, name_zh=ticket.get("service_name_zh", code),
                                             name_en=ticket.get("service_name_en", code))


def form_of(cfg: KioskConfig, ticket: dict) -> Service | None:
    """The service whose form template the ticket names (a V ticket copies its purpose's form)."""
    number = ticket.get("form_template") or service_of(cfg, ticket).form_template
    if not number:
        return None
    own = service_of(cfg, ticket)
    if own.form_template == number:
        return own
    return next((s for s in cfg.services.values() if s.form_template == number and s.form_name_zh), None)


def ticket_print(cfg: KioskConfig, visit: dict) -> TicketPrint:
    """The printed ticket for a visit answer that carries a ticket."""
    ticket = visit["ticket"]
    service = service_of(cfg, ticket)
    tier = cfg.tiers.get(visit.get("tier") or ticket.get("tier") or "normal")
    tip_zh, tip_en = both("fallback") if visit.get("fallback") == "target_suspended" else (None, None)
    if visit.get("offline"):  # issued from the kiosk's block: the queue host learns of it only later
        tip_zh, tip_en = both("offline_late")
    form = form_of(cfg, ticket)
    form_no = form.form_template if form else None
    return TicketPrint(
        branch_name=cfg.name_zh, branch_name_en=cfg.name_en,
        number=ticket["number"], service_zh=service.name_zh, service_en=service.name_en,
        people_ahead=int(ticket.get("people_ahead") or 0), wait_minutes=int(ticket.get("wait_minutes") or 0),
        form_template_no=form_no, form_name_zh=form.form_name_zh if form else None,
        form_name_en=form.form_name_en if form else None,
        form_desk_zh=(cfg.form_desk_zh or None) if form_no else None,
        form_desk_en=(cfg.form_desk_en or None) if form_no else None,
        documents_zh=tuple(service.documents_zh), documents_en=tuple(service.documents_en),
        issued_at=short_time(ticket.get("issued_at", ""), cfg.timezone),
        no_show_rule_zh=cfg.missed_hint_zh or both("no_show_rule")[0],
        no_show_rule_en=cfg.missed_hint_en or both("no_show_rule")[1],
        status_url=ticket.get("status_url", ""),
        tip_zh=tip_zh, tip_en=tip_en,
        tier_zh=tier.name_zh if tier is not None and tier.code != "normal" else None,
    )


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
