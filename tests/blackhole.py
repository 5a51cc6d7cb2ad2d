"""A host behind a pulled cable, on loopback: a port whose listen queue is full, so a connect is never
answered (the kernel drops the SYN) - as with a LAN cable pulled, and unlike a stopped host, which
refuses at once."""
from __future__ import annotations

import socket


class Blackhole:
    """Listens with a zero backlog and fills it, never accepting; `url` is where nothing answers."""

    def __init__(self) -> None:
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(0)
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._fillers = []
        for _ in range(3):  # more than the backlog holds: later connects stay unanswered
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", self.port))
            except BlockingIOError:
                pass
            self._fillers.append(filler)

    def close(self) -> None:
        """Let the port go."""
        for s in (*self._fillers, self._server):
            s.close()
