"""Leads: record a high-value customer's name, contact and need (with consent); list and export the day's."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ListProperty
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from panel.leads_flow import LeadsFlow
from panel.screens.widgets import Line


class LeadsPane(Screen):
    """A short form, the day's list, and Export CSV."""

    leads = ListProperty([])

    def load(self) -> None:
        """Read the day's leads."""
        app = App.get_running_app()
        app.work(app.leads.refresh, self._take)

    def _take(self, out) -> None:
        if out.ok:
            self.leads = out.data
        self.show()

    def save(self) -> None:
        """Record the lead typed in the form."""
        app, ids = App.get_running_app(), self.ids
        name, contact, need, consent = ids.name.text, ids.contact.text, ids.need.text, ids.consent.state == "down"
        row = app.manager.find(ids.ticket.text) if ids.ticket.text.strip() else None
        app.act(lambda: app.leads.add(name, contact, need, consent, row.id if row else None), self._saved)

    def _saved(self, out) -> None:
        if out.ok:
            for field in ("name", "contact", "need", "ticket"):
                self.ids[field].text = ""
            self.ids.consent.state = "normal"
            self.load()

    def export(self) -> None:
        """Save the day's leads as CSV in the export folder."""
        app = App.get_running_app()
        app.act(lambda: app.leads.export_csv(app.export_dir))

    def show(self) -> None:
        """Rebuild the list."""
        box = self.ids.rows
        box.clear_widgets()
        for lead in self.leads:
            box.add_widget(Line(text=LeadsFlow.line(lead)))


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
