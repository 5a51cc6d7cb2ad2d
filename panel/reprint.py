"""Reprint a ticket through the kiosk's own builder (fenliu.tickets), so the reprint is the original's twin."""
from __future__ import annotations

from fenliu.tickets import ticket_branch, ticket_print
from fenliu.words import zh_en
from panel.outcome import Outcome, done, refused


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

    def reprint(self, ticket: dict, config: dict) -> Outcome:
        """Print one ticket; a printer fault comes back as a bilingual refusal."""
        if not self.spec:
            return refused(*zh_en("No printer is set for this panel"), "no_printer")
        try:
            result = self.printer().print_ticket(ticket_print(ticket_branch(config), ticket))
        except Exception as exc:  # any printer fault (paper out, offline, bad spec) is shown, not raised
            return refused(*zh_en("Printing failed: {error}", error=exc), "printer_fault")
        return done(*zh_en("Reprinted {number}", number=ticket["number"]), result)
