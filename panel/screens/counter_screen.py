"""Counter mode: the current customer in large type and the teller's big buttons (F1-F7 on a keyboard)."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from fenliu.words import zh_en
from panel.counter_flow import MIN_REASON, NEED_NOTE
from panel.prefill_fix import PrefillCorrection
from panel.screens.ask_popup import AskPopup
from panel.screens.prefill_popup import PrefillPopup


class CounterScreen(Screen):
    """Shows the counter flow's view; every button is one call into the flow."""

    title = StringProperty("")
    state_text = StringProperty("")
    paused = BooleanProperty(False)
    waiting = NumericProperty(0)
    number = StringProperty("—")
    details = StringProperty("")
    has_current = BooleanProperty(False)
    has_prefill = BooleanProperty(False)

    def show(self) -> None:
        """Copy the flow's view onto the screen."""
        flow = App.get_running_app().counter
        if flow is None:
            return
        v = flow.view
        self.title = f"{v.name_zh}  {v.name_en}"
        self.state_text, self.paused, self.waiting = v.state_text(), v.paused, v.waiting
        self.number, self.details = flow.current_text()
        self.has_current = v.current is not None
        self.has_prefill = PrefillCorrection(flow.client, flow).form() is not None

    def do(self, action: str) -> None:
        """Run one teller action (those that ask something open their popup first)."""
        app = App.get_running_app()
        if app.busy or app.counter is None:
            return  # one action at a time: a second press must not act on a screen that is out of date
        if action == "transfer":
            return self.ask_transfer()
        if action == "call_next":
            flow, shown = app.counter, app.counter.shown_current()  # what the screen showed at the press
            return app.act(lambda: flow.call_next(shown))
        app.act(getattr(app.counter, action))

    def ask_transfer(self) -> None:
        """Choose the service and write a one-line note on the customer's need (no note keeps it open)."""
        app = App.get_running_app()
        if not self.has_current:
            app.status = " / ".join(zh_en("No current customer"))
            return
        title_zh, title_en = zh_en("Transfer to")
        AskPopup(lambda service, _n, note: app.act(lambda: app.counter.transfer(service, note)),
                 app.counter.transfer_choices(), title_zh=title_zh, title_en=title_en,
                 text_hint=" / ".join(zh_en("the customer's need, one line")), min_reason=MIN_REASON,
                 required=NEED_NOTE).open()

    def ask_prefill(self) -> None:
        """Correct the payee of the pre-filled form with the customer (the host keeps the change, masked)."""
        app = App.get_running_app()
        fix = PrefillCorrection(app.counter.client, app.counter)
        form = fix.form()
        if form is None:
            return
        banks = [b if isinstance(b, str) else b.get("name_zh", "") for b in app.config_json.get("prefill", {}).get("banks", [])]
        PrefillPopup(lambda name, account, bank: app.act(lambda: fix.correct(name, account, bank)),
                     form, banks).open()

    def on_shortcut(self, key: str) -> bool:
        """A teller's keyboard: F1-F7 or the letters shown on the buttons."""
        app = App.get_running_app()
        action = app.counter.shortcut(key) if app.counter else None
        if key == "escape":
            app.sign_out()
            return True
        if action and not app.busy:
            self.do(action)
        return bool(action)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
