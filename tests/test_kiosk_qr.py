"""The kiosk's own QR codes are drawn from the exact URL (checked module by module against qrcode)."""
import io

import qrcode
from PIL import Image

from kiosk.qr import qr_png


def test_the_on_screen_qr_carries_the_ticket_status_url_module_for_module():
    url = "http://127.0.0.1:8600/t/K7Q2M9XD"
    image = Image.open(io.BytesIO(qr_png(url, box_size=4, border=2))).convert("L")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    assert image.size == ((len(matrix) + 4) * 4,) * 2
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (image.getpixel(((x + 2) * 4 + 2, (y + 2) * 4 + 2)) < 128) == dark


def test_the_qr_has_a_white_quiet_zone_for_phone_cameras():
    image = Image.open(io.BytesIO(qr_png("https://example.com/mobile-banking", box_size=4, border=2))).convert("L")
    assert all(image.getpixel((x, 1)) == 255 for x in range(image.size[0]))
