"""Where the shipped files are: an installed wheel's fenliu/data/<name>, else the source tree's <name>/.

The one lookup for every package of ours that may import the host (fenliu/paths.py is its name for the
apps and the command line); the printer, which imports nothing of ours, keeps its own in printer/paths.py.
"""
from __future__ import annotations

from pathlib import Path

CODE = Path(__file__).resolve().parent.parent  # site-packages, or the checkout


def data_dir(name: str) -> Path:
    """The folder `name` ("assets" or "config"): the installed wheel's copy first, else the source tree's."""
    for folder in (CODE / "fenliu" / "data" / name, CODE / name):
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f"neither {CODE / 'fenliu' / 'data' / name} nor {CODE / name} exists: reinstall fenliu")


def asset(*parts: str) -> Path:
    """A path under the shipped assets (fonts, locale, sounds, voice, templates)."""
    return data_dir("assets").joinpath(*parts)
