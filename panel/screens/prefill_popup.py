"""The teller corrects a pre-filled remittance form with the customer: payee name, account, bank."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from panel.screens.widgets import ChoiceButton


class PrefillPopup(ModalView):
    """Shows the form as the kiosk sent it, editable; OK calls on_ok(name, account, bank)."""

    bank = StringProperty("")

    def __init__(self, on_ok: Callable[[str, str, str], None], form: dict, banks: list[str], **kw):
        super().__init__(**kw)
        self.on_ok = on_ok
        self.ids.name.text, self.ids.account.text = form.get("payee_name", ""), form.get("payee_account", "")
        self.bank = form.get("bank", "")
        for bank in banks or [self.bank]:
            button = ChoiceButton(text=bank, value=bank, group=f"bank-{id(self)}", allow_no_selection=False,
                                  state="down" if bank == self.bank else "normal")
            button.bind(on_release=lambda b: setattr(self, "bank", b.value))
            self.ids.banks.add_widget(button)

    def confirm(self) -> None:
        """OK: the host checks the fields (and says which is wrong) before anything changes."""
        self.ids.name.focus = self.ids.account.focus = False
        self.dismiss()
        self.on_ok(self.ids.name.text, self.ids.account.text, self.bank)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
