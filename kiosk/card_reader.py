"""A serial card / ID reader (pyserial): each line it sends is one swipe, handed on as a reference."""
from __future__ import annotations

import threading
from typing import Callable

import serial

from kiosk.cardref import normalize


def parse_url(url: str) -> tuple[str, int]:
    """`serial:/dev/ttyUSB1?baud=9600` (or a bare device path) → (device, baud)."""
    text = url[len("serial:"):] if url.startswith("serial:") else url
    device, _, query = text.partition("?")
    baud = 9600
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if key == "baud" and value:
            baud = int(value)
    return device, baud


class SerialCardReader:
    """Reads swipes on a background thread and calls `on_ref(ref)` for each valid one."""

    def __init__(self, url: str, on_ref: Callable[[str], None], read_timeout: float = 0.2):
        self.device, self.baud = parse_url(url)
        self.on_ref = on_ref
        self.read_timeout = read_timeout
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: serial.Serial | None = None

    def start(self) -> "SerialCardReader":
        """Open the port and start reading (raises serial.SerialException if it cannot open)."""
        self._port = serial.serial_for_url(self.device, baudrate=self.baud, timeout=self.read_timeout)
        self._thread = threading.Thread(target=self._loop, name="card-reader", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop reading and close the port."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._port is not None:
            self._port.close()

    def _loop(self) -> None:
        buf = b""
        while not self._stop.is_set():
            try:
                chunk = self._port.read(64)
            except serial.SerialException:
                # An unplugged reader must not take the kiosk down; swipes simply stop arriving.
                self._stop.wait(1.0)
                continue
            buf += chunk
            while True:
                cut = min((i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0), default=-1)
                if cut < 0:
                    break
                line, buf = buf[:cut], buf[cut + 1:]
                ref = normalize(line.decode("ascii", "ignore"))
                if ref:
                    self.on_ref(ref)
            buf = buf[-256:]  # noise without a line end must not grow forever
