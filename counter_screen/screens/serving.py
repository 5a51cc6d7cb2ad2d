"""What the window is doing: the number served, the window, the teller, or 暂停服务."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class ServingScreen(Screen):
    """Holds the texts of the flow's view; it has no logic of its own."""

    window = StringProperty("")
    headline = StringProperty("")
    number = StringProperty("")
    teller = StringProperty("")
    status = StringProperty("")
    paused = BooleanProperty(False)

    def show(self, v) -> None:
        """Copy the flow's view onto the screen."""
        self.window = f"[b]{v.window_zh}[/b]  {v.window_en}"
        self.headline = f"{v.headline_zh}\n[size=30sp]{v.headline_en}[/size]"
        self.number, self.paused = v.number, v.mode == "paused"
        teller_zh, teller_en = v.teller_lines
        self.teller = f"{teller_zh}\n[size=30sp]{teller_en}[/size]" if teller_zh else ""
        self.status = v.link
