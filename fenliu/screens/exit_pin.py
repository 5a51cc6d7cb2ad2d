"""Kiosk mode in the window: borderless fullscreen, no cursor, and a staff PIN prompt before the app may close."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.modalview import ModalView

from fenliu.kiosk_mode import ExitGuard, Verdict

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class ExitPinPrompt(ModalView):
    """Asks for a staff id and PIN; a right one closes the app, a wrong one keeps it open."""

    message = StringProperty("")
    checking = BooleanProperty(False)

    def __init__(self, guard: ExitGuard, on_exit: Callable[[], None], **kw):
        super().__init__(**kw)
        self.guard, self.on_exit = guard, on_exit

    def verify(self) -> None:
        """Check the typed PIN off the UI thread; the answer comes back through the Clock."""
        if self.checking:
            return
        self.checking, self.message = True, "正在验证… / checking…"
        staff, pin = self.ids.staff.text, self.ids.pin.text
        threading.Thread(target=lambda: self._answer(self.guard.check(staff, pin)), daemon=True,
                         name="fenliu-exit-pin").start()

    def _answer(self, verdict: Verdict) -> None:
        Clock.schedule_once(lambda _dt: self.done(verdict))

    def done(self, verdict: Verdict) -> None:
        """Close the app on a right PIN; otherwise say why and clear the PIN field."""
        self.checking = False
        if verdict.ok:
            self.dismiss()
            self.on_exit()
            return
        self.message = f"{verdict.zh}\n{verdict.en}"
        self.ids.pin.text = ""


class KioskMode:
    """Holds the window in kiosk mode: every close request (Esc, the window manager) opens the PIN prompt."""

    def __init__(self, guard: ExitGuard, on_exit: Callable[[], None]):
        self.guard, self.on_exit = guard, on_exit
        self.prompt: ExitPinPrompt | None = None
        self.leaving = False

    def start(self) -> None:
        """Make the window borderless and fullscreen, hide the cursor, and guard closing."""
        Window.borderless = True
        Window.fullscreen = "auto"
        Window.show_cursor = False
        Window.bind(on_request_close=self.request_close, on_keyboard=self._key)

    def _key(self, _window, key: int, *_args) -> bool:
        if key == 27 and not self.leaving:  # Esc asks to close, whatever Kivy's exit_on_escape says
            self.request_close()
            return True
        return False

    def request_close(self, *_args, **_kw) -> bool:
        """Kivy asks before closing: True keeps the window open while the PIN prompt is up."""
        if self.leaving:
            return False
        if self.prompt is None:
            self.prompt = ExitPinPrompt(self.guard, self._leave)
            self.prompt.bind(on_dismiss=self._closed)
            self.prompt.open()
        return True

    def _closed(self, *_args) -> None:
        self.prompt = None

    def _leave(self) -> None:
        self.leaving = True
        Window.unbind(on_request_close=self.request_close, on_keyboard=self._key)
        self.on_exit()
