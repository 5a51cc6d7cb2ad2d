"""One class per link to a printer, each behind the same seam: _raw(bytes) out, _read(n, timeout) in."""
from __future__ import annotations

import errno
import os
import select
import socket
import struct
from typing import BinaryIO

import serial

try:
    import termios

    _TERMIOS_ERRORS: tuple[type[Exception], ...] = (termios.error,)
except ImportError:  # Windows
    _TERMIOS_ERRORS = ()

from .errors import PrinterFault, PrinterOffline, PrinterTimeout

FLOW = ("none", "rtscts", "xonxoff", "dsrdtr")
# pyserial lets termios.error (not an OSError) through from tcflush/tcdrain on a vanished device.
_SERIAL_ERRORS = (serial.SerialException, OSError, *_TERMIOS_ERRORS)


class Connection:
    """The seam every link implements; can_read is False for write-only links (file:).

    Links open on first use and close after a failure, so a printer switched on or plugged in
    later is found on the next ticket without restarting the kiosk.
    """

    can_read = True

    def _raw(self, data: bytes) -> None:
        """Send bytes to the printer."""
        raise NotImplementedError

    def _read(self, size: int, timeout: float) -> bytes:
        """Read up to size bytes, waiting at most timeout seconds; b"" when nothing came."""
        raise NotImplementedError

    def _discard_input(self) -> None:
        """Forget bytes that arrived unasked."""

    def flush(self) -> None:
        """Return only when the bytes have left this machine."""

    def close(self) -> None:
        """Release the link."""


class SerialConnection(Connection):
    """RS-232 or USB-serial through pyserial, 8N1."""

    def __init__(self, port: str, baudrate: int = 9600, flow: str = "none") -> None:
        if flow not in FLOW:
            raise ValueError(f"flow must be one of {', '.join(FLOW)}, not {flow!r}")
        self.name, self.baudrate, self.flow = port, baudrate, flow
        self.port: serial.Serial | None = None

    def _open(self) -> serial.Serial:
        if self.port is None:
            try:
                self.port = serial.Serial(port=self.name, baudrate=self.baudrate, timeout=0, write_timeout=5,
                                          rtscts=self.flow == "rtscts", xonxoff=self.flow == "xonxoff",
                                          dsrdtr=self.flow == "dsrdtr")
            except _SERIAL_ERRORS as e:
                raise PrinterOffline(f"cannot open serial port {self.name}: {e}") from e
        return self.port

    def _fail(self, what: str, e: Exception) -> PrinterFault:
        self.close()  # reopened on the next ticket, when the adapter may be back
        code = getattr(e, "errno", None) or (e.args[0] if e.args and isinstance(e.args[0], int) else None)
        gone = code in (errno.EIO, errno.ENXIO, errno.ENODEV)  # the USB-serial adapter was unplugged
        return (PrinterOffline if gone else PrinterFault)(f"serial {what} failed: {e}")

    def _raw(self, data: bytes) -> None:
        port = self._open()
        # Allow twice the wire time (10 bits a byte) plus a margin for a printer holding CTS.
        port.write_timeout = 2 + 2 * len(data) * 10 / self.baudrate
        try:
            port.write(data)
        except serial.SerialTimeoutException as e:
            # Part of the ticket still sits in the OS buffer: drop it, or it prints after the kiosk
            # said this ticket failed, ahead of the next one.
            try:
                port.reset_output_buffer()
            except _SERIAL_ERRORS:
                pass
            self.close()
            raise PrinterTimeout(f"serial write of {len(data)} bytes timed out") from e
        except _SERIAL_ERRORS as e:
            raise self._fail("write", e) from e

    def _read(self, size: int, timeout: float) -> bytes:
        port = self._open()
        port.timeout = timeout
        try:
            return bytes(port.read(size))
        except _SERIAL_ERRORS as e:
            raise self._fail("read", e) from e

    def _discard_input(self) -> None:
        try:
            self._open().reset_input_buffer()
        except _SERIAL_ERRORS as e:
            raise self._fail("reset", e) from e

    def flush(self) -> None:
        """Return once the bytes have left this machine."""
        try:
            self._open().flush()  # tcdrain: waits until the UART has sent every byte
        except _SERIAL_ERRORS as e:
            raise self._fail("flush", e) from e

    def close(self) -> None:
        """Release the link; the next use opens it again."""
        if self.port is not None:
            self.port.close()
            self.port = None


class NetworkConnection(Connection):
    """Raw TCP (port 9100, "JetDirect"); reconnects when the printer dropped an idle connection."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 3.0) -> None:
        self.address, self.timeout = (host, port), timeout
        self.sock: socket.socket | None = None

    def _connect(self) -> None:
        self.close()
        try:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
        except TimeoutError as e:
            raise PrinterTimeout(f"no connection to {self.address[0]}:{self.address[1]} in {self.timeout:g} s") from e
        except OSError as e:
            raise PrinterOffline(f"cannot connect to {self.address[0]}:{self.address[1]}: {e}") from e

    def _raw(self, data: bytes) -> None:
        if self.sock is None:
            self._connect()
        assert self.sock is not None
        try:
            self.sock.settimeout(self.timeout + len(data) / 10_000)
            self.sock.sendall(data)
        except TimeoutError as e:
            self._abort()  # the unsent rest of the ticket must not print later
            raise PrinterTimeout(f"network write of {len(data)} bytes timed out") from e
        except OSError as e:
            self.close()
            raise PrinterOffline(f"network write failed: {e}") from e

    def _read(self, size: int, timeout: float) -> bytes:
        if self.sock is None:
            raise PrinterOffline("not connected")
        try:
            self.sock.settimeout(timeout)
            data = self.sock.recv(size)
        except TimeoutError:
            return b""
        except OSError as e:
            self.close()
            raise PrinterOffline(f"network read failed: {e}") from e
        if not data:
            self.close()
            raise PrinterOffline("the printer closed the connection")
        return data

    def _discard_input(self) -> None:
        # Network printers drop idle connections (often after 90 s): find out now and reconnect,
        # so the first query of a job does not fail on a connection that is already gone.
        if self.sock is None:
            self._connect()
            return
        while select.select([self.sock], [], [], 0)[0]:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b""
            if not data:
                self._connect()
                return

    def close(self) -> None:
        """Release the link; the next use opens it again."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _abort(self) -> None:
        # A plain close still delivers what the send buffer holds; a reset (linger 0) discards it.
        if self.sock is not None:
            try:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        self.close()


class FileConnection(Connection):
    """A device node (/dev/usb/lp0) or a plain file: write-only, so no status."""

    can_read = False

    def __init__(self, path: str) -> None:
        self.path = path
        self.file: BinaryIO | None = None

    def _raw(self, data: bytes) -> None:
        try:
            if self.file is None:
                self.file = open(self.path, "wb")  # like python-escpos's File: one run, one file
            self.file.write(data)
        except OSError as e:
            raise PrinterOffline(f"cannot write to {self.path}: {e}") from e

    def flush(self) -> None:
        """Return once the bytes have left this machine."""
        if self.file is None:
            return
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
        except OSError as e:
            if e.errno != errno.EINVAL:  # device nodes cannot fsync, and need not
                raise PrinterFault(f"flush of {self.path} failed: {e}") from e

    def close(self) -> None:
        """Release the link; the next use opens it again."""
        if self.file is not None:
            self.file.close()
            self.file = None
