"""Paper geometry: the dots and columns the layout is built on."""
from __future__ import annotations

import pytest

from printer.blocks import paper


@pytest.mark.parametrize("width_mm, dots, cols", [(80, 576, 48), (58, 384, 32)])
def test_each_roll_has_its_printable_dots_and_font_a_columns(width_mm, dots, cols):
    p = paper(width_mm)
    assert (p.dots, p.cols) == (dots, cols) and p.dots == p.cols * 12


def test_only_58_and_80_mm_rolls_are_known():
    with pytest.raises(ValueError, match="58 or 80 mm"):
        paper(76)
