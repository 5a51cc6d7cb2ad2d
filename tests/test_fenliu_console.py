"""The demo's windows keep a quiet console: warnings stay, input-probe tracebacks and per-request DEBUG lines go."""
from __future__ import annotations

import os
import subprocess
import sys

from demo.env import app_env, prepare_kivy_home
from fenliu.console import missing_touch_library
from tests.hostproc import ROOT

# What an app does at start and at work: Kivy loads its input providers (on Linux without libmtdev it
# logs a traceback), an HTTP client logs each request at DEBUG, the app warns about something real.
APP = """
import logging, os
os.environ.setdefault("KIVY_NO_ARGS", "1")
from fenliu.console import prepare_console
prepare_console()
import kivy.input.providers
from kivy.logger import Logger
Logger.exception("Input: MTDev is not supported by your version of linux", exc_info=OSError("libmtdev.so.1"))
logging.getLogger("urllib3.connectionpool").debug('http://127.0.0.1:1 "GET /api/queues HTTP/1.1" 200 4202')
Logger.debug("Base: Create provider from mouse")
logging.getLogger("display.announcer").warning("announcement of A001 failed: no sound device")
"""


def run_app(tmp_path, console: str | None) -> str:
    env = dict(os.environ, KIVY_HOME=str(tmp_path / "kivy"), KIVY_NO_FILELOG="1", PYTHONPATH=str(ROOT))
    env.pop("KIVY_NO_CONSOLELOG", None)
    env.pop("FENLIU_CONSOLE", None)
    if console:
        env["FENLIU_CONSOLE"] = console
    out = subprocess.run([sys.executable, "-c", APP], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout + out.stderr


def test_a_quiet_app_shows_its_warnings_but_no_traceback_and_no_debug_line(tmp_path):
    text = run_app(tmp_path, "quiet")
    assert "announcement of A001 failed" in text
    assert "Traceback" not in text and "DEBUG" not in text and "GET /api/queues" not in text
    assert "MTDev" not in text


def test_an_app_run_alone_logs_as_kivy_does_but_no_line_per_request(tmp_path):
    text = run_app(tmp_path, None)
    assert "announcement of A001 failed" in text
    # The MTDev traceback goes where libmtdev is absent (the provider cannot exist), whatever the console.
    assert ("MTDev" in text) is not missing_touch_library() and "Traceback" not in text
    assert "GET /api/queues" not in text


def test_a_verbose_app_also_logs_each_request(tmp_path):
    text = run_app(tmp_path, "verbose")
    assert "GET /api/queues" in text and ("MTDev" in text) is not missing_touch_library()


def test_the_demos_kivy_home_has_the_touch_probes_switched_off(tmp_path):
    env = app_env(tmp_path, verbose=False)
    home = prepare_kivy_home(env)
    ini = (home / "config.ini").read_text(encoding="utf-8")
    section = ini.split("[input]", 1)[1].split("\n[", 1)[0]
    assert "mouse = mouse" in section and "probesysfs" not in section and "hidinput" not in section
    assert env["FENLIU_CONSOLE"] == "quiet" and env["KIVY_HOME"].startswith(str(tmp_path))
    assert env["XDG_DATA_HOME"].startswith(str(tmp_path))  # the panels' chime and exports stay in the run


def test_verbose_leaves_the_console_and_the_touch_probes_as_kivy_has_them(tmp_path):
    env = app_env(tmp_path, verbose=True)
    assert env["FENLIU_CONSOLE"] == "verbose"
    home = prepare_kivy_home(env, touch=True)
    assert "probesysfs" in (home / "config.ini").read_text(encoding="utf-8")
