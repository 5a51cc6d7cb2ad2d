"""Sizes and colours of the two modes, as plain numbers, with the contrast check the elderly mode needs."""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Theme:
    """Type sizes in pt, tile sizes in dp, gaps in mm, colours as RGB 0-1, tiles per page."""

    heading_pt: float
    body_pt: float
    small_pt: float
    number_pt: float
    key_pt: float  # the keys of the pre-fill's keyboards
    key_dp: float  # ... and their height (four rows of them fit a landscape screen)
    tile_pt: float  # the main line of a tile
    tile_min_dp: float
    gap_mm: float
    columns: int
    per_page: int
    background: tuple[float, float, float]
    text: tuple[float, float, float]
    muted: tuple[float, float, float]
    tile: tuple[float, float, float]
    tile_text: tuple[float, float, float]
    accent: tuple[float, float, float]
    warn: tuple[float, float, float]
    idle_s: float
    prompt_s: float
    ticket_s: float
    face_pt: float = 17  # a two-line key's main line (删除 over Delete) ...
    face_sub_pt: float = 11.5  # ... and its English beneath
    key_gap_dp: float = 4 * 160 / 25.4  # between keys: 4 mm, a dp being 1/160 inch (README, elderly rules)


NORMAL = Theme(
    heading_pt=26, body_pt=16, small_pt=12, number_pt=96, key_pt=26, key_dp=72, tile_pt=19, tile_min_dp=56, gap_mm=2.0, columns=4, per_page=16,
    background=(0.97, 0.97, 0.95), text=(0.10, 0.12, 0.16), muted=(0.30, 0.33, 0.38),
    tile=(0.07, 0.30, 0.55), tile_text=(1, 1, 1), accent=(0.70, 0.10, 0.12), warn=(0.62, 0.25, 0.0),
    idle_s=45, prompt_s=20, ticket_s=20,
)

# Elderly mode (长辈模式): larger type (main text at least 30 pt, docs/ARCHITECTURE.md) and tiles, wider gaps,
# fewer tiles per page, darker text, and more time at every step.
ELDERLY = Theme(
    heading_pt=36, body_pt=30, small_pt=18, number_pt=100, key_pt=32, key_dp=76, tile_pt=30, tile_min_dp=96, gap_mm=4.0, columns=3, per_page=6,
    background=(1, 1, 1), text=(0, 0, 0), muted=(0.20, 0.20, 0.20),
    tile=(0.0, 0.22, 0.42), tile_text=(1, 1, 1), accent=(0.60, 0.0, 0.05), warn=(0.50, 0.18, 0.0),
    idle_s=90, prompt_s=40, ticket_s=40, face_pt=30, face_sub_pt=13,
)


# English first in elderly mode: the longer names at 30 pt take two or three lines. A large landscape
# screen holds the six of ELDERLY; on a short one (1280x800) only one row fits under the greeting; an
# upright one has room for four rows of two wider tiles.
ELDERLY_EN_SHORT = replace(ELDERLY, columns=3, per_page=3)
ELDERLY_EN_TALL = replace(ELDERLY, columns=2, per_page=8)
# Upright, the height is the room: standard mode three wide columns (fewer, taller rows), elderly mode two
# columns of one-line names, every purpose of the shipped branch on one page.
NORMAL_TALL = replace(NORMAL, columns=3)
ELDERLY_TALL = replace(ELDERLY, columns=2, per_page=14)
SHORT_DP = 1000  # a landscape window less tall than this (in dp) is a short screen


def screen_shape(width_dp: float, height_dp: float) -> str:
    """"tall" (upright), "short" (landscape under SHORT_DP) or "" (a large landscape screen)."""
    if height_dp > width_dp:
        return "tall"
    return "short" if height_dp < SHORT_DP else ""


def theme_for(elderly: bool, lang: str = "zh", shape: str = "") -> Theme:
    """The theme of a mode (elderly mode English first: as many tiles as the screen's shape holds)."""
    if not elderly:
        return NORMAL_TALL if shape == "tall" else NORMAL
    if lang == "en":
        return {"short": ELDERLY_EN_SHORT, "tall": ELDERLY_EN_TALL}.get(shape, ELDERLY)
    return ELDERLY_TALL if shape == "tall" else ELDERLY


def key_gap_mm(gap_px: float, px_per_dp: float) -> float:
    """A gap on screen in millimetres, reckoned from dp (1/160 inch each)."""
    return gap_px / px_per_dp / 160 * 25.4


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
