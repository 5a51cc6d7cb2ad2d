"""Files only for the host's user, whatever the umask: folders 0700, files 0600 (the database, its WAL and
shared memory, backups, archives and restores hold personal data)."""
from __future__ import annotations

import os
from pathlib import Path

DIR_MODE, FILE_MODE = 0o700, 0o600


def private_dir(path: str | Path, narrow: bool = True) -> Path:
    """Make a folder (and any missing parents) readable by this user alone. An existing one is narrowed
    too when `narrow` and it is this user's own (never a shared one like /tmp, never another user's)."""
    path = Path(path)
    missing = []
    walk = path
    while not walk.exists():
        missing.append(walk)
        walk = walk.parent
    path.mkdir(parents=True, exist_ok=True)
    for made in missing:  # folders made here are ours
        os.chmod(made, DIR_MODE)
    if narrow and not missing:
        info = path.stat()
        if info.st_uid == os.getuid() and not info.st_mode & 0o1000:
            os.chmod(path, DIR_MODE)
    return path


def private_file(path: str | Path) -> Path:
    """Create a file if it is missing, then make it readable by this user alone (before anything is in it)."""
    path = Path(path)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
    os.chmod(path, FILE_MODE)
    return path


def private_database(path: str | Path) -> Path:
    """A SQLite file and its -wal/-shm/-journal at 0600 (SQLite gives new side files the main file's mode)."""
    private_file(path)
    for side in ("-wal", "-shm", "-journal"):
        if Path(f"{path}{side}").exists():
            os.chmod(f"{path}{side}", FILE_MODE)
    return Path(path)
