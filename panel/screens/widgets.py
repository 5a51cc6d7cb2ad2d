"""The panel's shared widgets: big bilingual buttons, text blocks and the status bar (styles in widgets.kv)."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.togglebutton import ToggleButton

from panel.screens.palette import BLUE


class BigButton(Button):
    """A large flat button: Chinese on top, English below in a smaller size, a shortcut key in the corner."""

    zh = StringProperty("")
    en = StringProperty("")
    key = StringProperty("")
    tone = ColorProperty(BLUE)
    zh_size = NumericProperty(26)


class ChoiceButton(ToggleButton):
    """A selectable row or chip (a ticket in a queue, a service to transfer to)."""

    value = StringProperty("")
    warn = BooleanProperty(False)


class Para(Label):
    """A wrapping left-aligned text block that grows to fit its text."""


class Line(Label):
    """One line of a list (queue, audit, leads)."""


class StatusBar(BoxLayout):
    """The bottom line: the last action's message and whether the host is reachable."""

    text = StringProperty("")
    online = BooleanProperty(True)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
