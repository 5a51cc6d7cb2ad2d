"""The kiosk's Kivy app: fonts, window, screens, and the glue that feeds the flow taps, swipes and time."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ObjectProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from fenliu.paths import FONTS
from kiosk import memory
from kiosk.cardref import WedgeBuffer
from kiosk.flow import KioskFlow
from kiosk.jobs import Worker
from kiosk.prefill_flow import PAGE
from kiosk.text import both
from queue_host.client import HostClient

log = logging.getLogger("fenliu.kiosk")


def register_fonts() -> None:
    """Make the shipped Simplified Chinese font Kivy's default (never a system font)."""
    LabelBase.register(DEFAULT_FONT, fn_regular=str(FONTS / "NotoSansSC-Regular-GB2312.otf"),
                       fn_bold=str(FONTS / "NotoSansSC-Bold-GB2312.otf"))


class _NoPrinter:
    """Stands in when the configured printer cannot even be opened: every print is a fault."""

    def __init__(self, reason: str):
        self.reason = reason

    def print_ticket(self, _ticket: Any) -> None:
        """Fail as an offline printer does."""
        from printer.errors import PrinterOffline
        raise PrinterOffline(self.reason)

    print_slip = print_ticket

    def close(self) -> None:
        """Nothing to close."""


def open_kiosk_printer(url: str | None) -> Any:
    """Open the printer URL; a printer that cannot be opened becomes one that always reports a fault."""
    if not url:
        return None
    from printer import open_printer
    try:
        return open_printer(url)
    except Exception as exc:  # a missing serial port must not stop the kiosk: tickets show on screen
        log.warning("printer %s not opened: %s", url, exc)
        return _NoPrinter(str(exc))


