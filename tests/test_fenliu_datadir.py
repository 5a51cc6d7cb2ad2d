"""fenliu's own files go to the user's data folder, never the source tree or site-packages."""
from __future__ import annotations

from pathlib import Path

from fenliu.datadir import user_data_dir


def test_the_data_folder_follows_xdg_data_home():
    assert user_data_dir({"XDG_DATA_HOME": "/srv/data", "HOME": "/home/li"}) == Path("/srv/data/fenliu")


def test_without_xdg_data_home_it_is_under_the_home_folder():
    assert user_data_dir({"HOME": "/home/li"}) == Path("/home/li/.local/share/fenliu")


def test_the_panel_and_the_demo_write_nowhere_near_the_code():
    code = Path(__file__).resolve().parent.parent
    for module in ("panel/app.py", "demo/command.py"):
        text = (code / module).read_text(encoding="utf-8")
        assert '"var"' not in text and "user_data_dir()" in text, module


def test_a_private_file_and_its_folder_are_for_the_user_alone_whatever_the_umask(tmp_path):
    import os

    from fenliu.datadir import private_dir, write_private
    old = os.umask(0o022)
    try:
        folder = private_dir(tmp_path / "exports" / "today")
        path = write_private(folder / "leads.csv", "\ufeff王先生,13800001234\n")
    finally:
        os.umask(old)
    assert os.stat(path).st_mode & 0o777 == 0o600 and path.read_text(encoding="utf-8").endswith("13800001234\n")
    assert {os.stat(p).st_mode & 0o777 for p in (folder, folder.parent)} == {0o700}
