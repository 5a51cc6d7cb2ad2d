"""Files only for the host's user: folders made 0700, files 0600, whatever the umask; shared folders untouched."""
from __future__ import annotations

import os

from queue_host.files import private_database, private_dir


def mode(path) -> int:
    return os.stat(path).st_mode & 0o7777


def test_folders_made_and_files_created_are_for_this_user_alone_under_umask_022(tmp_path):
    old = os.umask(0o022)
    try:
        folder = private_dir(tmp_path / "a" / "b")
        db = private_database(folder / "x.db")
    finally:
        os.umask(old)
    assert mode(tmp_path / "a") == mode(folder) == 0o700 and mode(db) == 0o600


def test_a_shared_sticky_folder_like_tmp_is_never_narrowed(tmp_path):
    shared = tmp_path / "tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    private_dir(shared)
    assert mode(shared) == 0o1777


def test_an_existing_folder_of_this_user_is_narrowed_unless_told_not_to(tmp_path):
    mine = tmp_path / "backups"
    mine.mkdir()
    os.chmod(mine, 0o755)
    private_dir(mine, narrow=False)
    assert mode(mine) == 0o755
    private_dir(mine)
    assert mode(mine) == 0o700
