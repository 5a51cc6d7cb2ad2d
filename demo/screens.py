"""A screenshot of the lobby display at the end of the headless demo, taken by the display's own command.

The display app is opened offscreen in a child process (Kivy opens one window per process; with no X
display its SDL2 renders through EGL). This module itself stays free of Kivy, as docs/ARCHITECTURE.md asks of
everything but an app's app.py and screens/: it only runs `fenliu display --screenshot PATH`, and
says "not possible" when the display command does not offer that option.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def display_can_screenshot() -> bool:
    """Does `fenliu display` offer --screenshot?"""
    import tempfile
    try:
        with tempfile.TemporaryDirectory(prefix="fenliu-kivy-") as home:  # nothing into the source tree
            out = subprocess.run([sys.executable, "-m", "fenliu", "display", "--help"], cwd=str(REPO),
                                 capture_output=True, text=True, timeout=60, env=_env(Path(home)))
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--screenshot" in out.stdout


def _env(kivy_home: Path) -> dict[str, str]:
    env = dict(os.environ, KIVY_NO_ARGS="1", KIVY_NO_FILELOG="1", KIVY_NO_CONSOLELOG="1",
               KIVY_HOME=str(kivy_home), PYTHONPATH=str(REPO))
    env.pop("DISPLAY", None)  # offscreen
    env.pop("WAYLAND_DISPLAY", None)
    return env


def shoot_display(url: str, token: str, out: Path, timeout: float = 60.0) -> bool:
    """Screenshot the lobby display against a running host into `out`; False if it could not be made."""
    if not display_can_screenshot():
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "fenliu", "display", "--host", url, "--token", token, "--size", "1280x720",
           "--mute", "--screenshot", str(out)]
    try:
        proc = subprocess.run(cmd, cwd=str(REPO), capture_output=True, timeout=timeout,
                              env=_env(out.parent / "kivy-home"))
    except subprocess.TimeoutExpired:
        return False
    return proc.returncode == 0 and out.exists()
