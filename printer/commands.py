"""ESC/POS command bytes, each named after the manual; every byte the printer receives is built here."""
from __future__ import annotations

ESC, GS, FS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04", b"\n"

INIT = ESC + b"@"  # ESC @: reset modes left over from a previous job
CHINESE_ON = FS + b"&"  # FS &: Kanji (Chinese) mode, two-byte GB18030 characters
ALIGN = {"left": ESC + b"a\x00", "center": ESC + b"a\x01", "right": ESC + b"a\x02"}  # ESC a n
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"  # ESC E n
# GS V 65 n: feed to the cutter (+n dots) and cut fully, so the ticket drops free in a kiosk.
CUT = GS + b"VA\x00"
QR_EC = {"L": 48, "M": 49, "Q": 50, "H": 51}
GB18030 = "gb18030"


def size(width: int = 1, height: int = 1) -> bytes:
    """GS ! n: character magnification, 1-8 times in each direction."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character size must be 1-8")
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


def feed(lines: int) -> bytes:
    """ESC d n: print the buffer and feed n lines."""
    return ESC + b"d" + bytes([lines])


def text(line: str) -> bytes:
    """Encode text for Chinese mode: ASCII stays one byte, Chinese becomes GB18030."""
    # Printers in FS & mode read GB18030; python-escpos's magic encoding guesses code pages instead.
    # Control characters in passed-in text could form commands (DLE ENQ 2 clears the buffer): drop them.
    clean = "".join(ch if ch >= " " and ch != "\x7f" else " " for ch in line)
    return clean.encode(GB18030, errors="replace")


def _gs_k(fn: int, data: bytes) -> bytes:
    """GS ( k pL pH cn fn data, with cn = 49 (QR code)."""
    n = len(data) + 2
    return GS + b"(k" + bytes([n & 0xFF, n >> 8, 49, fn]) + data


def qr_native(content: str, module: int, ec: str = "M") -> bytes:
    """GS ( k: store and print a QR code rendered by the printer (model 2)."""
    data = content.encode("utf-8")
    if len(data) > 7089:
        raise ValueError("QR content too long")
    # fn 165 (model) is left out: model 2 is the default after ESC @ (Epson, Citizen, Xprinter),
    # and its 9 bytes matter at 9600 baud.
    return (
        _gs_k(67, bytes([module]))  # fn 167: module size in dots
        + _gs_k(69, bytes([QR_EC[ec]]))  # fn 169: error correction level
        + _gs_k(80, b"0" + data)  # fn 180: store the data
        + _gs_k(81, b"0")  # fn 181: print it
    )


def raster(width_bytes: int, height: int, data: bytes) -> bytes:
    """GS v 0 m xL xH yL yH d...: one band of a 1-bit raster image, normal density."""
    if len(data) != width_bytes * height:
        raise ValueError("raster data does not match its size")
    return GS + b"v0\x00" + bytes([width_bytes & 0xFF, width_bytes >> 8, height & 0xFF, height >> 8]) + data


def status_query(n: int) -> bytes:
    """DLE EOT n: real-time status (1 printer, 2 offline cause, 3 error cause, 4 paper sensor)."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n must be 1-4")
    return DLE + EOT + bytes([n])
