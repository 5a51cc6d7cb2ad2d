"""An in-memory printer: records bytes like python-escpos's Dummy and answers status queries."""
from __future__ import annotations

from .connections import Connection

# DLE EOT 1-4 answers of a printer in each state (ESC/POS reference bit layout, 0x12 = all clear).
STATES = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "offline": {1: 0x1A, 2: 0x52, 3: 0x32, 4: 0x12},  # an unrecoverable error
}


class DummyConnection(Connection):
    """Keeps what was printed in `output`; `state` picks the status answers, "silent" gives none."""

    def __init__(self, state: str = "ok") -> None:
        if state not in (*STATES, "silent"):
            raise ValueError(f"dummy state must be one of {', '.join((*STATES, 'silent'))}, not {state!r}")
        self.state = state
        self._output: list[bytes] = []
        self._pending = bytearray()

    def _raw(self, data: bytes) -> None:
        # Status queries arrive as their own 3-byte writes; keep them out of the printed output.
        if len(data) == 3 and data[:2] == b"\x10\x04" and 1 <= data[2] <= 4:
            if self.state != "silent":
                self._pending.append(STATES[self.state][data[2]])
            return
        self._output.append(data)

    def _read(self, size: int, timeout: float) -> bytes:
        reply, self._pending = bytes(self._pending[:size]), self._pending[size:]
        return reply

    def _discard_input(self) -> None:
        self._pending.clear()

    @property
    def output(self) -> bytes:
        """Everything printed so far, without the status queries."""
        return b"".join(self._output)

    def clear(self) -> None:
        """Forget what was printed."""
        self._output.clear()
