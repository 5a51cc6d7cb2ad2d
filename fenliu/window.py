"""Window size, place, scale and fullscreen for the Kivy apps, set through Kivy's environment before Kivy loads."""
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


def parse_position(text: str) -> tuple[int, int]:
    """Read a window position typed as LEFT,TOP in screen pixels (e.g. 960,0) / 读取窗口位置。"""
    left, sep, top = text.strip().partition(",")
    try:
        pos = int(left), int(top)
    except ValueError:
        pos = (-1, -1)
    if not sep or min(pos) < 0:
        raise argparse.ArgumentTypeError(f"position must look like 960,0 (left,top), not {text!r} / 位置格式如 960,0")
    return pos


def parse_scale(text: str) -> float:
    """Read a drawing scale between 0.3 and 3 (1 = as designed) / 读取缩放比例。"""
    try:
        scale = float(text)
    except ValueError:
        scale = 0.0
    if not 0.3 <= scale <= 3:
        raise argparse.ArgumentTypeError(f"scale must be a number from 0.3 to 3, not {text!r} / 缩放比例 0.3–3")
    return scale


def add_window_arguments(parser: argparse.ArgumentParser, default: str, fullscreen_help: str) -> None:
    """Add --size, --fullscreen, --position and --scale, the same for every screen of the branch."""
    parser.add_argument("--size", type=parse_size, default=parse_size(default),
                        help=f"window size WxH when not fullscreen, e.g. 1366x768 (default {default}) / 窗口尺寸")
    parser.add_argument("--fullscreen", action="store_true", help=fullscreen_help)
    parser.add_argument("--position", type=parse_position, default=None, metavar="LEFT,TOP",
                        help="where the window opens on the screen, e.g. 960,0 (default: centred) / 窗口位置")
    parser.add_argument("--scale", type=parse_scale, default=None,
                        help="draw everything this much larger or smaller, e.g. 0.7 to fit a small window "
                             "(default 1) / 缩放")


def apply_window(size: tuple[int, int], fullscreen: bool, exit_on_escape: bool = True,
                 kiosk_mode: bool = False, position: tuple[int, int] | None = None,
                 scale: float | None = None) -> None:
    """Put the window settings where Kivy reads them when it loads: call before any Kivy import."""
    if kiosk_mode:  # fullscreen, no title bar or window buttons; Esc opens the staff PIN prompt instead
        fullscreen, exit_on_escape = True, False
    os.environ["KCFG_GRAPHICS_BORDERLESS"] = "1" if kiosk_mode else "0"
    # Kivy reads KCFG_SECTION_KEY when kivy.config loads, so the size holds even though the app
    # modules import kivy.core.window (which opens the window) at their top.
    os.environ["KCFG_GRAPHICS_WIDTH"], os.environ["KCFG_GRAPHICS_HEIGHT"] = str(size[0]), str(size[1])
    if position is not None:
        os.environ["KCFG_GRAPHICS_POSITION"] = "custom"
        os.environ["KCFG_GRAPHICS_LEFT"], os.environ["KCFG_GRAPHICS_TOP"] = str(position[0]), str(position[1])
    if scale is not None:
        # dp follows the density and pt the DPI (96 on a desktop): both scale every size in the .kv files.
        os.environ["KIVY_METRICS_DENSITY"], os.environ["KIVY_DPI"] = f"{scale:g}", f"{96 * scale:g}"
    from fenliu.console import prepare_console
    prepare_console()
    os.environ["KCFG_GRAPHICS_FULLSCREEN"] = "auto" if fullscreen else "0"
    os.environ["KCFG_GRAPHICS_SHOW_CURSOR"] = "0" if fullscreen else "1"
    os.environ["KCFG_KIVY_EXIT_ON_ESCAPE"] = "1" if exit_on_escape else "0"

