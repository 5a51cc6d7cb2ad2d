"""The ticket screen: layout in ticket.kv, every action a one-line call to the flow."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty
from kivy.uix.screenmanager import Screen

from kiosk.screens import widgets  # noqa: F401 - the shared widget rules must load first

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class TicketScreen(Screen):
    """Bound to app.view; taps go to app.flow."""

    portrait = BooleanProperty(False)  # taller than wide: the ticket stacks down the screen
