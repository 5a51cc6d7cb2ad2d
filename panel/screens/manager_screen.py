"""Manager mode: a tab bar (queues, alerts, audit, leads, figures), an alert banner, and the open pane."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from panel.screens.manager_alerts import AlertsPane
from panel.screens.manager_audit import AuditPane
from panel.screens.manager_figures import FiguresPane
from panel.screens.manager_leads import LeadsPane
from panel.screens.manager_queues import QueuesPane

TABS = ("queues", "alerts", "audit", "leads", "figures")


class ManagerScreen(Screen):
    """The lobby manager's screen; panes redraw from the manager flows when shown."""

    alert_count = NumericProperty(0)
    alert_title = StringProperty("")
    banner = StringProperty("")
    tab = StringProperty("queues")

    def on_kv_post(self, base_widget) -> None:
        self.ids.panes.transition = NoTransition()
        for pane in (QueuesPane(name="queues"), AlertsPane(name="alerts"), AuditPane(name="audit"),
                     LeadsPane(name="leads"), FiguresPane(name="figures")):
            self.ids.panes.add_widget(pane)

    def show(self) -> None:
        """Redraw the banner and the open pane."""
        alerts = App.get_running_app().alerts
        if alerts is not None:
            self.alert_count = len(alerts.open)
            self.alert_title = alerts.open[0].title if alerts.open else ""
            self.banner = alerts.banner()
        self.ids.panes.current_screen.show()

    def open_tab(self, name: str) -> None:
        """Switch pane (and load what it lists)."""
        self.tab = name
        self.ids.panes.current = name
        self.ids.panes.current_screen.load()
        self.show()

    def on_shortcut(self, key: str) -> bool:
        """F1-F5 switch panes."""
        tabs = {"f1": "queues", "f2": "alerts", "f3": "audit", "f4": "leads", "f5": "figures"}
        if key in tabs:
            self.open_tab(tabs[key])
            return True
        return False


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
