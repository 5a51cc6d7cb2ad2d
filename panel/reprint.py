"""Reprint a ticket: the host's ticket and branch config become a printer.model.TicketPrint."""
from __future__ import annotations

from typing import Any

from fenliu.words import Np_, zh_en, zh_en_n
from panel.outcome import Outcome, done, refused

# The rule printed on a reprinted ticket, counted by the calls a number gets before it is missed.
NO_SHOW_RULE = Np_("Missed after {calls} call? Ask the lobby manager to rejoin {back} places back.",
                   "Missed after {calls} calls? Ask the lobby manager to rejoin {back} places back.")


def ticket_print(ticket: dict, config: dict, tier_zh: str | None = None) -> Any:
    """The printable ticket for a host Ticket, with the branch's words (the printer package reads no clock)."""
    from printer.model import TicketPrint  # imported here: the panel runs without the printer package too

    branch = config.get("branch", {}) or {}
    svc = next((s for s in config.get("services", []) if s.get("code") == ticket.get("service")), {})
    calling = config.get("calling", {}) or {}
    calls = int(calling.get("recalls", 2)) + 1
    back = calling.get("reinstate_places_back", 3)
    form_no = ticket.get("form_template") or svc.get("form_template")
    rule_zh, rule_en = zh_en_n(*NO_SHOW_RULE, calls, calls=calls, back=back)
    return TicketPrint(
        branch_name=branch.get("name_zh", ""), branch_name_en=branch.get("name_en", ""),
        number=ticket["number"], service_zh=svc.get("name_zh", ticket.get("service", "")),
        service_en=svc.get("name_en", ticket.get("service", "")),
        people_ahead=int(ticket.get("people_ahead") or 0), wait_minutes=int(ticket.get("wait_minutes") or 0),
        form_template_no=form_no, form_name_zh=svc.get("form_name_zh") if form_no else None,
        form_name_en=svc.get("form_name_en") if form_no else None,
        form_desk_zh=branch.get("form_desk_zh") if form_no else None,
        form_desk_en=branch.get("form_desk_en") if form_no else None,
        documents_zh=tuple(svc.get("documents_zh", ())), documents_en=tuple(svc.get("documents_en", ())),
        issued_at=str(ticket.get("issued_at", ""))[:16].replace("T", " "),
        no_show_rule_zh=rule_zh, no_show_rule_en=rule_en,
        status_url=ticket.get("status_url", ""), tier_zh=tier_zh,
    )


class Reprinter:
    """Prints a ticket again on the panel's printer (a preview folder in the demo)."""

    def __init__(self, printer_spec: str | None):
        self.spec = printer_spec
        self._printer = None

    def printer(self):
        """The printer, opened on first use."""
        if self._printer is None:
            from printer import open_printer
            self._printer = open_printer(self.spec)
        return self._printer

    def reprint(self, ticket: dict, config: dict, tier_zh: str | None = None) -> Outcome:
        """Print one ticket; a printer fault comes back as a bilingual refusal."""
        if not self.spec:
            return refused(*zh_en("No printer is set for this panel"), "no_printer")
        try:
            result = self.printer().print_ticket(ticket_print(ticket, config, tier_zh))
        except Exception as exc:  # any printer fault (paper out, offline, bad spec) is shown, not raised
            return refused(*zh_en("Printing failed: {error}", error=exc), "printer_fault")
        return done(*zh_en("Reprinted {number}", number=ticket["number"]), result)
