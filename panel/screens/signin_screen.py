"""Sign-in: a teller or the lobby manager taps who they are, then types the PIN; the host may lock that name."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules


class SignInScreen(Screen):
    """Digits, back, clear and OK; Enter and the number keys work too."""

    dots = StringProperty("")
    people = ListProperty([])  # the host's staff list: id, label_zh, label_en
    chosen = StringProperty("")
    chosen_label = StringProperty("")

    def on_people(self, *_):
        """One big button per staff member."""
        from panel.screens.widgets import BigButton
        row = self.ids.staff_row
        row.clear_widgets()
        for person in self.people:
            button = BigButton(zh=person["label_zh"], en=person["label_en"], zh_size=24)
            button.staff_id = person["id"]
            button.bind(on_release=lambda b: self.choose(b.staff_id))
            row.add_widget(button)

    def choose(self, staff_id: str) -> None:
        """Say who is signing in (clears a half-typed PIN); the chosen name's button turns teal."""
        from panel.screens.palette import BLUE, TEAL
        self.chosen = App.get_running_app().pinpad.choose(staff_id)
        self.dots = ""
        for person in self.people:
            if person["id"] == staff_id:
                self.chosen_label = f"{person['label_zh']} / {person['label_en']}"
        if not staff_id:
            self.chosen_label = ""
        for button in self.ids.staff_row.children:
            button.tone = TEAL if button.staff_id == staff_id else BLUE

    def press(self, key: str) -> None:
        """One key of the pad."""
        self.dots = App.get_running_app().pinpad.press(key)

    def submit(self) -> None:
        """Send the PIN."""
        App.get_running_app().sign_in()

    def on_shortcut(self, key: str) -> bool:
        """Keyboard: digits, Backspace and Enter."""
        if key == "enter":
            self.submit()
        elif key == "backspace":
            self.press("back")
        elif key.isdigit():
            self.press(key)
        else:
            return False
        return True


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
