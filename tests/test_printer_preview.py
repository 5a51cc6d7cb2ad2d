"""The PNG preview draws what the printer would print: same lines, same sizes, on the roll width."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PIL import Image

from printer.blocks import Feed, Text, paper
from printer.preview import render_blocks, render_slip_png, render_ticket_png
from printer.sample import SAMPLE_SLIP, SAMPLE_TICKET


def ink_rows(img: Image.Image) -> list[int]:
    """Rows with any dark pixel."""
    width = img.width
    data = img.convert("L").tobytes()
    return [y for y in range(img.height) if min(data[y * width:(y + 1) * width]) < 128]


@pytest.mark.parametrize("width_mm, pixels", [(80, 640), (58, 464)])
def test_the_preview_is_as_wide_as_the_roll_at_203_dpi(width_mm, pixels):
    assert render_ticket_png(SAMPLE_TICKET, width_mm).width == pixels


def test_a_narrow_roll_makes_a_longer_ticket():
    assert render_ticket_png(SAMPLE_TICKET, 58).height > render_ticket_png(SAMPLE_TICKET, 80).height


def test_text_stays_inside_the_printable_width():
    img = render_ticket_png(SAMPLE_TICKET, 80).crop((1, 1, 639, 1000))  # inside the drawn paper edge
    margin = img.crop((0, 0, 31, img.height)).convert("L")
    assert margin.getextrema()[0] >= 128


def test_the_number_is_drawn_six_times_as_tall_as_body_text():
    p = paper(80)
    small = render_blocks([Text(("A012",), "center")], p)
    big = render_blocks([Text(("A012",), "center", 6, 6)], p)
    assert 5 * len(ink_rows(small)) < len(ink_rows(big)) < 7 * len(ink_rows(small))


def test_a_feed_adds_blank_paper():
    p = paper(80)
    assert render_blocks([Feed(2)], p).height > render_blocks([Feed(1)], p).height


def test_a_longer_rule_makes_a_longer_ticket_because_lines_wrap_as_printed():
    longer = dataclasses.replace(SAMPLE_TICKET, no_show_rule_zh=SAMPLE_TICKET.no_show_rule_zh * 3)
    assert render_ticket_png(longer, 80).height > render_ticket_png(SAMPLE_TICKET, 80).height


def test_the_slip_renders_too():
    img = render_slip_png(SAMPLE_SLIP, 58)
    assert img.width == 464 and len(ink_rows(img)) > 300


def test_a_missing_font_says_where_it_looked(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="preview font missing"):
        render_ticket_png(SAMPLE_TICKET, 80, fonts_dir=tmp_path)
