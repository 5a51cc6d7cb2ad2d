"""`fenliu demo` with windows (offscreen here): host, display, kiosk, counter and manager panels start, the
scripted lobby works, and one signal ends every process the demo started."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from queue_host.client import HostClient
from tests.gui_harness import kivy_env
from tests.hostproc import ROOT
from tests.tree import source_tree_state

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def alive(pid: int) -> bool:
    """Is the process still there (and not a zombie)?"""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_demo_opens_every_window_runs_the_lobby_and_stops_everything_on_sigterm(tmp_path):
    env = kivy_env(tmp_path / "kivy")
    env.pop("KIVY_NO_CONSOLELOG", None)  # as a user's terminal: the demo itself must keep the console quiet
    tree_before = source_tree_state()
    proc = subprocess.Popen([sys.executable, "-m", "fenliu", "demo", "--offscreen", "--out", str(tmp_path / "demo")],
                            cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        while not any("Ctrl+C" in line for line in lines):
            line = proc.stdout.readline()
            assert line, "the demo ended early:\n" + "".join(lines)
            lines.append(line)
        text = "".join(lines)
        url = re.search(r"(http://127\.0\.0\.1:\d+)", text).group(1)
        pids = [int(p) for p in re.findall(r"pid (\d+)", text)]
        assert [name for name in ("display", "kiosk", "counter", "manager") if f"  {name} (pid" in text] == \
            ["display", "kiosk", "counter", "manager"]
        manager = HostClient(url, "manager-demo-token")
        deadline = time.monotonic() + 40
        while manager.stats()["visits"] < 2:  # the scripted visitors press the kiosk window's buttons
            assert time.monotonic() < deadline, "no visitor came"
            time.sleep(0.5)
        assert all(alive(pid) for pid in pids), "an app window died"
    finally:
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, rest[-2000:]
    time.sleep(0.5)
    assert not [pid for pid in pids if alive(pid)]
    assert os.path.exists(tmp_path / "demo" / "fenliu-demo.db")
    console = "".join(lines) + rest
    served = re.search(r"kiosk window: (\d+) ", console)
    assert served and int(served.group(1)) >= 1, console[-2000:]  # the visits went through the kiosk window
    assert "Traceback" not in console and "DEBUG" not in console, console[-3000:]
    assert console.count("announcement of") <= 1, console[-3000:]  # no sound device here: said once, not per call
    assert source_tree_state() == tree_before  # no logs, .kivy, exports or sounds in the source tree


def test_verbose_shows_the_full_logs_of_every_window(tmp_path):
    env = kivy_env(tmp_path / "kivy")
    env.pop("KIVY_NO_CONSOLELOG", None)
    proc = subprocess.Popen([sys.executable, "-m", "fenliu", "demo", "--offscreen", "--verbose", "--quiet-lobby",
                             "--out", str(tmp_path / "demo")],
                            cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        while sum("[Base        ] Start application main loop" in line for line in lines) < 4:
            line = proc.stdout.readline()
            assert line, "the demo ended early:\n" + "".join(lines)
            lines.append(line)
    finally:
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=30)
    console = "".join(lines) + rest
    assert console.count("INFO") > 20  # Kivy's own start-up log of every window, as it always printed it


def test_the_window_demo_on_a_machine_without_a_screen_says_so_and_starts_nothing(tmp_path):
    env = kivy_env(tmp_path / "kivy")  # DISPLAY and WAYLAND_DISPLAY unset, as over ssh or on a server
    done = subprocess.run([sys.executable, "-m", "fenliu", "demo", "--out", str(tmp_path / "demo")], cwd=str(ROOT),
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "没有屏幕" in done.stderr and "no screen here" in done.stderr and "fenliu demo --headless" in done.stderr
    assert not (tmp_path / "demo").exists()
