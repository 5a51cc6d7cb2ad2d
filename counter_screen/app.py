"""The counter screen's Kivy app: follows the host, shows the window, asks the customer for a rating."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from counter_screen.flow import ScreenFlow
from counter_screen.screens.rating import RatingScreen
from counter_screen.screens.serving import ServingScreen
from fenliu.paths import FONTS
from fenliu.words import zh_en
from queue_host.client import EventStream, HostClient, HostError, HostUnreachable

# Events of this window after which its screen may look different, and events that name no counter
# but may take its current customer away.
KINDS = {"called", "recalled", "finished", "missed", "counter_paused", "counter_resumed", "rated"}
ANY_COUNTER = {"transferred", "parked", "cancelled", "day_reset"}


class CounterScreenApp(App):
    """One window's customer-facing screen; host calls leave the UI thread and come back by Clock."""

    view = ObjectProperty(None)
    status = StringProperty("")

    def __init__(self, host: str, token: str, counter: str, live: bool = True, tick_s: float | None = 1.0,
                 **kw: Any):
        super().__init__(**kw)
        self.title = " / ".join(zh_en("fenliu counter screen {counter}", counter=counter))
        self.client = HostClient(host, token)
        self.counter = counter
        self.flow = ScreenFlow(counter)
        self.view = self.flow.view()
        self.live, self.tick_s = live, tick_s  # tick_s None: nothing ticks but the caller (tests drive tick)
        self.stream = EventStream(host, token, on_state=self._link) if live else None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counter-screen")
        self.reads = 0  # how often the window was read from the host
        self.sent: list[tuple[int, str]] = []  # ratings the host took, for the record on screen and in tests

    def build(self):
        """Two screens: what the window is doing, and the rating question."""
        LabelBase.register(DEFAULT_FONT, str(FONTS / "NotoSansSC-Regular-GB2312.otf"),
                           fn_bold=str(FONTS / "NotoSansSC-Bold-GB2312.otf"))
        root = ScreenManager(transition=NoTransition())
        root.add_widget(ServingScreen(name="serving"))
        root.add_widget(RatingScreen(name="rate"))
        return root

    def on_start(self) -> None:
        """Read the window once, follow the host, and let the Clock drive the rating timeout."""
        self.refresh()
        if self.tick_s:
            Clock.schedule_interval(self.tick, self.tick_s)
        if self.stream is not None:
            threading.Thread(target=self._follow, name="counter-screen-live", daemon=True).start()

    def on_stop(self) -> None:
        """Stop following the host."""
        if self.stream is not None:
            self.stream.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def tick(self, dt: float) -> None:
        """One Clock step: the rating question counts down and goes away by itself."""
        if self.flow.tick(dt):
            self.redraw()

    def refresh(self) -> None:
        """Ask the host for this window's state (off the UI thread)."""
        self.reads += 1
        def read():
            try:
                return self.client.get(f"/api/counters/{self.counter}/screen")
            except (HostError, HostUnreachable) as exc:
                return exc
        self._pool.submit(read).add_done_callback(lambda f: Clock.schedule_once(lambda dt: self._shown(f.result())))

    def _shown(self, screen) -> None:
        if isinstance(screen, Exception):
            self.flow.lost()
            self.status = getattr(screen, "message_zh", "") or " / ".join(zh_en("offline"))
        else:
            self.flow.show(screen)
            self.status = ""
        self.redraw()

    def rate(self, rating: str) -> None:
        """The customer tapped a rating button."""
        choice = self.flow.choose(rating)
        self.redraw()
        if choice is None:
            return
        ticket_id, rating = choice

        def send():
            try:
                self.client.post(f"/api/counters/{self.counter}/ratings", {"ticket_id": ticket_id, "rating": rating})
                return choice
            except (HostError, HostUnreachable) as exc:
                return exc
        self._pool.submit(send).add_done_callback(lambda f: Clock.schedule_once(lambda dt: self._rated(f.result())))

    def _rated(self, result) -> None:
        if isinstance(result, Exception):
            self.status = getattr(result, "message_zh", "") or " / ".join(zh_en("rating not sent"))
        else:
            self.sent.append(result)

    def redraw(self) -> None:
        """Show the flow's view on the right screen."""
        self.view = self.flow.view()
        for screen in self.root.screens:
            screen.show(self.view)
        self.root.current = "rate" if self.view.mode == "rate" else "serving"

    def _follow(self) -> None:
        try:
            for event in self.stream:
                if event.kind in ANY_COUNTER or (event.kind in KINDS and str(event.data.get("counter")) == self.counter):
                    self.refresh()
        except HostError:
            Clock.schedule_once(lambda dt: self._shown(HostUnreachable("token refused")))

    def _link(self, up: bool) -> None:
        if up:
            self.refresh()
        else:
            Clock.schedule_once(lambda dt: self._shown(HostUnreachable("offline")))
