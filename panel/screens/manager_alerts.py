"""Open alerts, newest first, each with a button to mark it dealt with."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules


class AlertRow(BoxLayout):
    """One alert: kind, message, time, and Clear."""

    alert_id = NumericProperty(0)
    title = StringProperty("")
    text = StringProperty("")
    at = StringProperty("")


class AlertsPane(Screen):
    """Lists the alerts flow's open alerts."""

    def load(self) -> None:
        """Alerts come with every refresh."""

    def show(self) -> None:
        """Rebuild the list."""
        flow = App.get_running_app().alerts
        box = self.ids.rows
        box.clear_widgets()
        for a in (flow.open if flow else []):
            box.add_widget(AlertRow(alert_id=a.id, title=a.title, text=a.text, at=a.raised_at))
        self.ids.empty.opacity = 0 if box.children else 1

    def clear(self, alert_id: int) -> None:
        """The manager has dealt with this alert."""
        app = App.get_running_app()
        app.act(lambda: app.alerts.clear(alert_id))


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
