"""The one ticket-to-print builder: a host ticket and the branch become a printer TicketPrint.

The kiosk (online and from its offline block) and the manager's reprint all print through here, so a
reprinted ticket is the original's twin: same branch time, same form, same no-show line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Mapping, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fenliu.branch import Choice, Service, services_from_api, tiers_from_api
from fenliu.words import N_, zh_en

if TYPE_CHECKING:
    from printer.model import TicketPrint

NO_SHOW_RULE = N_("Missed your number? See the lobby manager or swipe your card at the kiosk")


class Branch(Protocol):
    """What a ticket needs of the branch (the kiosk's KioskConfig and TicketBranch both have it)."""

    name_zh: str
    name_en: str
    services: Mapping[str, Service]
    tiers: Mapping[str, Choice]
    form_desk_zh: str
    form_desk_en: str
    missed_hint_zh: str
    missed_hint_en: str
    timezone: str


@dataclass(frozen=True)
class TicketBranch:
    """The branch as a printed ticket needs it, read from GET /api/config."""

    name_zh: str = ""
    name_en: str = ""
    services: dict[str, Service] = field(default_factory=dict)
    tiers: dict[str, Choice] = field(default_factory=dict)
    form_desk_zh: str = ""
    form_desk_en: str = ""
    missed_hint_zh: str = ""
    missed_hint_en: str = ""
    timezone: str = ""


def ticket_branch(data: dict) -> TicketBranch:
    """Read the parts of the host's /api/config answer a ticket prints."""
    branch, display = data.get("branch") or {}, data.get("display") or {}
    return TicketBranch(
        name_zh=branch.get("name_zh", ""), name_en=branch.get("name_en", ""),
        services=services_from_api(data), tiers=tiers_from_api(data),
        form_desk_zh=branch.get("form_desk_zh", ""), form_desk_en=branch.get("form_desk_en", ""),
        missed_hint_zh=display.get("missed_hint_zh", ""), missed_hint_en=display.get("missed_hint_en", ""),
        timezone=str(branch.get("timezone", "")))


def short_time(iso: str, timezone: str = "") -> str:
    """2026-11-23T01:41:02+00:00 → 2026-11-23 09:41 in Asia/Shanghai: a host time in the branch's zone.

    Tickets, reprints and slips all print through here, from the host's clock, so they always agree.
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


def service_of(branch: Branch, ticket: dict) -> Service:
    """The ticket's service as configured (a bare one if the host knows a service the app does not)."""
    code = ticket.get("service", "")
    return branch.services.get(code) or Service(code=code, name_zh=ticket.get("service_name_zh", code),
                                                name_en=ticket.get("service_name_en", code))


def form_of(branch: Branch, ticket: dict) -> Service | None:
    """The service whose form template the ticket names (a V ticket copies its purpose's form)."""
    own = service_of(branch, ticket)
    number = ticket.get("form_template") or own.form_template
    if not number:
        return None
    if own.form_template == number:
        return own
    return next((s for s in branch.services.values() if s.form_template == number and s.form_name_zh), None)


def ticket_print(branch: Branch, ticket: dict, tier: str | None = None,
                 tip: tuple[str, str] | tuple[None, None] = (None, None)) -> TicketPrint:
    """The printed ticket for a host ticket (`tier`: the visit's tier when the ticket does not say)."""
    from printer.model import TicketPrint  # here: a panel without a printer never loads the printer package

    service = service_of(branch, ticket)
    level = branch.tiers.get(tier or ticket.get("tier") or "normal")
    form = form_of(branch, ticket)
    form_no = form.form_template if form else None
    rule_zh, rule_en = zh_en(NO_SHOW_RULE)
    return TicketPrint(
        branch_name=branch.name_zh, branch_name_en=branch.name_en,
        number=ticket["number"], service_zh=service.name_zh, service_en=service.name_en,
        people_ahead=int(ticket.get("people_ahead") or 0), wait_minutes=int(ticket.get("wait_minutes") or 0),
        form_template_no=form_no, form_name_zh=form.form_name_zh if form else None,
        form_name_en=form.form_name_en if form else None,
        form_desk_zh=(branch.form_desk_zh or None) if form_no else None,
        form_desk_en=(branch.form_desk_en or None) if form_no else None,
        documents_zh=tuple(service.documents_zh), documents_en=tuple(service.documents_en),
        issued_at=short_time(ticket.get("issued_at") or "", branch.timezone),
        no_show_rule_zh=branch.missed_hint_zh or rule_zh, no_show_rule_en=branch.missed_hint_en or rule_en,
        status_url=ticket.get("status_url", ""),
        tip_zh=tip[0], tip_en=tip[1],
        tier_zh=level.name_zh if level is not None and level.code != "normal" else None,
    )
