"""1-bit raster images as GS v 0 bands, for printers without a native QR code or Chinese font."""
from __future__ import annotations

import qrcode
from PIL import Image

from . import commands

BAND_ROWS = 255  # one byte of height per band: small printer buffers, and no 0x10 in yH
# DLE EOT / DLE ENQ / DLE DC4 are real-time commands: the printer acts on them even inside image
# data (DLE ENQ 2 would clear its buffer), so image data must never contain 0x10 followed by these.
_REALTIME_SECOND = (0x04, 0x05, 0x14)


def qr_image(content: str, module: int, ec: str = "M") -> Image.Image:
    """A QR code as a black-on-white image with `module` dots per module and no quiet zone."""
    level = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
             "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}[ec]
    code = qrcode.QRCode(error_correction=level, box_size=1, border=0)
    code.add_data(content)
    code.make(fit=True)
    matrix = code.get_matrix()
    img = Image.new("L", (len(matrix), len(matrix)), 255)
    img.putdata([0 if dark else 255 for row in matrix for dark in row])
    return img.resize((img.width * module, img.height * module), Image.Resampling.NEAREST)


def _guard_realtime(data: bytearray) -> bytearray:
    """Drop the one dot that would make image data read as a real-time command."""
    i = data.find(b"\x10")
    while i != -1 and i + 1 < len(data):
        if data[i + 1] in _REALTIME_SECOND:
            data[i] = 0x00
        i = data.find(b"\x10", i + 1)
    return data


def image_bytes(img: Image.Image, threshold: int = 128) -> bytes:
    """Encode an image as GS v 0 raster bands: a dot wherever the pixel is darker than threshold."""
    bits = img.convert("L").point(lambda v: 255 if v < threshold else 0, mode="1")
    width_bytes = (bits.width + 7) // 8
    out = bytearray()
    for top in range(0, bits.height, BAND_ROWS):
        band = bits.crop((0, top, bits.width, min(bits.height, top + BAND_ROWS)))
        out += commands.raster(width_bytes, band.height, bytes(_guard_realtime(bytearray(band.tobytes()))))
    return bytes(out)
