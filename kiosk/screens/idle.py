"""The idle prompt ("继续吗?") laid over every screen: layout in idle.kv."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.screens import widgets  # noqa: F401 - the shared widget rules must load first

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class IdlePrompt(FloatLayout):
    """Shown while app.view.idle_prompt; any touch answers it (the app tells the flow)."""

    shown = BooleanProperty(False)

    def on_touch_down(self, touch):
        """Hidden, it lets touches through; shown, it keeps them from the screen beneath."""
        if not self.shown:
            return False
        super().on_touch_down(touch)
        return True

    def on_touch_up(self, touch):
        """As on_touch_down."""
        if not self.shown:
            return False
        super().on_touch_up(touch)
        return True
