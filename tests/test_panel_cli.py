"""`fenliu panel`: its window options, and a real start that opens at the size asked for."""
from __future__ import annotations

import subprocess
import sys

import pytest

from fenliu.cli import build_parser
from tests.gui_harness import REPO, kivy_env


def parse(*argv):
    return build_parser("panel").parse_args(["panel", *argv])


def test_the_panel_reads_its_size_and_fullscreen_as_a_teller_would_type_them():
    args = parse("--size", "1366x768", "--fullscreen")
    assert (args.size, args.fullscreen) == ((1366, 768), True)


def test_the_panel_opens_as_a_manager_tablet_by_default():
    args = parse()
    assert (args.size, args.fullscreen, args.screenshot) == ((1280, 800), False, None)


def test_a_mistyped_size_is_refused_before_any_window_opens():
    with pytest.raises(SystemExit):
        parse("--size", "1366*768")


@pytest.mark.gui
@pytest.mark.parametrize("size", [(1366, 768), (800, 1280)])
def test_fenliu_panel_opens_at_the_size_given_on_the_command_line(host, tmp_path, size):
    shot = tmp_path / "panel.png"
    env = kivy_env(tmp_path / "kivy")
    env.pop("KIVY_NO_ARGS")  # the command must keep Kivy off its own options by itself
    proc = subprocess.run([sys.executable, "-m", "fenliu", "panel", "--host", host.url, "--no-sound",
                           "--token", host.tokens["counter-1"], "--role", "counter", "--counter", "1",
                           "--size", f"{size[0]}x{size[1]}", "--screenshot", str(shot)],
                          cwd=REPO, env=env, capture_output=True, timeout=90)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    from PIL import Image
    with Image.open(shot) as img:
        assert img.size == size
