"""The lobby board screen: the call, recent calls, waiting counts, counters, missed list and notices."""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from display.board import BoardView, Call
from display.present import clock_fields, link_fields, marquee_text, screen_fields, settings_fields
from display.screens.marquee import Marquee  # noqa: F401 - the .kv uses it
from display.settings import DisplaySettings

FLASH_S = 6.0  # long enough for someone looking away to catch it, short enough to stay calm
NOTICE_S = 8.0
BLINK_S = 1.0  # one bright-calm cycle a second: noticed, not a strobe


class LobbyScreen(FloatLayout):
    """Holds what the board shows; the app feeds it views, settings, the clock and the link state."""

    branch_zh = StringProperty("")
    branch_en = StringProperty("")
    clock_time = StringProperty("")
    clock_date = StringProperty("")
    call_number = StringProperty("")
    call_counter_zh = StringProperty("")
    call_counter_en = StringProperty("")
    call_before_zh = StringProperty("")  # the words around the big number (请 … 号) and the counter line
    call_after_zh = StringProperty("")
    call_to_zh = StringProperty("")
    call_sentence_en = StringProperty("")
    call_idle_zh = StringProperty("")
    call_recall = BooleanProperty(False)
    flash = NumericProperty(0.0)
    flashing = BooleanProperty(False)
    recent = ListProperty([])
    services = ListProperty([])
    counters = ListProperty([])
    missed_text = StringProperty("")
    missed_any = BooleanProperty(False)
    missed = ListProperty([])  # the missed numbers, newest first; the screen shows those that fit
    missed_hint_zh = StringProperty("")
    missed_hint_en = StringProperty("")
    notice_text = StringProperty("")
    suspended_text = StringProperty("")
    suspended = ListProperty([])  # the machines out of use: (name_zh, name_en)
    notice_zh = StringProperty("")
    notice_en = StringProperty("")
    marquee_text = StringProperty("")  # what scrolls: out-of-use machines, then the standing notice unless it sends people to them
    product_notices = ListProperty([])
    notice_index = NumericProperty(0)
    offline = BooleanProperty(False)
    offline_text = StringProperty("")
    calls_shown = NumericProperty(0)
    s = NumericProperty(1080)  # the screen's short side; the type sizes are shares of it (present.TYPE)
    tnum = NumericProperty(77)
    tzh = NumericProperty(40)
    ten = NumericProperty(27)
    row = NumericProperty(86)
    u = NumericProperty(10.8)  # one hundredth of the screen height: every size follows the screen
    cu = NumericProperty(10.8)  # the call area's unit (larger upright, where the call has the full width)
    portrait = BooleanProperty(False)  # an upright screen: the call above the lists

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._flash_started = 0.0
        self._flash_ev = None
        self._set(screen_fields(BoardView()))
        self._notice_ev = Clock.schedule_interval(lambda dt: self.next_notice(), NOTICE_S)

    def show(self, view: BoardView, call: Call | None = None) -> None:
        """Show a board view; a new call flashes."""
        self._set(screen_fields(view))
        if call is not None:
            self.flash_call()

    def configure(self, settings: DisplaySettings) -> None:
        """Show the branch's name, notices and missed-list hint."""
        self._set(settings_fields(settings))

    def set_link(self, offline: bool) -> None:
        """Say in the corner whether the host is reachable."""
        self._set(link_fields(offline))

    def tick(self, now: datetime) -> None:
        """Update the corner clock."""
        self._set(clock_fields(now))

    def next_notice(self) -> None:
        """Show the next product notice."""
        self.notice_index = (self.notice_index + 1) % max(1, len(self.product_notices))

    def flash_call(self) -> None:
        """Blink the call area for a few seconds (a recall blinks the same way, marked as a recall)."""
        self.calls_shown += 1
        self._flash_started = time.monotonic()
        self.flashing = True
        if self._flash_ev is None:
            self._flash_ev = Clock.schedule_interval(self._flash_step, 1 / 30)
        self._flash_step(0)

    def _flash_step(self, dt: float) -> None:
        # Follows the wall clock, not frame counts: slow frames shorten nothing and lengthen nothing.
        elapsed = time.monotonic() - self._flash_started
        if elapsed >= FLASH_S:
            self.flash = 0.0
            self.flashing = False
            self._flash_ev.cancel()
            self._flash_ev = None
            return
        # Nearly square: bright, then calm, with short fades; half-tones would blur the number.
        phase = (elapsed % BLINK_S) / BLINK_S
        edge = 0.12
        if phase < edge:
            self.flash = phase / edge
        elif phase < 0.6:
            self.flash = 1.0
        elif phase < 0.6 + edge:
            self.flash = 1.0 - (phase - 0.6) / edge
        else:
            self.flash = 0.0

    def _set(self, fields: dict) -> None:
        for name, value in fields.items():
            setattr(self, name, value)
        # The missed-number hint scrolls while numbers are missed (a quiet branch's line may stand still).
        hint = (self.missed_hint_zh, self.missed_hint_en) if self.missed_any else ("", "")
        self.marquee_text = marquee_text(tuple(map(tuple, self.suspended)), self.notice_zh, self.notice_en,
                                         self.suspended_text, *hint)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
