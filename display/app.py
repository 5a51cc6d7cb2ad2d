"""The lobby display's Kivy app: one board screen fed by the Feed thread, calls said by the Announcer."""
from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.config import Config
from kivy.core.text import DEFAULT_FONT, LabelBase

from display.announcer import Announcer, CommandPlayer, Player, SilentPlayer
from display.board import BoardView, Call
from display.faults import FaultReporter
from display.feed import Feed
from display.settings import DisplaySettings
from display.voice import Voice, default_chime, default_pack
from fenliu.paths import FONTS
from fenliu.branch_time import branch_now
from fenliu.words import zh_en
from queue_host.client import HostClient



MAX_FPS = 30  # the notice line's pace; nothing on the board moves faster


def register_fonts() -> None:
    """Make the Chinese font the default for every label."""
    LabelBase.register(DEFAULT_FONT, str(FONTS / "NotoSansSC-Regular-GB2312.otf"),
                       fn_bold=str(FONTS / "NotoSansSC-Bold-GB2312.otf"))


def configure_window(size: tuple[int, int] = (1920, 1080), fullscreen: bool = False) -> None:
    """Set the window's size (or fullscreen) before Kivy opens it."""
    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "maxfps", str(MAX_FPS))
    Config.set("graphics", "show_cursor", "0" if fullscreen else "1")
    Config.set("input", "mouse", "mouse,disable_multitouch")


class DisplayApp(App):
    """The big lobby screen: follows the host, flashes and says each call, keeps the last state offline."""

    def __init__(self, host: str, token: str | None = "display-demo-token", player: Player | None = None,
                 mute: bool = False, voice_pack: Path | None = None, chime: Path | None = None,
                 english: bool | None = None, offline_after_s: float = 4.0, cache_dir: Path | None = None,
                 screenshot: Path | None = None, exit_guard: Any = None, **kw: Any):
        super().__init__(**kw)
        self.exit_guard = exit_guard  # kiosk mode: closing needs a staff PIN (fenliu.kiosk_mode.ExitGuard)
        self.kiosk_mode = None
        self.title = " / ".join(zh_en("fenliu lobby display"))
        self.client = HostClient(host, token)
        self.english_override = english
        cache = Path(cache_dir or Path(tempfile.gettempdir()) / "fenliu-voice")
        self.voice = Voice(voice_pack if voice_pack is not None else default_pack(), cache)
        self.player = player or (SilentPlayer() if mute else CommandPlayer())
        self.faults = FaultReporter(HostClient(host, token))  # its own session: it posts from its own thread
        self.announcer = Announcer(self.player, self.voice.render, chime if chime is not None else default_chime(),
                                   speak_english=english if english is not None else True,
                                   on_error=self.faults.sound_failed)
        self.feed = Feed(self.client, on_view=self._view_from_feed, on_call=self.announcer.announce,
                         on_settings=self._settings_from_feed, offline_after_s=offline_after_s)
        self.view: BoardView = BoardView()
        self.timezone = ""  # the branch's, from /api/config; the machine's zone may be anything
        self.screenshot_path = Path(screenshot) if screenshot else None
        self.screenshot_made = False
        self._lock = threading.Lock()
        self._incoming: list[tuple[BoardView, Call | None]] = []
        self._drain = Clock.create_trigger(self._show_incoming, -1)

    def build(self):
        """The one screen, with the Chinese font."""
        register_fonts()
        from kivy.core.window import Window

        from display.screens.lobby import LobbyScreen
        Window.clearcolor = (0.043, 0.114, 0.208, 1)
        return LobbyScreen()

    def on_start(self) -> None:
        """Start saying calls and following the host."""
        from kivy.core.window import Window

        from display.screens.redraw import StripRedraw
        self.redraw = StripRedraw(Window, self.root.ids.marquee)  # the moving notice redraws only its strip
        self.announcer.start()
        self.feed.start()
        if self.exit_guard is not None:
            from fenliu.screens.exit_pin import KioskMode
            self.kiosk_mode = KioskMode(self.exit_guard, self.stop)
            self.kiosk_mode.start()
        self._tick(0)
        Clock.schedule_interval(self._tick, 0.5)
        if self.screenshot_path:
            # Shoot once the board has loaded (or after 15 s, showing whatever the link allows).
            self._shoot_ev = Clock.schedule_once(self._shoot, 15)

    def on_stop(self) -> None:
        """Stop following the host."""
        self.feed.stop()

    # The feed calls these on its own thread; a Clock trigger brings them to the UI thread in order.
    def _view_from_feed(self, view: BoardView, call: Call | None) -> None:
        with self._lock:
            self._incoming.append((view, call))
        self._drain()

    def _settings_from_feed(self, settings: DisplaySettings) -> None:
        self.timezone = settings.timezone
        if self.english_override is None:
            self.announcer.speak_english = settings.speak_english
        Clock.schedule_once(lambda dt: self.root.configure(settings), -1)

    def _show_incoming(self, dt: float) -> None:
        with self._lock:
            batch, self._incoming = self._incoming, []
        if batch:
            calls = [c for _, c in batch if c is not None]
            self.view = batch[-1][0]
            self.root.show(self.view, calls[-1] if calls else None)
            if self.screenshot_path and not self.screenshot_made:
                self._shoot_ev.cancel()
                self._shoot_ev = Clock.schedule_once(self._shoot, 1.0)  # let the notices settle in

    def _shoot(self, dt: float) -> None:
        from kivy.core.window import Window
        made = Window.screenshot(name=str(self.screenshot_path.with_suffix("")) + "-shot.png")
        Path(made).replace(self.screenshot_path)
        self.screenshot_made = True
        self.stop()

    def _tick(self, dt: float) -> None:
        self.root.tick(branch_now(self.timezone))
        self.root.set_link(self.feed.offline())
