"""1-bit raster images (GS v 0) for printers without a native QR code or Chinese font."""
from __future__ import annotations

import qrcode
from PIL import Image

from printer.raster import BAND_ROWS, _guard_realtime, image_bytes, qr_image


def test_a_dark_pixel_becomes_a_set_bit_most_significant_first():
    img = Image.new("L", (9, 2), 255)
    img.putpixel((0, 0), 0)
    img.putpixel((8, 1), 0)
    assert image_bytes(img) == b"\x1dv0\x00\x02\x00\x02\x00" + b"\x80\x00" + b"\x00\x80"


def test_grey_is_not_dithered_but_cut_at_the_threshold():
    img = Image.new("L", (8, 1), 100)
    assert image_bytes(img)[-1] == 0xFF
    assert image_bytes(Image.new("L", (8, 1), 200))[-1] == 0x00


def test_tall_images_go_in_bands_small_printers_can_buffer():
    data = image_bytes(Image.new("L", (16, BAND_ROWS + 10), 255))
    assert data.count(b"\x1dv0\x00") == 2
    assert data.startswith(b"\x1dv0\x00\x02\x00\xff\x00")
    assert b"\x1dv0\x00\x02\x00\x0a\x00" in data


def test_image_data_never_holds_a_real_time_command():
    # DLE EOT / DLE ENQ / DLE DC4 inside image data would be acted on at once by the printer.
    assert _guard_realtime(bytearray(b"\x10\x04\x01\x10\x05\x02\x10\x14\x08\x10\x00")) == \
        bytearray(b"\x00\x04\x01\x00\x05\x02\x00\x14\x08\x10\x00")
    img = Image.new("1", (24, 1), 1)
    for x in (3, 13):  # bytes 0x10 0x04: one dot at bit 4 of byte 0, one at bit 2 of byte 1
        img.putpixel((x, 0), 0)
    img.putpixel((23, 0), 0)  # byte 2 = 0x01: together "DLE EOT 1"
    assert image_bytes(img)[-3:] == b"\x00\x04\x01"


def test_the_qr_image_has_the_module_size_and_the_same_modules_as_the_qr_library():
    img = qr_image("https://q.example.cn/t/0101/A012", module=6)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data("https://q.example.cn/t/0101/A012")
    matrix = code.get_matrix()
    assert img.size == (len(matrix) * 6, len(matrix) * 6)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (img.getpixel((x * 6 + 3, y * 6 + 3)) == 0) == dark
