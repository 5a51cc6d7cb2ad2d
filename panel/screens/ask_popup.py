"""One popup for every question an action asks: a choice (service, counter), a place number, a reason."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.modalview import ModalView

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from fenliu.words import N_, zh_en
from panel.screens.widgets import ChoiceButton


class AskPopup(ModalView):
    """Asks, then calls on_ok(choice, number, text); with `min_reason`, a too-short reason keeps it open with a hint."""

    title_zh = StringProperty("")
    title_en = StringProperty("")
    text_hint = StringProperty(" / ".join(zh_en("reason")))
    choice = StringProperty("")
    ask_number = BooleanProperty(False)
    quick = ListProperty([])
    min_reason = NumericProperty(0)
    problem = StringProperty("")  # why OK did not close the popup, shown above the reason field
    required = StringProperty(N_("Give a short reason, or tap one above"))  # the msgid `problem` says

    def __init__(self, on_ok: Callable[[str, int, str], None], choices: list[tuple[str, str, str]] = (),
                 **kw):
        super().__init__(**kw)
        self.on_ok = on_ok
        for value, zh, en in choices:
            button = ChoiceButton(text=f"{zh} / {en}", value=value, group=f"ask-{id(self)}",
                                  allow_no_selection=False)
            button.bind(on_release=lambda b: setattr(self, "choice", b.value))
            self.ids.choices.add_widget(button)
        if choices:
            self.choice = choices[0][0]
            self.ids.choices.children[-1].state = "down"
        for zh, en in self.quick:
            quick = ChoiceButton(text=f"{zh} / {en}", size_hint_x=None, width=260)
            quick.bind(on_release=lambda b, zh=zh, en=en: self.use_quick(zh, en))
            self.ids.quick.add_widget(quick)

    def use_quick(self, zh: str, en: str) -> None:
        """Fill the reason with a one-touch reason."""
        self.ids.reason.text = f"{zh} / {en}"
        self.problem = ""

    def on_dismiss(self) -> None:
        # A focused field keeps the keyboard after the popup closes; the teller's F-keys would be lost.
        self.ids.reason.focus = False
        self.ids.number.focus = False

    def confirm(self) -> None:
        """OK: hand the answers to the caller and close (not without the reason it asks for)."""
        if len(self.ids.reason.text.strip()) < self.min_reason:
            self.problem = " / ".join(zh_en(self.required))
            self.ids.reason.focus = True
            return
        number = int(self.ids.number.text) if self.ids.number.text.strip().isdigit() else 1
        self.dismiss()
        self.on_ok(self.choice, number, self.ids.reason.text)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
