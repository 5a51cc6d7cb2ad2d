"""The audit log: every override of the day - when, who, what, on which ticket, and why."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ListProperty
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from panel.manager_flow import ManagerFlow
from panel.screens.widgets import Line


class AuditPane(Screen):
    """Reads the audit log when opened (and on Refresh)."""

    entries = ListProperty([])

    def load(self) -> None:
        """Ask the host for the log."""
        app = App.get_running_app()
        app.work(app.manager.audit, self._take)

    def _take(self, out) -> None:
        App.get_running_app().status = out.message
        self.entries = out.data if out.ok else []
        self.show()

    def show(self) -> None:
        """Rebuild the list."""
        box = self.ids.rows
        box.clear_widgets()
        for entry in self.entries:
            box.add_widget(Line(text=App.get_running_app().manager.audit_line(entry)))


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
