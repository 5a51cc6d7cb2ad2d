"""The kiosk's on-screen QR codes (ticket status page, e-channel download), drawn with `qrcode`."""
from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(data: str, box_size: int = 10, border: int = 2) -> bytes:
    """A black-on-white PNG of `data` as a QR code (medium error correction: screens get smudged)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
