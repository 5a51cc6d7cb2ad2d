"""A quiet console for the apps `fenliu demo` starts: warnings and errors only, no input-probe noise.

The demo sets FENLIU_CONSOLE=quiet for its windows (not with --verbose). Then Kivy logs through
Python's logging (KIVY_LOG_MODE=PYTHON) at WARNING, HTTP clients log no line per request, and the
traceback Kivy logs at import when libmtdev is absent is dropped (the demo also switches the touch
probes off in its Kivy config: demo/env.py). Run alone, an app keeps Kivy's own logging but
no line per HTTP request; FENLIU_CONSOLE=verbose (the demo's --verbose) keeps those too.
"""
from __future__ import annotations

import logging
import os
import sys

QUIET, VERBOSE = "quiet", "verbose"
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


def prepare_console(env: dict | None = None) -> bool:
    """Quiet the console if the environment asks for it (call before Kivy loads); True if it did."""
    env = os.environ if env is None else env
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
