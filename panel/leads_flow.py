"""Leads: with the customer's consent, a high-value visit's name, contact and need for a customer manager."""
from __future__ import annotations

from pathlib import Path

from fenliu.datadir import private_dir, write_private
from fenliu.words import zh_en, zh_en_n
from queue_host.client import HostClient
from panel.outcome import Outcome, attempt, done, refused

# Excel as installed in Chinese offices reads a CSV as GBK unless it starts with a UTF-8 BOM.
BOM = "\ufeff"


class LeadsFlow:
    """Records leads and lists or exports the day's leads."""

    def __init__(self, client: HostClient):
        self.client = client
        self.leads: list[dict] = []

    def add(self, name: str, contact: str, need: str, consent: bool, ticket_id: int | None = None) -> Outcome:
        """Record one lead; refused without the customer's consent or without a name and contact."""
        if not consent:
            return refused(*zh_en("Ask the customer's consent first"), "consent_required")
        if not name.strip() or not contact.strip():
            return refused(*zh_en("Enter a name and a contact"), "invalid")
        body = {"name": name.strip(), "contact": contact.strip(), "need": need.strip(), "consent": True}
        if ticket_id:
            body["ticket_id"] = ticket_id
        return attempt(lambda: self.client.post("/api/leads", body),
                       lambda lead: done(*zh_en("Lead recorded: {name}", name=body["name"]), lead))

    def refresh(self) -> Outcome:
        """Read the day's leads."""
        def take(answer) -> Outcome:
            self.leads = answer.get("leads", []) if isinstance(answer, dict) else list(answer)
            n = len(self.leads)
            return done(*zh_en_n("{n} lead today", "{n} leads today", n, n=n), self.leads)
        return attempt(lambda: self.client.get("/api/leads"), take)

    def export_csv(self, folder: Path) -> Outcome:
        """Save the day's leads as a CSV a customer manager can open in Excel; data is the file path."""
        def save(text) -> Outcome:
            private_dir(folder)  # names and contacts: for the panel's user alone, whatever the umask
            path = folder / "leads.csv"
            body = text if isinstance(text, str) else str(text)
            write_private(path, body if body.startswith(BOM) else BOM + body)
            return done(*zh_en("Exported to {path}", path=path), path)
        return attempt(lambda: self.client.get("/api/leads.csv"), save)

    @staticmethod
    def line(lead: dict) -> str:
        """One lead as a line."""
        return f"{str(lead.get('at', lead.get('created_at', '')))[11:16]}  {lead.get('ticket') or '—'}  " \
               f"{lead.get('name', '')}  {lead.get('contact', '')}  {lead.get('need', '')}"
