"""How many bytes one realistic 80 mm ticket costs, and how long they take on the wire.

Native: GB18030 text in FS & mode and a GS ( k QR code. Raster: the same text, the QR as a
GS v 0 bit image (printers without GS ( k). Raster text: the whole ticket as one image (printers
without a Chinese font). Wire time is 10 bits a byte (8N1), the floor any serial printer sees.
The last line is one JSON object.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable before `pip install -e .`

from printer.layout import ticket_bytes  # noqa: E402
from printer.model import Capabilities  # noqa: E402
from printer.sample import SAMPLE_TICKET  # noqa: E402

BAUDS = (9600, 115200)


def wire_ms(size: int, baud: int) -> float:
    """Milliseconds to send size bytes at baud, 8N1."""
    return round(size * 10 / baud * 1000, 1)


def encode_ms(caps: Capabilities, runs: int = 20) -> float:
    """Median milliseconds to lay out and encode the ticket."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        ticket_bytes(SAMPLE_TICKET, 80, capabilities=caps)
        times.append((time.perf_counter() - start) * 1000)
    return round(sorted(times)[len(times) // 2], 2)


def main() -> None:
    """Print the table and the JSON line."""
    modes = {"native": Capabilities(), "raster": Capabilities(qr="raster"),
             "raster_text": Capabilities(qr="raster", text="raster")}
    result: dict[str, float | int] = {}
    print(f"ticket {SAMPLE_TICKET.number}, 80 mm (576 dots, 48 columns)")
    print(f"{'mode':<12}{'bytes':>8}{'ms @9600':>11}{'ms @115200':>12}{'encode ms':>11}")
    for name, caps in modes.items():
        size = len(ticket_bytes(SAMPLE_TICKET, 80, capabilities=caps))
        slow, fast = (wire_ms(size, b) for b in BAUDS)
        enc = encode_ms(caps, runs=5 if name == "raster_text" else 20)
        print(f"{name:<12}{size:>8}{slow:>11}{fast:>12}{enc:>11}")
        result.update({f"{name}_bytes": size, f"{name}_ms_9600": slow, f"{name}_ms_115200": fast,
                       f"{name}_encode_ms": enc})
    result["raster_vs_native"] = round(result["raster_bytes"] / result["native_bytes"], 1)
    result["native_under_600"] = result["native_bytes"] < 600
    print(json.dumps(result))


if __name__ == "__main__":
    main()
