"""Window size and fullscreen for the Kivy apps, set through Kivy's KCFG_ environment before Kivy loads."""
from __future__ import annotations

import argparse
import os


def parse_size(text: str) -> tuple[int, int]:
    """Read a size typed as WxH (e.g. 1366x768) / 读取窗口尺寸。"""
    width, sep, height = text.lower().strip().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        size = (0, 0)
    if not sep or min(size) < 200:
        raise argparse.ArgumentTypeError(f"size must look like 1366x768, not {text!r} / 尺寸格式如 1366x768")
    return size


def add_window_arguments(parser: argparse.ArgumentParser, default: str, fullscreen_help: str) -> None:
    """Add --size and --fullscreen, the same for every screen of the branch."""
    parser.add_argument("--size", type=parse_size, default=parse_size(default),
                        help=f"window size WxH when not fullscreen, e.g. 1366x768 (default {default}) / 窗口尺寸")
    parser.add_argument("--fullscreen", action="store_true", help=fullscreen_help)


def apply_window(size: tuple[int, int], fullscreen: bool, exit_on_escape: bool = True,
                 kiosk_mode: bool = False) -> None:
    """Put the window settings where Kivy reads them when it loads: call before any Kivy import."""
    if kiosk_mode:  # fullscreen, no title bar or window buttons; Esc opens the staff PIN prompt instead
        fullscreen, exit_on_escape = True, False
    os.environ["KCFG_GRAPHICS_BORDERLESS"] = "1" if kiosk_mode else "0"
    # Kivy reads KCFG_SECTION_KEY when kivy.config loads, so the size holds even though the app
    # modules import kivy.core.window (which opens the window) at their top.
    os.environ["KCFG_GRAPHICS_WIDTH"], os.environ["KCFG_GRAPHICS_HEIGHT"] = str(size[0]), str(size[1])
    os.environ["KCFG_GRAPHICS_FULLSCREEN"] = "auto" if fullscreen else "0"
    os.environ["KCFG_GRAPHICS_SHOW_CURSOR"] = "0" if fullscreen else "1"
    os.environ["KCFG_KIVY_EXIT_ON_ESCAPE"] = "1" if exit_on_escape else "0"
