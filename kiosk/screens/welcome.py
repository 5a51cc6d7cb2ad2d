"""The welcome screen: layout in welcome.kv, every action a one-line call to the flow."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty
from kivy.uix.screenmanager import Screen

from kiosk.screens import widgets  # noqa: F401 - the shared widget rules must load first

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class WelcomeScreen(Screen):
    """Bound to app.view; taps go to app.flow."""

    stack_header = BooleanProperty(False)  # elderly on a landscape screen: the card hint under the branch
