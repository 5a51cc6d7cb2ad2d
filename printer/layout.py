"""Blocks to ESC/POS bytes; pure functions, so the same ticket always gives the same bytes."""
from __future__ import annotations

from pathlib import Path

from . import commands as cmd
from .blocks import Block, Cut, Feed, Paper, Qr, Text, paper as paper_for
from .compose import slip_blocks, ticket_blocks
from .model import Capabilities, DiversionSlip, TicketPrint
from .raster import image_bytes, qr_image


class _Encoder:
    """Emits mode commands only when the mode changes: every byte counts at 9600 baud."""

    def __init__(self, qr: str) -> None:
        self.qr = qr
        self.out = bytearray(cmd.INIT + cmd.CHINESE_ON)
        self.align, self.size, self.bold = "left", (1, 1), False  # the modes ESC @ leaves

    def _mode(self, align: str, size: tuple[int, int] = (1, 1), bold: bool = False) -> None:
        if align != self.align:
            self.out += cmd.ALIGN[align]
            self.align = align
        if size != self.size:
            self.out += cmd.size(*size)
            self.size = size
        if bold != self.bold:
            self.out += cmd.BOLD_ON if bold else cmd.BOLD_OFF
            self.bold = bold

    def block(self, block: Block) -> None:
        """Append the bytes for one block."""
        if isinstance(block, Text):
            self._mode(block.align, (block.width, block.height), block.bold)
            for line in block.lines:
                self.out += cmd.text(line) + cmd.LF
        elif isinstance(block, Feed):
            # A blank line never shows bold, but its height follows the size: keep size 1.
            self._mode(self.align, (1, 1), self.bold)
            self.out += cmd.LF * block.lines if block.lines <= 3 else cmd.feed(block.lines)
        elif isinstance(block, Qr):
            # ESC a centres native and raster codes alike; python-escpos pads images instead,
            # which would double the raster bytes.
            self._mode("center", self.size, self.bold)
            if self.qr == "native":
                self.out += cmd.qr_native(block.content, block.module)
            else:
                self.out += image_bytes(qr_image(block.content, block.module))
        elif isinstance(block, Cut):
            self.out += cmd.CUT


def encode(blocks: list[Block], paper: Paper, caps: Capabilities = Capabilities(),
           fonts_dir: Path | None = None) -> bytes:
    """ESC/POS bytes for blocks, honouring the printer's QR and text capabilities."""
    if caps.text == "raster":
        # No Chinese font in the printer: send the whole ticket as one picture, then cut.
        from .preview import FONTS_DIR, render_blocks

        body = [b for b in blocks if not isinstance(b, Cut)]
        picture = render_blocks(body, paper, fonts_dir or FONTS_DIR)
        return cmd.INIT + image_bytes(picture) + (cmd.CUT if len(body) < len(blocks) else b"")
    enc = _Encoder(caps.qr)
    for block in blocks:
        enc.block(block)
    return bytes(enc.out)


def _caps(qr: str, caps: Capabilities | None) -> Capabilities:
    """The capabilities to use: an explicit object wins over the qr shorthand."""
    return caps if caps is not None else Capabilities(qr=qr)


def ticket_bytes(t: TicketPrint, width_mm: int = 80, qr: str = "native",
                 capabilities: Capabilities | None = None) -> bytes:
    """ESC/POS bytes for a queue ticket (qr: "native" GS ( k or "raster" image)."""
    paper = paper_for(width_mm)
    return encode(ticket_blocks(t, paper), paper, _caps(qr, capabilities))


def slip_bytes(s: DiversionSlip, width_mm: int = 80, qr: str = "native",
               capabilities: Capabilities | None = None) -> bytes:
    """ESC/POS bytes for a diversion slip (qr: "native" GS ( k or "raster" image)."""
    paper = paper_for(width_mm)
    return encode(slip_blocks(s, paper), paper, _caps(qr, capabilities))
