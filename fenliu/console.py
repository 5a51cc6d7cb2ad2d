"""A quiet console for the apps `fenliu demo` starts: warnings and errors only, no input-probe noise.

The demo sets FENLIU_CONSOLE=quiet for its windows (not with --verbose). Then Kivy logs through
Python's logging (KIVY_LOG_MODE=PYTHON) at WARNING, HTTP clients log no line per request, and the
traceback Kivy logs at import when libmtdev is absent is dropped (the demo also switches the touch
probes off in its Kivy config: demo/env.py). Run alone, an app keeps Kivy's own logging but
no line per HTTP request; FENLIU_CONSOLE=verbose (the demo's --verbose) keeps those too.
"""
from __future__ import annotations

import ctypes
import logging
import os
import shutil
import sys

QUIET, VERBOSE = "quiet", "verbose"
# Linux touch-device probes: the demo's windows take the mouse, and without libmtdev they can only fail.
TOUCH_PROBES = ("probesysfs", "hidinput", "mtdev", "linuxwacom")
CHATTY = ("urllib3", "httpx", "httpcore", "uvicorn", "uvicorn.access")  # a line per HTTP request
# Logged with a traceback by kivy.input.providers at import on Linux when a touch library is missing,
# and by the text box's clipboard when neither xclip nor xsel is installed: harmless for the demo.
_PROBE_NOISE = ("Input: MTDev", "Input: ProbeSysfs", "Input: HIDInput", "Input: LinuxWacom", "Input: LeapFinger",
                "Cutbuffer: Unable to find")


class _DropProbeNoise(logging.Filter):
    """Drops the input-provider and clipboard 'not available' records (and their tracebacks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but the probe noise."""
        return not str(record.msg).startswith(_PROBE_NOISE)


def missing_touch_library() -> bool:
    """Is libmtdev absent (Kivy's MTDev touch provider then fails at import, with a traceback)?"""
    try:
        ctypes.CDLL("libmtdev.so.1")
    except OSError:
        return True
    return False


def missing_cut_buffer() -> bool:
    """Are xclip and xsel both absent (Kivy's X11 clipboard and cut buffer need one of them)?"""
    return not (shutil.which("xclip") or shutil.which("xsel"))


def calm_kivy_start() -> list[str]:
    """Every app, before Kivy loads: what this machine lacks is turned off, not reported as a crash.

    Without libmtdev the traceback Kivy logs when its MTDev touch provider fails to import is dropped (the
    provider cannot exist here; mouse and SDL touch still work; the demo also leaves the touch probes out of its
    Kivy config, fenliu/demo_env.py); without xclip/xsel the clipboard is SDL's own (no xclip needed) and the
    cut-buffer search that would fail is not reported. With the libraries installed nothing is changed.
    Returns what was turned off."""
    off, noise = [], []
    if missing_touch_library():
        off.append("mtdev")
        noise += ["Input: MTDev", "Input: ProbeSysfs", "Input: HIDInput", "Input: LinuxWacom"]
    if missing_cut_buffer():
        off.append("xclip")
        os.environ.setdefault("KIVY_CLIPBOARD", "sdl2")
        noise += ["Cutbuffer: Unable to find", "Clipboard: Unable to find"]
    if noise:
        logging.getLogger("kivy").addFilter(_DropNoise(tuple(noise)))
    return off


class _DropNoise(logging.Filter):
    """Drops the records of providers this machine cannot have (and their tracebacks)."""

    def __init__(self, starts: tuple[str, ...]):
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but those."""
        return not str(record.msg).startswith(self.starts)


def prepare_console(env: dict | None = None) -> bool:
    """Quiet the console if the environment asks for it (call before Kivy loads); True if it did."""
    env = os.environ if env is None else env
    if env is os.environ:
        calm_kivy_start()
    if env.get("FENLIU_CONSOLE") != VERBOSE:
        # An app at work (a service's journal too) logs no line per request to the host; `verbose` keeps them.
        for chatty in CHATTY:
            logging.getLogger(chatty).setLevel(logging.INFO)
    if env.get("FENLIU_CONSOLE") != QUIET:
        return False
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_DropProbeNoise())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for chatty in CHATTY:
        logging.getLogger(chatty).setLevel(logging.WARNING)
    return True
