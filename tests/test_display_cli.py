"""`fenliu display`: its options, and a real start of the window (offscreen) against a host."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from fenliu.cli import build_parser
from tests.gui_harness import REPO, kivy_env


def parse(*argv):
    return build_parser("display").parse_args(["display", *argv])


def test_the_display_options_read_as_a_branch_would_type_them():
    args = parse("--host", "http://10.0.0.5:8600", "--fullscreen", "--size", "1280x720", "--no-english")
    assert (args.host, args.fullscreen, args.size, args.english) == ("http://10.0.0.5:8600", True, (1280, 720), False)


def test_by_default_the_display_follows_the_local_host_and_the_branch_decides_english():
    args = parse()
    assert args.host == "http://127.0.0.1:8600" and args.english is None and not args.mute


@pytest.mark.gui
def test_fenliu_display_opens_and_keeps_running_against_a_live_host(host, tmp_path):
    env = kivy_env(tmp_path / "kivy")
    env.pop("KIVY_NO_ARGS")  # the command must keep Kivy off its own options by itself
    log = tmp_path / "display.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "fenliu", "display", "--host", host.url, "--mute",
                                 "--size", "1280x720"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        assert "Traceback" not in log.read_text(errors="replace")
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.gui
def test_fenliu_display_screenshot_saves_the_loaded_board_and_quits(host, tmp_path):
    from queue_host.client import HostClient
    boss = HostClient(host.url, host.tokens["manager"])
    boss.issue("cash", reason="test")
    boss.call_next("1")
    shot = tmp_path / "display.png"
    proc = subprocess.run([sys.executable, "-m", "fenliu", "display", "--host", host.url, "--mute",
                           "--size", "1280x720", "--screenshot", str(shot)], cwd=REPO,
                          env=kivy_env(tmp_path / "kivy"), capture_output=True, timeout=90)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    from PIL import Image
    with Image.open(shot) as img:
        assert img.size == (1280, 720)
