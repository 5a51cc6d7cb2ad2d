"""The audit log: every override of the day - when, who, what, on which ticket, and why; above it, staff
locked after too many wrong PINs, each with an Unlock button (the unlock asks a reason and is audited)."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import ListProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from fenliu.words import N_, en, zh
from panel.audit_flow import UNLOCK_REASONS
from panel.manager_flow import MIN_REASON
from panel.screens.ask_popup import AskPopup
from panel.screens.widgets import BigButton, Line


class AuditPane(Screen):
    """Reads the audit log when opened (and on Refresh)."""

    entries = ListProperty([])
    locks = ListProperty([])

    def load(self) -> None:
        """Ask the host for the locked staff and the log."""
        app = App.get_running_app()
        app.work(app.audit.locks, self._take_locks, busy=False)
        app.work(app.audit.audit, self._take)

    def _take_locks(self, out) -> None:
        self.locks = out.data if out.ok else []
        self.show()

    def _take(self, out) -> None:
        App.get_running_app().status = out.message
        self.entries = out.data if out.ok else []
        self.show()

    def ask_unlock(self, staff: str) -> None:
        """Ask why, then lift the lock; the list reloads after."""
        app = App.get_running_app()
        title = N_("Unlock {staff}")
        AskPopup(lambda _c, _n, reason: app.act(lambda: app.audit.unlock(staff, reason), lambda _o: self.load()),
                 title_zh=zh(title, staff=staff), title_en=en(title, staff=staff), quick=UNLOCK_REASONS,
                 min_reason=MIN_REASON).open()

    def show(self) -> None:
        """Rebuild the list: locked staff first, then the log."""
        box = self.ids.rows
        box.clear_widgets()
        for lock in self.locks:
            row = BoxLayout(size_hint_y=None, height=dp(64), spacing=dp(8))
            row.add_widget(Line(text=App.get_running_app().audit.lock_line(lock)))
            button = BigButton(zh=zh("Unlock"), en=en("Unlock"), zh_size=dp(20), size_hint_x=None, width=dp(150),
                               tone=(0.68, 0.2, 0.18, 1))
            button.bind(on_release=lambda _b, staff=lock["staff"]: self.ask_unlock(staff))
            row.add_widget(button)
            box.add_widget(row)
        for entry in self.entries:
            box.add_widget(Line(text=App.get_running_app().audit.audit_line(entry)))


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
