"""The panel's Kivy app: sign-in, then counter mode or manager mode; host calls run off the UI thread."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import NoTransition, ScreenManager

from fenliu.datadir import user_data_dir
from fenliu.paths import FONTS
from fenliu.words import zh_en
from panel.alert_sound import Bell
from panel.alerts_flow import AlertsFlow
from panel.counter_flow import CounterFlow
from panel.audit_flow import AuditFlow
from panel.figures_flow import FiguresFlow
from panel.leads_flow import LeadsFlow
from panel.live import ALERT_KINDS, QUEUE_KINDS, LiveFeed
from panel.manager_flow import ManagerFlow
from panel.names import Names
from panel.outcome import Outcome
from panel.reprint import Reprinter
from panel.session import PinPad, Session, staff_list



def configure_window(width: int = 1280, height: int = 800) -> None:
    """Window size, and Escape signs out instead of closing the panel (set before the window opens)."""
    from kivy.config import Config
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("kivy", "exit_on_escape", "0")


def register_fonts() -> None:
    """Make the Chinese font the default for every label and button."""
    LabelBase.register(DEFAULT_FONT, str(FONTS / "NotoSansSC-Regular-GB2312.otf"),
                       fn_bold=str(FONTS / "NotoSansSC-Bold-GB2312.otf"))


class PanelApp(App):
    """One app, two modes: the PIN (or a configured token) decides counter or manager."""

    status = StringProperty("")
    status_warn = BooleanProperty(False)  # the status line says something went wrong (shown in red where it matters)
    online = BooleanProperty(True)
    session = ObjectProperty(None, allownone=True)
    busy = NumericProperty(0)  # actions and sign-ins in flight: the counter's buttons wait for them

    def __init__(self, base_url: str, session: Session | None = None, printer: str | None = None,
                 export_dir: Path | None = None, bell: Bell | None = None, live: bool = True,
                 screenshot: Path | None = None, panel_token: str | None = None, **kw: Any):
        super().__init__(**kw)
        self.screenshot_path = Path(screenshot) if screenshot else None
        self.screenshot_made = False
        self.title = " / ".join(zh_en("fenliu staff panel"))
        self.base_url = base_url
        self.panel_token = panel_token  # the panel's own token: it may list who signs in, nothing else
        self.pinpad = PinPad(base_url)
        self.preset = session
        self.reprinter = Reprinter(printer)
        self.export_dir = export_dir or user_data_dir() / "exports"  # never into the source tree or site-packages
        self.bell = bell
        self.use_live = live
        self.names = Names()
        self.config_json: dict = {}
        self.counter: CounterFlow | None = None
        self.manager: ManagerFlow | None = None
        self.alerts: AlertsFlow | None = None
        self.leads: LeadsFlow | None = None
        self.figures: FiguresFlow | None = None
        self.audit: AuditFlow | None = None
        self.feed: LiveFeed | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="panel-host")
        self._refresh_due = False
        self._refresh_again = False
        self._config_due = False

    def build(self):
        register_fonts()
        from panel.screens.signin_screen import SignInScreen
        from panel.screens.counter_screen import CounterScreen
        from panel.screens.manager_screen import ManagerScreen
        Window.clearcolor = (0.94, 0.94, 0.92, 1)
        Window.bind(on_key_down=self._on_key)
        root = ScreenManager(transition=NoTransition())
        root.add_widget(SignInScreen(name="signin"))
        root.add_widget(CounterScreen(name="counter"))
        root.add_widget(ManagerScreen(name="manager"))
        if self.preset is not None:
            Clock.schedule_once(lambda dt: self.start_session(self.preset), 0)
        else:
            Clock.schedule_once(lambda dt: self.load_staff(), 0)
        return root

    def load_staff(self) -> None:
        """Ask the host who may sign in, for the row of names on the sign-in screen."""
        def shown(out: Outcome) -> None:
            if out.ok:
                self.root.get_screen("signin").people = out.data
            else:
                self.say(out)
                Clock.schedule_once(lambda dt: self.load_staff(), 3)
        self.work(lambda: staff_list(self.base_url, self.panel_token), shown, busy=False)

    # -- running host calls off the UI thread
    def work(self, call: Callable[[], Any], then: Callable[[Any], None] | None = None, busy: bool = True) -> None:
        """Run `call` on the host thread; `then(result)` runs back on the UI thread.

        `busy` counts it in `self.busy` (a background read passes False: the buttons stay usable).
        """
        step = 1 if busy else 0
        self.busy += step

        def finish(result: Any) -> None:
            self.busy -= step
            if then is not None:
                then(result)

        future = self._pool.submit(_guarded, call)
        future.add_done_callback(lambda f: Clock.schedule_once(lambda dt: finish(f.result()), 0))

    def act(self, call: Callable[[], Outcome], then: Callable[[Outcome], None] | None = None) -> None:
        """Run a flow action; show its message on the status line and refresh the screen."""
        def shown(out: Outcome) -> None:
            self.say(out)
            self.refresh_screen()
            if then is not None:
                then(out)
        self.work(call, shown)

    # -- signing in
    def sign_in(self) -> None:
        """Send the typed PIN to the host."""
        self.work(self.pinpad.submit, self._signed_in)

    def say(self, out: Outcome) -> None:
        """Show an action's message on the status line, marked as a warning when the action failed."""
        self.status, self.status_warn = out.message, not out.ok

    def _signed_in(self, out: Outcome) -> None:
        self.say(out)
        if out.ok:
            self.start_session(out.data)
        else:
            self.root.get_screen("signin").dots = ""

    def start_session(self, session: Session) -> None:
        """Build the flows for the signed-in role and open its screen."""
        self.session = session
        client = session.client()

        def setup() -> dict:
            return with_staff(client)

        def ready(config: dict) -> None:
            if self.session is not session:
                return  # signed out (or someone else signed in) while the config was on its way
            self.config_json = config
            self.names = Names.from_config(config)
            if session.mode == "manager":
                self.manager = ManagerFlow(client, self.names)
                self.alerts = AlertsFlow(client)
                self.leads = LeadsFlow(client)
                self.figures = FiguresFlow(client)
                self.audit = AuditFlow(client, self.names)
            else:
                self.counter = CounterFlow(client, session.counter or "", self.names)
            self.root.current = session.mode
            self.refresh_now()
            if self.use_live:
                self.feed = LiveFeed(self.base_url, session.token, self._on_event, self._on_link).start()
        self.work(lambda: _safe_config(setup), ready)

    def sign_out(self) -> None:
        """Back to the PIN pad (a teller leaving the window)."""
        if self.feed:
            self.feed.stop()
        if self.session is not None and self.session is not self.preset:
            self.work(self.session.client().signout, busy=False)  # the host forgets the session token
        self.session = self.counter = self.manager = self.alerts = self.leads = self.figures = self.audit = self.feed = None
        self.status, self.status_warn = " / ".join(zh_en("signed out")), False
        self.root.current = "signin"
        self.root.get_screen("signin").choose("")

    # -- keeping the screen live
    def _on_event(self, event) -> None:
        # Runs on the feed's thread: only schedule; the refresh itself goes through the host thread.
        if event.kind in QUEUE_KINDS or event.kind in ALERT_KINDS:
            Clock.schedule_once(lambda dt: self.refresh_now(), 0)

    def _on_link(self, up: bool) -> None:
        Clock.schedule_once(lambda dt: setattr(self, "online", up), 0)

    def refresh_now(self) -> None:
        """Read the lobby again (coalesced: one refresh in flight at a time, then one more if asked meanwhile)."""
        if self._refresh_due:
            self._refresh_again = True  # what changed may not be in the answer on its way: read once more
            return
        self._refresh_due = True

        def read() -> list[Outcome]:
            outs = []
            for flow in (self.counter, self.manager, self.alerts):
                if flow is not None:
                    outs.append(flow.refresh())
            return outs

        def done(outs) -> None:
            self._refresh_due = False
            outs = outs if isinstance(outs, list) else [outs]
            if self.alerts is not None and len(outs) > 1 and outs[-1].ok and outs[-1].data:
                self.say(outs[-1])
                if self.bell is not None:
                    self.bell.ring()
            self.online = all(o.error != "unreachable" for o in outs)
            self.refresh_screen()
            if not self.config_json and outs and all(o.ok for o in outs):
                self._read_config_again()
            if self._refresh_again:
                self._refresh_again = False
                self.refresh_now()
        self.work(read, done, busy=False)

    def _read_config_again(self) -> None:
        """Signed in while /api/config failed: the host answers again, so read the branch's words now."""
        session, flow = self.session, self.counter or self.manager
        if self._config_due or session is None or flow is None:
            return
        self._config_due = True

        def take(config) -> None:
            self._config_due = False
            if self.session is not session or not isinstance(config, dict) or not config:
                return  # signed out meanwhile, or still no config: the next good refresh tries again
            self.config_json = config
            self.names = Names.from_config(config)
            for each in (self.counter, self.manager):
                if each is not None:
                    each.names = self.names
            self.refresh_now()  # rebuild the views with the names
        self.work(lambda: _safe_config(lambda: with_staff(flow.client)), take, busy=False)

    def refresh_screen(self) -> None:
        """Tell the open screen to redraw from its flow."""
        screen = self.root.current_screen if self.root else None
        if screen is not None and hasattr(screen, "show"):
            screen.show()

    def _on_key(self, window, key, scancode, codepoint, modifiers) -> bool:
        # While a popup asks something, keys are typing, not shortcuts.
        if any(isinstance(w, ModalView) for w in window.children):
            return False
        screen = self.root.current_screen if self.root else None
        handler = getattr(screen, "on_shortcut", None)
        if handler is None:
            return False
        return bool(handler(_key_name(key, codepoint)))

    def on_start(self) -> None:
        """With a screenshot asked for, watch for the screen to settle."""
        if self.screenshot_path:
            self._settled = 0
            self._shot_checks = 0
            Clock.schedule_interval(self._maybe_shoot, 0.25)

    def _maybe_shoot(self, dt: float) -> bool:
        # Settled: nothing in flight and, with a preset session, its screen is open; or after ~15 s.
        self._shot_checks += 1
        opened = self.preset is None or (self.root is not None and self.root.current != "signin")
        self._settled = self._settled + 1 if (opened and not self.busy) else 0
        if self._settled < 4 and self._shot_checks < 60:
            return True
        from kivy.core.window import Window
        made = Window.screenshot(name=str(self.screenshot_path.with_suffix("")) + "-shot.png")
        Path(made).replace(self.screenshot_path)
        self.screenshot_made = True
        self.stop()
        return False

    def on_stop(self) -> None:
        if self.feed:
            self.feed.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)


