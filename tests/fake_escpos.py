"""A fake ESC/POS printer for tests, on a pseudo-terminal (serial) or a loopback TCP port (9100).

It records every byte and answers DLE EOT n=1..4 real-time status queries the way the ESC/POS
reference describes, wherever they appear in the stream (as a real printer does). A test sets
`paper` ("ok", "near_end", "out"), `cover_open`, `error` (offline through a printer error) or
`silent` (records but never answers) or `stalled` (stops taking bytes, as a jammed printer holding
its input: the link's buffers fill and writes time out). It shares no code with printer/, so it can judge it.
"""
from __future__ import annotations

import fcntl
import os
import re
import select
import socket
import struct
import termios
import threading
import time
import tty

_QUERY = re.compile(rb"\x10\x04([\x01-\x04])")


class FakeEscposPrinter:
    """The printer's state and byte handling, independent of how bytes arrive."""

    def __init__(self) -> None:
        self.paper = "ok"
        self.cover_open = False
        self.error = False
        self.silent = False
        self.stalled = False
        self.on_feed = None  # called with the fake on each chunk: lets a test change state mid-job
        self.received = bytearray()
        self.queries: list[int] = []
        self._scanned = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._closers: list = []
        self._master: int | None = None
        self._client: socket.socket | None = None

    def tell(self, state: str) -> None:
        """Put the printer in one named state: ok, near_end, paper_out, cover_open, offline, silent."""
        self.paper, self.cover_open, self.error, self.silent = "ok", False, False, False
        if state == "near_end":
            self.paper = "near_end"
        elif state == "paper_out":
            self.paper = "out"
        elif state == "cover_open":
            self.cover_open = True
        elif state == "offline":
            self.error = True
        elif state == "silent":
            self.silent = True
        elif state != "ok":
            raise ValueError(f"unknown fake printer state {state!r}")

    # -- what a real printer would answer -------------------------------------------------------
    def status_byte(self, n: int) -> int:
        """The answer to DLE EOT n: bits 1 and 4 always set, the rest by state."""
        paper_end = self.paper == "out"
        offline = self.cover_open or paper_end or self.error
        bits = {
            1: 0x08 * offline,
            2: 0x04 * self.cover_open | 0x20 * paper_end | 0x40 * self.error,
            3: 0x20 * self.error,  # an unrecoverable error
            4: 0x0C * (self.paper in ("near_end", "out")) | 0x60 * paper_end,
        }[n]
        return 0x12 | bits

    def feed(self, data: bytes) -> bytes:
        """Take bytes from the host; return the bytes the printer sends back."""
        with self._lock:
            self.received += data
        if self.on_feed is not None:
            self.on_feed(self)  # before answering: a state change applies to queries in this chunk
        with self._lock:
            reply = bytearray()
            # Look two bytes back: a query may be split across reads (any match there is new).
            for m in _QUERY.finditer(self.received, max(self._scanned - 2, 0)):
                n = m.group(1)[0]
                self.queries.append(n)
                if not self.silent:
                    reply.append(self.status_byte(n))
            self._scanned = len(self.received)
        return bytes(reply)

    @property
    def printed(self) -> bytes:
        """What was sent for printing, without the status queries."""
        with self._lock:
            return _QUERY.sub(b"", bytes(self.received))

    def wait_for_bytes(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until at least `count` bytes arrived (the link is asynchronous)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return True
            time.sleep(0.01)
        return False

    def waiting(self) -> int:
        """Bytes sent to the printer that sit on its side of the link, not yet taken (FIONREAD)."""
        fd = self._master if self._client is None else self._client.fileno()
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0]

    # -- transports ------------------------------------------------------------------------------
    def start_pty(self) -> str:
        """Serve on a pseudo-terminal; returns the device path for pyserial."""
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo: answers must not come back to us as printed data
        self._master = master
        self._closers += [lambda: os.close(master), lambda: os.close(slave)]  # slave kept open: no EIO
        self._spawn(self._serve_pty, master)
        return os.ttyname(slave)

    def _serve_pty(self, master: int) -> None:
        while not self._stop.is_set():
            if self.stalled:
                time.sleep(0.02)
            elif select.select([master], [], [], 0.02)[0]:
                try:
                    reply = self.feed(os.read(master, 4096))
                except OSError:
                    return
                if reply:
                    os.write(master, reply)

    def start_tcp(self, receive_buffer: int | None = None) -> tuple[str, int]:
        """Serve raw TCP on a loopback port, one connection at a time; returns (host, port).

        receive_buffer sets SO_RCVBUF, for a printer with a few kB of input buffer rather than the
        loopback's megabytes.
        """
        server = socket.socket()
        if receive_buffer is not None:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)  # inherited by accept
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.05)
        self._server = server
        self.connections = 0
        self._closers.append(server.close)
        self._spawn(self._serve_tcp, server)
        return server.getsockname()[:2]

    def _serve_tcp(self, server: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                client, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            self._client, self.connections = client, self.connections + 1
            client.settimeout(0.05)
            while not self._stop.is_set():
                if self.stalled:
                    time.sleep(0.02)
                    continue
                try:
                    data = client.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    break
                reply = self.feed(data)
                if reply:
                    client.sendall(reply)
            self._client = None
            client.close()

    def drop_connection(self, timeout: float = 5.0) -> None:
        """Close the current TCP connection, as a network printer does after an idle time."""
        deadline = time.monotonic() + timeout
        while self._client is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the accept runs on the fake's thread: wait for it
        if self._client is None:
            raise AssertionError("no client connected to the fake printer")
        self._client.shutdown(socket.SHUT_RDWR)

    def _spawn(self, target, arg) -> None:
        thread = threading.Thread(target=target, args=(arg,), daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Stop serving and release the pty or socket."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        for close in self._closers:
            try:
                close()
            except OSError:
                pass
