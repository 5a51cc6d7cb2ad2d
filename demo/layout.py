"""Where `fenliu demo` puts its four windows: a 2×2 grid that fills one screen, all visible at once.

Each app is drawn at a scale that fits its designed size (kiosk and panels 1280×800, display 1280×720)
into its cell, so a 1920×1080 screen shows the kiosk, the lobby display, a counter and the manager
side by side. A title bar's height is left above each window for the window manager.
"""
from __future__ import annotations

from dataclasses import dataclass

ORDER = ("kiosk", "display", "counter", "manager")  # left to right, top to bottom
DESIGN = {"kiosk": (1280, 800), "display": (1280, 720), "counter": (1280, 800), "manager": (1280, 800)}
TITLE_BAR = 32


@dataclass(frozen=True)
class Placement:
    """One window: left/top of its drawing area in screen pixels, its size, and the drawing scale."""

    left: int
    top: int
    width: int
    height: int
    scale: float

    def frame(self, title_bar: int = TITLE_BAR) -> tuple[int, int, int, int]:
        """The window's whole rectangle with its title bar: (left, top, right, bottom), right/bottom exclusive."""
        return self.left, self.top - title_bar, self.left + self.width, self.top + self.height


def demo_layout(screen: tuple[int, int] = (1920, 1080), title_bar: int = TITLE_BAR) -> dict[str, Placement]:
    """The four demo windows tiled two by two over `screen`."""
    cell_w, cell_h = screen[0] // 2, screen[1] // 2
    width, height = cell_w, cell_h - title_bar
    out = {}
    for i, name in enumerate(ORDER):
        col, row = i % 2, i // 2
        design_w, design_h = DESIGN[name]
        scale = round(min(width / design_w, height / design_h), 3)
        out[name] = Placement(col * cell_w, row * cell_h + title_bar, width, height, scale)
    return out
