"""The printed document as plain blocks, shared by the byte encoder and the PNG preview."""
from __future__ import annotations

from dataclasses import dataclass

CHAR_W, CHAR_H = 12, 24  # font A cell in dots: ASCII 12x24, Chinese 24x24
LINE_GAP = 6  # dots between lines: the printer's default 1/6-inch pitch is 30 dots for size-1 text


@dataclass(frozen=True)
class Paper:
    """A paper roll: printable dots across and font-A columns."""

    width_mm: int
    dots: int
    cols: int
    qr_module: int  # dots per QR module: large enough for a phone camera at arm's length


PAPERS = {80: Paper(80, 576, 48, 6), 58: Paper(58, 384, 32, 5)}


def paper(width_mm: int) -> Paper:
    """The paper geometry for a roll width in millimetres (58 or 80)."""
    try:
        return PAPERS[width_mm]
    except KeyError:
        raise ValueError(f"paper width must be 58 or 80 mm, not {width_mm!r}") from None


@dataclass(frozen=True)
class Text:
    """Lines already wrapped to the paper, in one style."""

    lines: tuple[str, ...]
    align: str = "left"
    width: int = 1  # GS ! magnification across
    height: int = 1  # GS ! magnification down
    bold: bool = False


@dataclass(frozen=True)
class Qr:
    """A QR code, centred."""

    content: str
    module: int


@dataclass(frozen=True)
class Feed:
    """Blank lines of size-1 text."""

    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut."""


Block = Text | Qr | Feed | Cut
