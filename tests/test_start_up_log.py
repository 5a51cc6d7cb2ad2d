"""A start-up log a technician reads shows no traceback: the real `fenliu display` started offscreen against a
real host, and a panel-like child that opens a window and uses a text field's clipboard (the xclip/xsel path),
each with Kivy's console log on, on this machine (no libmtdev, no xclip here: what is absent is turned off)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui_harness import kivy_env

pytestmark = pytest.mark.gui

CLIPBOARD_CHILD = """
from fenliu.window import apply_window
apply_window((800, 600), False)  # what every app's command does before Kivy loads
import counter_screen.app, display.app, kiosk.app, panel.app  # noqa: E401,F401 - every app's Kivy imports
from kivy.base import EventLoop
EventLoop.ensure_window()
from kivy.uix.textinput import TextInput
box = TextInput(text="A001")
box.select_all()
box.copy()  # the clipboard loads here: xclip/xsel, else what the machine has
from kivy.core.clipboard import Clipboard
print("clipboard:", type(Clipboard).__name__)
"""


def _log(cmd: list[str], tmp_path: Path) -> str:
    env = kivy_env(tmp_path / "kivy-home")
    env.pop("KIVY_NO_CONSOLELOG", None)  # the log a technician reads (Kivy checks only that it is set)
    out = subprocess.run(cmd, env=env, cwd=str(tmp_path), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    return out.stdout + out.stderr


def test_an_app_window_and_a_text_fields_clipboard_start_without_a_traceback(tmp_path):
    log = _log([sys.executable, "-c", CLIPBOARD_CHILD], tmp_path)
    assert "clipboard:" in log  # it did reach the clipboard
    assert "Traceback" not in log and "MTDev" not in log, log[-4000:]
    assert "CRITICAL" not in log and "ERROR" not in log, log[-4000:]


def test_the_lobby_display_command_starts_and_shoots_without_a_traceback(host, tmp_path):
    shot = tmp_path / "display.png"
    log = _log([sys.executable, "-m", "fenliu", "display", "--host", host.url, "--token", host.tokens["display"],
                "--mute", "--size", "960x540", "--screenshot", str(shot)], tmp_path)
    assert shot.exists()
    assert "Traceback" not in log and "MTDev" not in log, log[-4000:]
