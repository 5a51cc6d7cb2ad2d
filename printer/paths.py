"""Where the printer's fonts and catalogs are: an installed wheel's fenliu/data/assets, else the source tree.

The printer imports nothing of ours, so this is its own copy of the host's lookup (queue_host/paths.py).
"""
from __future__ import annotations

from pathlib import Path

_CODE = Path(__file__).resolve().parent.parent
ASSETS = next(p for p in (_CODE / "fenliu" / "data" / "assets", _CODE / "assets") if p.is_dir())
