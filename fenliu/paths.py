"""Where the shipped files are (an installed wheel's fenliu/data/, else the source tree), for the apps and CLI.

The lookup itself is the host's (queue_host/paths.py), which fenliu and every app may import; this is its
name on the apps' side of the dependency rule.
"""
from __future__ import annotations

from queue_host.paths import CODE, asset, data_dir  # noqa: F401 (the shared lookup)

FONTS = asset("fonts")
FONT_REGULAR = FONTS / "NotoSansSC-Regular-GB2312.otf"
FONT_BOLD = FONTS / "NotoSansSC-Bold-GB2312.otf"
