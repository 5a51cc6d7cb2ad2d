"""The rating question: four big buttons, Chinese first, a countdown; it goes away by itself."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from counter_screen.flow import CHOICES

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class RatingScreen(Screen):
    """Each button is one call into the app."""

    choices = CHOICES
    question = StringProperty("")
    which = StringProperty("")
    countdown = StringProperty("")

    def show(self, v) -> None:
        """Copy the flow's view onto the screen."""
        self.question = f"[b]{v.headline_zh}[/b]\n[size=30sp]{v.headline_en}[/size]"
        self.which, self.countdown = v.which, v.countdown

    def rate(self, rating: str) -> None:
        """A button was tapped."""
        App.get_running_app().rate(rating)
