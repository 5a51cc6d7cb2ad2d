"""The diversion screen: layout in diversion.kv, every action a one-line call to the flow."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

from kiosk.screens import widgets  # noqa: F401 - the shared widget rules must load first

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class DiversionScreen(Screen):
    """Bound to app.view; taps go to app.flow."""
