"""Kiosk mode: a borderless fullscreen window without a cursor that only a staff PIN closes (real windows, real host)."""
from __future__ import annotations

from pathlib import Path

from demo.host import staff
from fenliu.kiosk_mode import OFFLINE_TRIES, ExitGuard, screen_blanking_off
from tests.gui_harness import run_scenario
from tests.hostproc import DEFAULT_CONFIG, free_port

PIN = staff(DEFAULT_CONFIG)["manager"]["pin"]


def _try_to_close(driver, app, how: str, tmp: str) -> dict:
    """Ask the window to close (Esc or the window manager), then a wrong PIN, then the right one."""
    from kivy.core.window import Window

    stopped = []
    app.bind(on_stop=lambda *_: stopped.append(True))
    window = {"borderless": bool(Window.borderless), "fullscreen": Window.fullscreen,
              "cursor": bool(Window.show_cursor)}
    if how == "escape":
        Window.dispatch("on_keyboard", 27, 41, None, [])
    else:
        Window.dispatch("on_request_close")
    driver.frames(2)
    prompt_after_close = bool(driver.find_all(id="exit_button"))
    driver.find(id="staff").text = "manager"
    driver.find(id="pin").text = "000000" if PIN != "000000" else "111111"
    driver.tap(driver.find(id="exit_button"))
    driver.wait_until(lambda: "PIN" in driver.find(cls="ExitPinPrompt").message, what="the wrong-PIN message")
    driver.frames(2)
    driver.screenshot(Path(tmp) / f"exit-pin-{how}.png")
    after_wrong = {"stopped": bool(stopped), "prompt": bool(driver.find_all(id="exit_button")),
                   "message": driver.find(cls="ExitPinPrompt").message}
    driver.find(id="pin").text = PIN
    driver.tap(driver.find(id="exit_button"))
    driver.wait_until(lambda: stopped, what="the app stopping after the right PIN")
    return {"window": window, "prompt_after_close": prompt_after_close, "after_wrong": after_wrong,
            "stopped": bool(stopped)}


def scenario_display_exit(driver, tmp, how):
    from display.announcer import SilentPlayer
    from display.app import DisplayApp
    from tests.hostproc import start_host

    host = start_host(Path(tmp))
    try:
        app = driver.start(DisplayApp(host.url, host.tokens["display"], player=SilentPlayer(),
                                      cache_dir=Path(tmp) / "voice", exit_guard=ExitGuard(host.url)))
        return _try_to_close(driver, app, how, tmp)
    finally:
        host.kill()


def scenario_kiosk_exit(driver, tmp, how):
    from kiosk.app import KioskApp
    from tests.hostproc import start_host

    host = start_host(Path(tmp))
    try:
        app = driver.start(KioskApp(host.url, host.tokens["kiosk"], None, tick_s=0.1,
                                    exit_guard=ExitGuard(host.url)))
        return _try_to_close(driver, app, how, tmp)
    finally:
        host.kill()


def _assert_guarded(out: dict) -> None:
    assert out["window"] == {"borderless": True, "fullscreen": "auto", "cursor": False}
    assert out["prompt_after_close"], "closing must open the PIN prompt, not close the app"
    assert out["after_wrong"]["stopped"] is False and out["after_wrong"]["prompt"] is True
    assert "PIN" in out["after_wrong"]["message"]
    assert out["stopped"] is True


def test_the_display_in_kiosk_mode_closes_only_with_a_staff_pin(tmp_path):
    _assert_guarded(run_scenario(__file__, "scenario_display_exit", tmp_path=tmp_path,
                                 kwargs={"tmp": str(tmp_path), "how": "window_manager"}))


def test_escape_on_the_kiosk_in_kiosk_mode_asks_for_a_staff_pin(tmp_path):
    _assert_guarded(run_scenario(__file__, "scenario_kiosk_exit", tmp_path=tmp_path,
                                 kwargs={"tmp": str(tmp_path), "how": "escape"}))


def test_with_the_host_down_the_pin_is_checked_against_the_branch_file_and_guessing_pauses(tmp_path):
    ticks = [0.0]
    guard = ExitGuard(f"http://127.0.0.1:{free_port()}", branch_file=str(DEFAULT_CONFIG), timeout=0.5,
                      clock=lambda: ticks[0])
    assert guard.check("manager", PIN).ok
    wrong = guard.check("manager", "999999" if PIN != "999999" else "888888")
    assert not wrong.ok and "offline" in wrong.en
    for _ in range(OFFLINE_TRIES - 1):
        guard.check("manager", "999999" if PIN != "999999" else "888888")
    paused = guard.check("manager", PIN)
    assert not paused.ok and "too many" in paused.en
    ticks[0] = 301.0
    assert guard.check("manager", PIN).ok
    no_file = ExitGuard(f"http://127.0.0.1:{free_port()}", timeout=0.5).check("manager", PIN)
    assert not no_file.ok and "--branch-file" in no_file.en


def test_blanking_is_turned_off_with_xset_on_x_and_explained_on_wayland():
    ran = []
    done = screen_blanking_off({"DISPLAY": ":0"}, which=lambda tool: "/usr/bin/xset",
                               run=lambda args, **kw: ran.append(args))
    assert ran == [["xset", "s", "off"], ["xset", "s", "noblank"], ["xset", "-dpms"]] and "xset" in done
    wayland = screen_blanking_off({"WAYLAND_DISPLAY": "wayland-0"}, which=lambda tool: None, run=None)
    assert "idle" in wayland and "Wayland" in wayland
