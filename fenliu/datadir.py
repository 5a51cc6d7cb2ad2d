"""Where fenliu writes files of its own (demo runs, leads exports, generated sounds): the user's data folder.

Never the source tree or site-packages: $XDG_DATA_HOME/fenliu, else ~/.local/share/fenliu. What holds
personal data (a leads export: names and contacts) is written 0600 in a 0700 folder whatever the umask.
"""
from __future__ import annotations

import os
from pathlib import Path


def user_data_dir(env: dict | None = None) -> Path:
    """The user's fenliu data folder (not created here)."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "fenliu"


def private_dir(path: Path) -> Path:
    """Make a folder (and missing parents) that this user alone may open; an existing one of this user's is
    narrowed too (never a shared one like /tmp, never another user's)."""
    missing, walk = [], Path(path)
    while not walk.exists():
        missing.append(walk)
        walk = walk.parent
    Path(path).mkdir(parents=True, exist_ok=True)
    for made in missing:
        os.chmod(made, 0o700)
    info = Path(path).stat()
    if not missing and info.st_uid == os.getuid() and not info.st_mode & 0o1000:
        os.chmod(path, 0o700)
    return Path(path)


def write_private(path: Path, text: str) -> Path:
    """Write a text file (UTF-8) that this user alone may read, created 0600 before anything is in it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    return Path(path)