class KioskApp(App):
    """The entrance touchscreen."""

    view = ObjectProperty(None, rebind=True)  # kv rules read app.view.x: rebuild them on a new view
    prefill_offer = BooleanProperty(False)  # the ticket screen offers 填写汇款信息 (kiosk/prefill_flow.py)
    title = both("window_title")[0]

    def __init__(self, host_url: str, token: str | None = None, printer: Any = None, *,
                 card_reader: str | None = None, kiosk_id: str = "kiosk-1", voice: bool = False,
                 speak: bool = True, data_dir: str | None = None,
                 fullscreen: bool = False, tick_s: float = 0.5, clock=time.monotonic, exit_guard: Any = None,
                 autopilot: bool = False,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.exit_guard = exit_guard  # kiosk mode: closing needs a staff PIN (fenliu.kiosk_mode.ExitGuard)
        self.kiosk_mode = None
        self.host = HostClient(host_url, token)
        self.printer = printer
        self.card_reader_url, self.kiosk_id, self.voice = card_reader, kiosk_id, voice
        self.speak = speak  # offer spoken guidance at all (the elderly-mode switch); voice: on by default
        self.fullscreen, self.tick_s, self.clock = fullscreen, tick_s, clock
        self.autopilot = autopilot  # the demo's scripted visitors press the buttons (visitors on stdin)
        self.data_dir = data_dir  # where the offline book lives; None: no tickets without the host
        self.flow: KioskFlow | None = None
        self.wedge = WedgeBuffer()
        self._reader = None
        self._workers: list[Worker] = []

    # ------------------------------------------------------------------ helpers for the kv rules
    @staticmethod
    def rgba(rgb, alpha: float = 1.0) -> list[float]:
        """A theme colour as Kivy's RGBA list."""
        return [*rgb, alpha]

    @staticmethod
    def hex(rgb) -> str:
        """A theme colour as markup hex (rrggbb)."""
        return "".join(f"{int(round(c * 255)):02x}" for c in rgb)

    # ------------------------------------------------------------------ life cycle
    def build(self):
        """Make the flow, then the screens that show it."""
        register_fonts()
        if self.fullscreen:
            Window.fullscreen = "auto"
            Window.show_cursor = False
        net, press = Worker(_post, "kiosk-net"), Worker(_post, "kiosk-print")
        self._workers = [net, press]
        book = courier = None
        if self.data_dir:
            from kiosk.handin import Courier
            from kiosk.offline import OfflineBook
            book = OfflineBook(Path(self.data_dir) / "offline.db")
            handin = Worker(_post, "kiosk-handin")  # its own thread: a slow hand-in never delays a visit
            self._workers.append(handin)
            courier = Courier(book, self.host, handin, self.clock)
        from kiosk.voice import Speaker
        speaker = Speaker() if self.speak else None
        self.flow = KioskFlow(self.host, self.printer, net, press, kiosk_id=self.kiosk_id, clock=self.clock,
                              speaker=speaker, voice_default=self.voice, book=book, courier=courier)
        self.flow.set_window(Window.width / dp(1), Window.height / dp(1))
        Window.bind(size=lambda _w, size: self.flow.set_window(size[0] / dp(1), size[1] / dp(1)))
        self.view = self.flow.view()
        self.flow.subscribe(self._refresh)
        from kiosk.pinyin import index
        from kiosk.prefill_flow import PrefillFlow
        self.prefill = PrefillFlow(self.host, self.printer, net, press, index, clock=self.clock)
        self.prefill.subscribe(self._refresh)
        from kiosk.screens.amount import AmountScreen
        from kiosk.screens.decline import DeclineScreen
        from kiosk.screens.diversion import DiversionScreen
        from kiosk.screens.guide import GuideScreen
        from kiosk.screens.idle import IdlePrompt
        from kiosk.screens.notice import NoticeScreen
        from kiosk.screens.prefill import PrefillScreen
        from kiosk.screens.ticket import TicketScreen
        from kiosk.screens.welcome import WelcomeScreen
        # Each screen is built the first time it is shown: a screen never shown costs no textures.
        self._screen_types = {"welcome": WelcomeScreen, "amount": AmountScreen, "diversion": DiversionScreen,
                              "decline": DeclineScreen, "ticket": TicketScreen, "guide": GuideScreen,
                              "notice": NoticeScreen, "prefill": PrefillScreen}
        self.screens = ScreenManager(transition=NoTransition())
        root = FloatLayout()
        root.add_widget(self.screens)
        root.add_widget(IdlePrompt())
        self._refresh()
        return root

    def on_start(self) -> None:
        """Load the branch, start the clock, listen to touches, keys and the card reader."""
        Window.bind(on_touch_down=self._on_touch, on_textinput=self._on_text, on_key_down=self._on_key)
        if self.exit_guard is not None:
            from fenliu.screens.exit_pin import KioskMode
            self.kiosk_mode = KioskMode(self.exit_guard, self.stop)
            self.kiosk_mode.start()
        Clock.schedule_interval(lambda _dt: self._tick(), self.tick_s)
        self.flow.start()
        if self.autopilot:
            from kiosk.screens.autopilot import Autopilot
            Autopilot(self).start()
        if self.card_reader_url:
            from kiosk.card_reader import SerialCardReader
            try:
                self._reader = SerialCardReader(self.card_reader_url, self._on_swipe).start()
            except Exception as exc:  # no reader plugged in: the kiosk still works without VIP reads
                log.warning("card reader %s not opened: %s", self.card_reader_url, exc)

    def on_stop(self) -> None:
        """Release threads, ports and the printer."""
        if self._reader is not None:
            self._reader.stop()
        for worker in self._workers:
            worker.close()
        if self.flow is not None and self.flow.speaker is not None:
            self.flow.speaker.stop()
        if self.printer is not None and hasattr(self.printer, "close"):
            try:
                self.printer.close()
            except Exception as exc:  # closing a faulted port must not hide the real exit
                log.warning("printer close: %s", exc)

    # ------------------------------------------------------------------ glue
    def _refresh(self) -> None:
        view = self.flow.view()
        Window.clearcolor = self.rgba(view.theme.background)
        self.view = view
        screen = view.screen
        self.prefill_offer = screen == "ticket" and self.prefill.offered(self.flow.session)
        if self.prefill.active_for(self.flow.session):
            screen = "prefill"
            # Elderly keys on an upright screen are wide: a row of eight characters and 更多 fits.
            self.prefill.page_size = 8 if view.elderly and Window.height > Window.width else PAGE
            self._ensure_screen(screen).show(self.prefill.view())
        if self.screens.current != screen:
            self._ensure_screen(screen)
            self.screens.current = screen
            self._release_memory(collect=screen == "welcome")

    def _ensure_screen(self, name: str):
        # Each screen is built the first time it is shown (memory: see kiosk/memory.py).
        if not self.screens.has_screen(name):
            self.screens.add_widget(self._screen_types[name]())
        return self.screens.get_screen(name)

    def _release_memory(self, collect: bool) -> None:
        # The old screen's text was re-rendered for the new one; give the freed heap back (a cheap
        # trim) once Kivy has deleted the dead textures on the next frames. Back at the welcome screen
        # a visit has ended: first free what its screens left in reference cycles.
        if collect:
            Clock.schedule_once(lambda _dt: memory.collect(), 0.1)
        Clock.schedule_once(lambda _dt: memory.trim(), 0.3)

    def _tick(self) -> None:
        if self.prefill.active_for(self.flow.session):
            # The pre-fill keeps its own idle time: the ticket screen's is too short to type an account.
            if self.prefill.expired():
                self.prefill.close()
                self.flow.reset()
            else:
                self.flow.touch()
        self.flow.tick()

    def open_prefill(self) -> None:
        """The customer chose 填写汇款信息 on the ticket screen."""
        self.prefill.open(self.flow.session)

    def _on_touch(self, _window, _touch) -> None:
        self.prefill.touched()
        self.flow.touch()  # returns None: the touch goes on to the widgets

    def _on_text(self, _window, text: str) -> None:
        for char in text:
            self.wedge.key(char, time.monotonic())

    def _on_key(self, _window, key: int, *_args) -> bool:
        if key in (13, 271):  # Enter / keypad Enter ends a wedge reader's swipe
            ref = self.wedge.enter(time.monotonic())
            if ref:
                self.flow.card_read(ref)
                return True
        return False

    def _on_swipe(self, ref: str) -> None:
        _post(lambda: self.flow.card_read(ref))  # the serial thread hands over to the UI thread


def _post(callback) -> None:
    """Run `callback` on the UI thread at the next frame (safe from any thread)."""
    Clock.schedule_once(lambda _dt: callback(), 0)
