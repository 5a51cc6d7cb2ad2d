"""Render blocks the way a thermal printer would: font-A cells, GS ! sizes, QR modules, on paper."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .blocks import CHAR_H, CHAR_W, LINE_GAP, Block, Cut, Feed, Paper, Qr, Text, paper as paper_for
from .compose import slip_blocks, ticket_blocks
from .model import DiversionSlip, TicketPrint
from .raster import qr_image
from .text import char_width, text_width
from .paths import ASSETS

FONTS_DIR = ASSETS / "fonts"
FONT_FILES = {False: "NotoSansSC-Regular-GB2312.otf", True: "NotoSansSC-Bold-GB2312.otf"}
GLYPH_SCALE = 0.88  # glyph em as a share of the cell height, leaving the gap a printer font leaves
BASELINE = 0.82  # baseline from the cell top: room for Latin descenders (g, y) inside the cell
TOP, BOTTOM = 16, 40  # dots fed before the first line and to the cutter after the last
DOTS_PER_MM = 8  # 203 dpi


@lru_cache(maxsize=8)
def _font(bold: bool, px: int, fonts_dir: Path) -> ImageFont.FreeTypeFont:
    """Load a font once per style and size."""
    path = fonts_dir / FONT_FILES[bold]
    if not path.exists():
        raise FileNotFoundError(f"preview font missing: {path} (pass fonts_dir=...)")
    return ImageFont.truetype(str(path), px)


@lru_cache(maxsize=4096)
def _glyph(ch: str, bold: bool, height: int, fonts_dir: Path) -> Image.Image:
    """One character drawn into its printer cell (squeezed if the font's glyph is wider)."""
    cell_w, cell_h = CHAR_W * char_width(ch) * height, CHAR_H * height
    font = _font(bold, round(cell_h * GLYPH_SCALE), fonts_dir)
    cell = Image.new("L", (cell_w, cell_h), 255)
    left, _, right, _ = font.getbbox(ch)
    ink = right - left
    if ink <= cell_w:
        ImageDraw.Draw(cell).text((cell_w / 2, cell_h * BASELINE), ch, font=font, fill=0, anchor="ms")
        return cell
    wide = Image.new("L", (ink + 2, cell_h), 255)
    ImageDraw.Draw(wide).text((wide.width / 2, cell_h * BASELINE), ch, font=font, fill=0, anchor="ms")
    return wide.resize((cell_w, cell_h), Image.Resampling.LANCZOS)


def _line_image(line: str, block: Text, fonts_dir: Path) -> Image.Image:
    """One printed line: cells side by side, then stretched when width and height differ."""
    h = block.height
    img = Image.new("L", (max(1, text_width(line) * CHAR_W * h), CHAR_H * h), 255)
    x = 0
    for ch in line:
        glyph = _glyph(ch, block.bold, h, fonts_dir)
        img.paste(glyph, (x, 0))
        x += glyph.width
    if block.width != h:
        img = img.resize((img.width * block.width // h, img.height), Image.Resampling.LANCZOS)
    return img


def _line_height(block: Text) -> int:
    """Line feed of a text line: the character height plus the usual gap."""
    return CHAR_H * block.height + LINE_GAP


def render_blocks(blocks: list[Block], paper: Paper, fonts_dir: Path = FONTS_DIR) -> Image.Image:
    """Draw blocks on the printable width of the paper (grey-scale, white background)."""
    parts: list[tuple[Image.Image | None, str, int]] = [(None, "left", TOP)]
    for block in blocks:
        if isinstance(block, Text):
            for line in block.lines:
                parts.append((_line_image(line, block, fonts_dir), block.align, _line_height(block)))
        elif isinstance(block, Qr):
            code = qr_image(block.content, block.module)
            parts.append((code, "center", code.height + LINE_GAP))
        elif isinstance(block, Feed):
            parts.append((None, "left", block.lines * (CHAR_H + LINE_GAP)))
        elif isinstance(block, Cut):
            parts.append((None, "left", BOTTOM))
    page = Image.new("L", (paper.dots, sum(step for _, _, step in parts)), 255)
    y = 0
    for img, align, step in parts:
        if img is not None:
            x = {"left": 0, "center": (paper.dots - img.width) // 2, "right": paper.dots - img.width}[align]
            page.paste(img, (max(0, x), y))
        y += step
    return page


def on_paper(printable: Image.Image, paper: Paper) -> Image.Image:
    """Put the printable area on the full roll width, with a thin edge so the ticket shows on white."""
    full = paper.width_mm * DOTS_PER_MM
    img = Image.new("L", (full, printable.height), 255)
    img.paste(printable, ((full - printable.width) // 2, 0))
    ImageDraw.Draw(img).rectangle((0, 0, full - 1, img.height - 1), outline=200)
    return img


def render_ticket_png(t: TicketPrint, width_mm: int = 80, fonts_dir: Path = FONTS_DIR) -> Image.Image:
    """The ticket as the customer would get it, on the full roll width."""
    paper = paper_for(width_mm)
    return on_paper(render_blocks(ticket_blocks(t, paper), paper, fonts_dir), paper)


def render_slip_png(s: DiversionSlip, width_mm: int = 80, fonts_dir: Path = FONTS_DIR) -> Image.Image:
    """The diversion slip as the customer would get it, on the full roll width."""
    paper = paper_for(width_mm)
    return on_paper(render_blocks(slip_blocks(s, paper), paper, fonts_dir), paper)