def _guarded(call: Callable[[], Any]) -> Any:
    """Run a host call; an unexpected error becomes a refusal on the status line, not a dead panel."""
    try:
        return call()
    except Exception as exc:  # flows turn host errors into Outcomes; anything else must not kill the UI
        from panel.outcome import refused
        return refused(*zh_en("Error: {error}", error=exc), "internal")


def with_staff(client) -> dict:
    """The branch config and who works here (display names, staff numbers), for the names a person reads."""
    return {**client.config(), "staff": client.staff()}


def _safe_config(setup: Callable[[], dict]) -> dict:
    """The branch config, or an empty one while the host cannot be reached (the screen says offline)."""
    from queue_host.client import HostError, HostUnreachable
    try:
        return setup()
    except (HostError, HostUnreachable):
        return {}


def _key_name(key: int, codepoint: str | None) -> str:
    """Kivy's key code as a name: f1..f12, enter, escape, backspace or the typed character."""
    if 282 <= key <= 293:
        return f"f{key - 281}"
    return {13: "enter", 271: "enter", 27: "escape", 8: "backspace"}.get(key, (codepoint or "").lower())


def main(base_url: str, session: Session | None, printer: str | None, sound: bool,
         export_dir: Path | None = None, screenshot: Path | None = None, panel_token: str | None = None) -> int:
    """Open the panel window (blocking until it closes); with `screenshot`, save a PNG and quit."""
    bell = Bell(user_data_dir() / "sounds" / "panel-chime.wav") if sound else None
    app = PanelApp(base_url, session, printer, export_dir, bell, screenshot=screenshot, panel_token=panel_token)
    app.run()
    return 0 if app.screenshot_made or not screenshot else 1
