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
    proc = subprocess.Popen([sys.executable, "-m", "fenliu", "demo", "--out", str(tmp_path / "demo")],
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
        while manager.stats()["visits"] == 0:  # the scripted lobby sends its first visitor
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
