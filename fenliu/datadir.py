"""Where fenliu writes files of its own (demo runs, leads exports, generated sounds): the user's data folder.

Never the source tree or site-packages: $XDG_DATA_HOME/fenliu, else ~/.local/share/fenliu.
"""
from __future__ import annotations

import os
from pathlib import Path


def user_data_dir(env: dict | None = None) -> Path:
    """The user's fenliu data folder (not created here)."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "fenliu"
