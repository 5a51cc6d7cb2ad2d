"""The moving notice line redraws only its strip, and the screen stays exactly what a full redraw shows.

Real offscreen display windows (Mesa's software renderer, as on a signage PC without a GPU driver) against
a real host on loopback. Counts of frames, never timings; the CPU figures are in bench/display_idle.py.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from display.screens.redraw import software_renderer, strip_box
from tests.gui_harness import run_scenario

pytestmark = pytest.mark.gui


# ---------------------------------------------------------------- child side (a real window exists)
def _flips(driver) -> list[int]:
    flips = [0]
    driver.window.bind(on_flip=lambda *_: flips.__setitem__(0, flips[0] + 1))
    return flips


def _settle(driver, app, quiet: int = 20, limit: int = 900) -> None:
    """Pump frames until `quiet` frames in a row draw the whole window no more (a list's scroll bar fading
    after an update draws for a while)."""
    calm, last = 0, app.redraw.full_frames
    for _ in range(limit):
        driver.frames(1)
        calm = calm + 1 if app.redraw.full_frames == last else 0
        last = app.redraw.full_frames
        if calm >= quiet:
            return
    raise AssertionError(f"the board never stopped redrawing in {limit} frames")


def _pixels(driver, path: Path) -> bytes:
    from PIL import Image
    driver.screenshot(path)
    with Image.open(path) as image:
        return image.convert("RGB").tobytes()


def scenario_moving_line(driver, tmp):
    from test_display_app import _open
    host, app, boss = _open(driver, tmp)
    try:
        root, line = app.root, app.root.ids.marquee
        driver.wait_until(lambda: root.notice_text and line.moving, what="the notice line moving")
        boss.issue("cash", reason="test")
        driver.wait_until(lambda: root.services, what="the board")
        _settle(driver, app)
        full0, strip0, offset0 = app.redraw.full_frames, app.redraw.strip_frames, line.offset
        driver.frames(60)
        moved = {"strip_frames": app.redraw.strip_frames - strip0, "full_frames": app.redraw.full_frames - full0,
                 "moved_px": offset0 - line.offset}
        boss.call_next("1")  # a call while the line moves: the whole board is drawn again
        driver.wait_until(lambda: root.call_number, what="the call")
        full1 = app.redraw.full_frames
        driver.frames(3)
        moved["full_frames_for_the_call"] = app.redraw.full_frames - full1 + 1
        driver.wait_until(lambda: not root.flashing, timeout=15, what="the flash to end")
        line.speed = 0  # hold the line still: strip frames go on drawing it where it is
        driver.frames(10)
        strip1 = app.redraw.strip_frames
        driver.frames(10)
        after_strips = _pixels(driver, Path(tmp) / "strips.png")
        moved["strip_frames_before_shot"] = app.redraw.strip_frames - strip1
        driver.window.canvas.ask_update()  # now Kivy draws the whole window from scratch
        driver.frames(2)
        full = _pixels(driver, Path(tmp) / "full.png")
        moved["same_picture"] = after_strips == full
        moved["differing_bytes"] = sum(a != b for a, b in zip(after_strips, full))
        moved["enabled"] = app.redraw.enabled
        app.announcer.wait_idle(10)
        return moved
    finally:
        host.stop()


def scenario_no_notice(driver, tmp):
    from test_display_app import _open
    from tests.hostproc import DEFAULT_CONFIG
    config = Path(tmp) / "quiet.toml"
    config.write_text("\n".join('notice_zh = ""' if line.startswith("notice_zh") else
                                'notice_en = ""' if line.startswith("notice_en") else line
                                for line in DEFAULT_CONFIG.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    import tests.hostproc as hostproc
    hostproc.DEFAULT_CONFIG = config  # _open copies DEFAULT_CONFIG for its host
    host, app, boss = _open(driver, tmp)
    try:
        root, line = app.root, app.root.ids.marquee
        driver.wait_until(lambda: root.branch_zh and root.product_notices, what="the branch's settings")
        boss.issue("cash", reason="test")
        driver.wait_until(lambda: root.services, what="the board")
        _settle(driver, app)
        flips = _flips(driver)
        offset = line.offset
        driver.frames(60)
        return {"moving": line.moving, "moved_px": offset - line.offset, "frames_drawn": flips[0],
                "marquee": line.text}
    finally:
        host.stop()


def scenario_x_window(driver, tmp):
    """On a real X window: strip frames reach the screen alone, showing what GL drew there."""
    from kivy.graphics import opengl as gl
    from PIL import Image, ImageGrab
    from test_display_app import _open

    from display.screens.redraw import strip_box
    host, app, boss = _open(driver, tmp)
    try:
        root, line = app.root, app.root.ids.marquee
        driver.wait_until(lambda: root.notice_text and line.moving, what="the notice line moving")
        _settle(driver, app)
        width, height = driver.window.size
        x0, y0, w, h = strip_box(*line.to_window(line.x, line.y), line.width, line.height, (width, height))
        # Inside the strip, 2 px in: its edge pixels are multisampled by a swap but not by a read-back.
        inner = (x0 + 2, height - (y0 + h) + 2, x0 + w - 2, height - y0 - 2)  # top-down, as X has it

        def on_screen():
            return ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).convert("RGB").crop(inner).tobytes()

        for _ in range(10):  # a stretch with strip frames only (a notice turning over redraws everything)
            before, full0, strip0 = on_screen(), app.redraw.full_frames, app.redraw.strip_frames
            driver.frames(10)
            moved = {"moved_on_screen": on_screen() != before, "full_frames": app.redraw.full_frames - full0,
                     "strip_frames": app.redraw.strip_frames - strip0, "presenter": app.redraw.presenter.ok}
            if moved["full_frames"] == 0:
                break
        line.speed = 0
        driver.frames(10)
        back = Image.frombytes("RGBA", (width, height), gl.glReadPixels(0, 0, width, height, gl.GL_RGBA,
                                                                        gl.GL_UNSIGNED_BYTE))
        drawn = back.transpose(Image.Transpose.FLIP_TOP_BOTTOM).convert("RGB").crop(inner).tobytes()
        shown = on_screen()
        moved["same_strip"] = shown == drawn
        moved["differing_bytes"] = sum(a != b for a, b in zip(shown, drawn))
        return moved
    finally:
        host.stop()


# ---------------------------------------------------------------- pytest side
def test_the_moving_notice_redraws_only_its_strip_and_the_screen_matches_a_full_redraw(tmp_path):
    out = run_scenario(__file__, "scenario_moving_line", tmp_path=tmp_path, size=(1920, 1080),
                       kwargs={"tmp": str(tmp_path)}, timeout=150)
    assert out["enabled"]  # the offscreen window renders with llvmpipe, as a signage PC without a GPU driver
    assert out["moved_px"] > 0  # the line moves
    assert out["strip_frames"] >= 20 and out["full_frames"] <= 3  # by strip frames, not whole-window ones
    assert out["full_frames_for_the_call"] >= 1  # a call still redraws the whole board
    assert out["strip_frames_before_shot"] > 0
    assert out["same_picture"], f"{out['differing_bytes']} bytes differ from a full redraw"


def test_without_a_notice_the_line_stands_still_and_nothing_is_redrawn(tmp_path):
    out = run_scenario(__file__, "scenario_no_notice", tmp_path=tmp_path, size=(1920, 1080),
                       kwargs={"tmp": str(tmp_path)}, timeout=150)
    assert out["marquee"] == "" and not out["moving"] and out["moved_px"] == 0
    assert out["frames_drawn"] <= 2  # at most a product notice turning over; 60 while the line ran for nothing


def test_strip_frames_are_only_used_under_mesas_software_renderers():
    assert software_renderer("llvmpipe (LLVM 15.0.6, 256 bits)")
    assert software_renderer("softpipe") and software_renderer("Software Rasterizer swrast")
    assert not software_renderer("Mesa Intel(R) UHD Graphics 620 (KBL GT2)")
    assert not software_renderer("NVIDIA GeForce GTX 1050/PCIe/SSE2")


def test_the_strip_box_holds_exactly_the_pixels_the_strip_paints():
    # A 100.4-wide strip at x 12.96 fills the pixels whose centres fall inside: 13..112.
    assert strip_box(12.96, 6.48, 100.4, 64.8, (1920, 1080)) == (13, 6, 100, 65)
    assert strip_box(-5, -5, 30, 30, (1920, 1080)) == (0, 0, 25, 25)  # cut to the window
    assert strip_box(1900, 1070, 50, 50, (1920, 1080)) == (1900, 1070, 20, 10)


@pytest.fixture
def x_server(tmp_path):
    """A real X server (Xvfb) on a free display number; skipped where Xvfb is not installed."""
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed (scripts/setup.sh installs it)")
    for number in range(71, 99):
        if not Path(f"/tmp/.X{number}-lock").exists():
            break
    proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f":{number}"
    proc.terminate()
    proc.wait(timeout=10)


def test_on_a_real_x_window_the_strip_reaches_the_screen_and_the_screen_matches_the_picture(tmp_path, x_server,
                                                                                              monkeypatch):
    import tests.gui_harness as harness
    plain_env = harness.kivy_env

    def with_x(home, size=(1280, 800), scale=None):
        env = plain_env(home, size, scale)
        env["DISPLAY"] = x_server  # a real X window instead of offscreen EGL
        return env

    monkeypatch.setattr(harness, "kivy_env", with_x)
    out = run_scenario(__file__, "scenario_x_window", tmp_path=tmp_path, size=(1280, 720),
                       kwargs={"tmp": str(tmp_path)}, timeout=150)
    assert out["presenter"] and out["strip_frames"] > 0 and out["full_frames"] == 0
    assert out["moved_on_screen"]  # the line moves on the real window, with no whole-window frame
    assert out["same_strip"], f"{out['differing_bytes']} bytes of the strip on screen differ from what GL drew"
