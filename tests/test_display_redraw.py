"""The moving notice line redraws only its strip, and the screen stays exactly what a full redraw shows.

Real offscreen display windows (Mesa's software renderer, as on a signage PC without a GPU driver) against
a real host on loopback. Counts of frames, never timings; the CPU figures are in bench/display_idle.py.
"""
from __future__ import annotations

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
