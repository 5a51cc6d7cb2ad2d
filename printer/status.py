"""Real-time status (DLE EOT) read by our own code: a printer that does not answer is never "ok"."""
from __future__ import annotations

from typing import Protocol

from . import commands as cmd
from .errors import CoverOpen, PaperOut, PrinterFault, PrinterOffline, PrinterTimeout
from .model import PrinterStatus

# Bits of the DLE EOT replies (ESC/POS reference: bits 1 and 4 are always 1, bits 0 and 7 always 0).
FIXED_MASK, FIXED_BITS = 0x93, 0x12
OFFLINE = 0x08  # n=1
COVER_OPEN, PAPER_STOP, ERROR = 0x04, 0x20, 0x40  # n=2: why the printer is offline
CUTTER_ERROR, UNRECOVERABLE, AUTO_RECOVERABLE = 0x08, 0x20, 0x40  # n=3
NEAR_END, PAPER_END = 0x0C, 0x60  # n=4: each a pair of sensor bits; clones may set only one


class Readable(Protocol):
    """The part of a connection the status query needs: the write seam and a timed read."""

    def _raw(self, data: bytes) -> None: ...
    def _read(self, size: int, timeout: float) -> bytes: ...
    def _discard_input(self) -> None: ...


def query(conn: Readable, n: int, timeout: float) -> int:
    """Send DLE EOT n and return the printer's one-byte answer."""
    conn._raw(cmd.status_query(n))
    reply = conn._read(1, timeout)
    if not reply:
        raise PrinterTimeout(f"no answer to DLE EOT {n} within {timeout:g} s")
    if reply[0] & FIXED_MASK != FIXED_BITS:
        # An echoing line, a wrong baud rate or a non-ESC/POS device: not a status we can trust.
        raise PrinterFault(f"unexpected answer 0x{reply[0]:02x} to DLE EOT {n} (wrong baud rate?)")
    return reply[0]


def error_cause(byte: int) -> str | None:
    """Name the error a DLE EOT 3 answer reports, if any."""
    for bit, name in ((CUTTER_ERROR, "cutter"), (UNRECOVERABLE, "unrecoverable"),
                      (AUTO_RECOVERABLE, "auto_recoverable")):
        if byte & bit:
            return name
    return None


def decode(printer: int, cause: int, paper: int, error: str | None = None) -> PrinterStatus:
    """Turn the answers to DLE EOT 1, 2 and 4 into a PrinterStatus."""
    if paper & PAPER_END or cause & PAPER_STOP:
        paper_state = "out"
    elif paper & NEAR_END:
        paper_state = "near_end"
    else:
        paper_state = "ok"
    return PrinterStatus(online=not printer & OFFLINE, paper=paper_state,
                         cover_open=bool(cause & COVER_OPEN), error=error)


def read_status(conn: Readable, timeout: float) -> PrinterStatus:
    """Ask the printer for its status; raise PrinterTimeout when it stays silent."""
    conn._discard_input()  # a stale byte would be taken for the answer
    printer, cause, paper = query(conn, 1, timeout), query(conn, 2, timeout), query(conn, 4, timeout)
    error = error_cause(query(conn, 3, timeout)) if cause & ERROR else None
    return decode(printer, cause, paper, error)


def raise_for_status(status: PrinterStatus) -> None:
    """Raise the typed fault that stops printing, if any (paper near end still prints)."""
    if status.cover_open:
        raise CoverOpen("cover open")
    if status.paper == "out":
        raise PaperOut("paper end sensor")
    if not status.online:
        raise PrinterOffline("printer reports offline" + (f": {status.error} error" if status.error else ""))
