"""The remittance pre-fill screen: pinyin keyboard, account keypad, bank list, review. Layout in
prefill.kv; every tap is one call into app.prefill (kiosk/prefill_flow.py)."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.metrics import dp, pt
from kivy.properties import DictProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.screenmanager import Screen

from kiosk.prefill_view import DIGITS, LETTERS, prefill_texts
from kiosk.screens import widgets  # noqa: F401 - the shared widget rules must load first


class Keys(GridLayout):
    """A row or grid of big keys; a tap calls app.prefill.<action>(key). A special key shows its face
    (Chinese, English smaller beneath)."""

    keys = ListProperty([])
    faces = DictProperty({})
    action = StringProperty("key")
    key_dp = NumericProperty(0)  # each key's height (0: the mode's)

    def on_keys(self, *_args) -> None:
        """Make one button per key."""
        self.clear_widgets()
        app = App.get_running_app()
        theme = app.view.theme
        for key in self.keys:
            face = self.faces.get(key, key)
            text, size = face, theme.key_pt
            if isinstance(face, (tuple, list)) and face[1] and not app.view.elderly:  # Chinese, English beneath
                text, size = f"{face[0]}\n[size={int(pt(theme.face_sub_pt))}]{face[1]}[/size]", theme.face_pt
            elif isinstance(face, (tuple, list)):
                # Elderly type: a second line at 30 pt does not fit a key's height; the Chinese face alone.
                text, size = face[0], theme.face_pt
            button = Button(text=text, markup=True, halign="center", font_size=pt(size), size_hint_y=None,
                            height=dp(self.key_dp or theme.key_dp), background_normal="",
                            background_color=app.rgba(theme.tile), color=app.rgba(theme.tile_text))
            button.bind(width=lambda b, w: setattr(b, "text_size", (w, None)))
            button.key = key
            button.bind(on_release=lambda b: getattr(App.get_running_app().prefill, self.action)(b.key))
            self.add_widget(button)

    on_faces = on_key_dp = on_keys


class PrefillScreen(Screen):
    """Holds the texts of the pre-fill's view (kiosk/prefill_view.py)."""

    step = StringProperty("name")
    title = ListProperty(["", ""])
    name_text = StringProperty("")
    account_text = StringProperty("")
    error_text = StringProperty("")
    review_text = StringProperty("")
    state_text = StringProperty("")
    messages = ListProperty([])
    candidates = ListProperty([])
    banks = ListProperty([])
    faces = DictProperty({})
    back = ListProperty(["", ""])
    forward = ListProperty(["", ""])
    letters = ListProperty(LETTERS)
    digits = ListProperty(DIGITS)

    def show(self, v) -> None:
        """Copy the flow's view onto the screen."""
        t = prefill_texts(v)
        self.faces = t.faces
        self.title, self.step, self.ids.steps.current = t.title, v.step, v.step
        self.name_text, self.account_text, self.error_text = t.name, t.account, t.error
        self.candidates, self.banks = list(t.candidates), list(v.banks)
        self.review_text, self.state_text = t.review, t.state
        self.messages = list(t.messages)
        self.back, self.forward = t.back, t.forward


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
