"""The welcome screen's choices (language, elderly mode, voice, pages, card read), as a part of KioskFlow."""
from __future__ import annotations

from kiosk.theme import screen_shape
from kiosk.view import page_count


class WelcomeChoices:
    """Methods KioskFlow takes in: they change the session's settings and redraw."""

    screen_shape = ""  # kiosk.theme.screen_shape of the window (set by the app): how many elderly English tiles fit

    def set_window(self, width_dp: float, height_dp: float) -> None:
        """The window's size in dp changed: its shape decides how many elderly English tiles a page shows."""
        shape = screen_shape(width_dp, height_dp)
        if shape != self.screen_shape:
            self.screen_shape = shape
            self._changed()

    def set_lang(self, lang: str) -> None:
        """Switch the language of every screen (zh / en)."""
        self.session.lang = "en" if lang == "en" else "zh"
        self._go(self.screen)

    def toggle_lang(self) -> None:
        """中文 ⇄ English."""
        self.set_lang("zh" if self.session.lang == "en" else "en")

    def toggle_elderly(self) -> None:
        """Elderly mode on/off: larger and fewer tiles, more time, spoken guidance if wanted."""
        self.session.elderly = not self.session.elderly
        self.session.voice = self.session.elderly and self.voice_default
        self.session.page = 0
        self._go(self.screen)

    def toggle_voice(self) -> None:
        """Spoken guidance on/off (elderly mode)."""
        self.session.voice = not self.session.voice
        if not self.session.voice and self.speaker is not None:
            self.speaker.stop()
        self._go(self.screen)

    def turn_page(self, step: int) -> None:
        """Next (+1) or previous (-1) page of purpose tiles."""
        self.session.page = max(0, min(page_count(self) - 1, self.session.page + step))
        self._changed()

    def card_read(self, ref: str) -> None:
        """A card or ID was read: remember the reference for this customer's visit."""
        if self.screen in ("ticket", "guide", "notice") and not self.busy:
            self.reset()
        self.session.customer_ref = ref
        self._last_touch = self.clock()
        self._changed()
