"""The PIN pad: a teller or the lobby manager signs in; the host checks the PIN and may lock the panel."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules


class SignInScreen(Screen):
    """Digits, back, clear and OK; Enter and the number keys work too."""

    dots = StringProperty("")

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
