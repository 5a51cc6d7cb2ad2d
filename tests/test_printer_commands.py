"""ESC/POS command bytes, checked against the manual and against python-escpos (pinned)."""
from __future__ import annotations

import pytest
from escpos.printer import Dummy

from printer import commands as cmd


def test_chinese_is_sent_as_gb18030_and_ascii_as_itself():
    assert cmd.text("A012 个人") == b"A012 \xb8\xf6\xc8\xcb"
    assert cmd.text("《》·") == "《》·".encode("gb18030")


def test_control_characters_in_passed_in_text_cannot_become_commands():
    # DLE ENQ 2 would clear the printer's buffer; ESC @ would reset it mid-ticket.
    assert cmd.text("A\x10\x05\x02B\x1b@") == b"A   B @"


def test_init_and_chinese_mode_are_esc_at_and_fs_ampersand():
    assert cmd.INIT == b"\x1b@"
    assert cmd.CHINESE_ON == b"\x1c&"


@pytest.mark.parametrize("w, h, n", [(1, 1, 0x00), (2, 2, 0x11), (6, 6, 0x55), (8, 1, 0x70)])
def test_size_packs_width_in_the_high_and_height_in_the_low_nibble(w, h, n):
    assert cmd.size(w, h) == b"\x1d!" + bytes([n])


def test_size_beyond_eight_is_refused():
    with pytest.raises(ValueError):
        cmd.size(9, 1)


def test_native_qr_is_what_python_escpos_sends_less_the_default_model_select():
    ours = cmd.qr_native("https://q.example.cn/t/0101/A012", module=6, ec="M")
    theirs = Dummy()
    theirs.qr("https://q.example.cn/t/0101/A012", ec=1, size=6, native=True)  # QR_ECLEVEL_M
    model_select = b"\x1d(k\x04\x001A2\x00"
    assert theirs.output == model_select + ours


def test_the_cut_feeds_to_the_cutter_and_cuts_fully():
    assert cmd.CUT == b"\x1dVA\x00"


def test_a_raster_band_carries_its_size_low_byte_first():
    assert cmd.raster(2, 3, bytes(6)) == b"\x1dv0\x00\x02\x00\x03\x00" + bytes(6)
    with pytest.raises(ValueError):
        cmd.raster(2, 3, bytes(5))


def test_status_queries_are_dle_eot_one_to_four():
    assert [cmd.status_query(n) for n in (1, 4)] == [b"\x10\x04\x01", b"\x10\x04\x04"]
    with pytest.raises(ValueError):
        cmd.status_query(5)
