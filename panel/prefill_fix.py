"""The teller corrects a remittance's pre-filled form with the customer (the host audits it, masked)."""
from __future__ import annotations

from fenliu.words import zh_en
from queue_host.client import HostClient
from panel.outcome import Outcome, attempt, done, refused


class PrefillCorrection:
    """Sends the corrected payee of the ticket the teller is serving; the flow's form then shows it."""

    def __init__(self, client: HostClient, counter_flow):
        self.client, self.flow = client, counter_flow

    def form(self) -> dict | None:
        """The form being served now (None when the current customer has none)."""
        p, current = self.flow.prefill, self.flow.view.current or {}
        return p if p and p.get("ticket_id") == current.get("id") else None

    def correct(self, name: str, account: str, bank: str) -> Outcome:
        """Send the correction; the host checks it as it checked the kiosk's (name, 16-19 digits, check digit)."""
        form = self.form()
        if form is None:
            return refused(*zh_en("This customer has no pre-filled form"))
        body = {"payee_name": name.strip(), "payee_account": "".join(account.split()), "bank": bank,
                "payer_card": form.get("payer_card", "")}

        def took(answer: dict) -> Outcome:
            self.flow.prefill = answer
            return done(*zh_en("Pre-filled form corrected (kept in the audit log)"))
        return attempt(lambda: self.client.request("PUT", f"/api/tickets/{form['ticket_id']}/prefill", body), took)
