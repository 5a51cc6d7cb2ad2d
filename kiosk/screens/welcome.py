"""The welcome screen: layout in welcome.kv, every action a one-line call to the flow."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty
from kivy.uix.screenmanager import Screen

from kiosk.screens import widgets  # noqa: F401 - the shared widget rules must load first

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class WelcomeScreen(Screen):
    """Bound to app.view; taps go to app.flow."""

    stack_header = BooleanProperty(False)  # elderly on a 1280-wide landscape screen: the card hint on its own row
    hint_row = BooleanProperty(False)  # stacked in English: the card hint on a row of its own, the whole width
    card_text = ObjectProperty(("", ""))  # the card hint, the card read, or the offline banner (main, second line)
    card_color = ListProperty([0, 0, 0, 1])
