"""A printer: a connection plus layout, with a status check before and after every ticket."""
from __future__ import annotations

import re
import threading
from pathlib import Path

from PIL import Image

from .blocks import paper
from .connections import Connection
from .dummy import DummyConnection
from .errors import PrinterFault
from .layout import encode
from .compose import slip_blocks, ticket_blocks
from .model import Capabilities, DiversionSlip, PrinterStatus, TicketPrint
from .status import raise_for_status, read_status

DEFAULT_TIMEOUT = 0.5  # seconds for each status answer: a printer answers in milliseconds


class Printer:
    """Prints tickets and slips on one connection; raises a PrinterFault instead of losing one."""

    def __init__(self, connection: Connection, *, width_mm: int = 80,
                 capabilities: Capabilities = Capabilities(), timeout: float = DEFAULT_TIMEOUT) -> None:
        self.connection = connection
        self.paper = paper(width_mm)
        self.capabilities = capabilities
        self.timeout = timeout
        self.last_status: PrinterStatus | None = None  # kiosk and host can warn on "near_end"
        self._lock = threading.Lock()  # status polls and prints may come from different threads

    @property
    def width_mm(self) -> int:
        """The roll width this printer lays out for."""
        return self.paper.width_mm

    def status(self) -> PrinterStatus:
        """Read the printer's real-time status; PrinterTimeout if it does not answer."""
        with self._lock:
            return self._status()

    def _status(self) -> PrinterStatus:
        if not self.connection.can_read:
            self.last_status = PrinterStatus(online=True, paper="unknown", cover_open=False)
        else:
            try:
                self.last_status = read_status(self.connection, self.timeout)
            except OSError as e:
                raise PrinterFault(str(e)) from e
        return self.last_status

    def print_ticket(self, t: TicketPrint) -> None:
        """Print a queue ticket; returns only once the printer has taken every byte."""
        self._print(encode(ticket_blocks(t, self.paper), self.paper, self.capabilities))

    def print_slip(self, s: DiversionSlip) -> None:
        """Print a diversion slip; returns only once the printer has taken every byte."""
        self._print(encode(slip_blocks(s, self.paper), self.paper, self.capabilities))

    def print_remittance(self, s) -> None:
        """Print a pre-filled remittance slip (a printer.remittance.RemittanceSlip)."""
        from .remittance import remittance_blocks
        self._print(encode(remittance_blocks(s, self.paper), self.paper, self.capabilities))

    def _print(self, data: bytes) -> None:
        with self._lock:
            raise_for_status(self._status())
            try:
                self.connection._raw(data)
                self.connection.flush()
            except OSError as e:
                raise PrinterFault(str(e)) from e
            # Asked after the ticket, the status answer also proves the printer received all of it
            # (answers come back in order); a printer that went away meanwhile raises here.
            if self.connection.can_read:
                raise_for_status(self._status())

    def close(self) -> None:
        """Release the connection."""
        self.connection.close()

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DummyPrinter(Printer):
    """Records bytes in memory (`output`); its status answers can be set to any fault."""

    connection: DummyConnection

    @property
    def output(self) -> bytes:
        """Every byte printed so far, without status queries."""
        return self.connection.output


class PreviewPrinter(Printer):
    """Renders each ticket to a PNG instead of printing; its status is always ok."""

    def __init__(self, target: str, *, width_mm: int = 80, capabilities: Capabilities = Capabilities(),
                 fonts_dir: Path | None = None) -> None:
        super().__init__(Connection(), width_mm=width_mm, capabilities=capabilities)
        self.target = Path(target)
        self.fonts_dir = fonts_dir
        self.last_path: Path | None = None
        self.last_image: Image.Image | None = None
        self._counter = self._last_counter() if self._is_dir else 0

    @property
    def _is_dir(self) -> bool:
        return self.target.suffix.lower() != ".png"

    def _last_counter(self) -> int:
        """Continue numbering after earlier runs, so no preview is overwritten."""
        found = [int(m.group(1)) for p in self.target.glob("*.png") if (m := re.match(r"(\d+)-", p.name))]
        return max(found, default=0)

    def status(self) -> PrinterStatus:
        """Always ok: there is no paper to run out of."""
        self.last_status = PrinterStatus(online=True, paper="ok", cover_open=False)
        return self.last_status

    def print_ticket(self, t: TicketPrint) -> None:
        """Write the ticket as a PNG (one file per ticket when the target is a directory)."""
        self._save(ticket_blocks(t, self.paper), t.number)

    def print_slip(self, s: DiversionSlip) -> None:
        """Write the slip as a PNG (one file per slip when the target is a directory)."""
        self._save(slip_blocks(s, self.paper), "slip")

    def print_remittance(self, s) -> None:
        """Write the pre-filled remittance slip as a PNG."""
        from .remittance import remittance_blocks
        self._save(remittance_blocks(s, self.paper), f"remit-{s.number}")

    def _save(self, blocks: list, name: str) -> None:
        from .preview import FONTS_DIR, on_paper, render_blocks

        self.status()
        image = on_paper(render_blocks(blocks, self.paper, self.fonts_dir or FONTS_DIR), self.paper)
        with self._lock:
            if self._is_dir:
                self.target.mkdir(parents=True, exist_ok=True)
                self._counter += 1
                safe = re.sub(r"[^0-9A-Za-z_-]", "_", name)
                path = self.target / f"{self._counter:04d}-{safe}.png"
            else:
                self.target.parent.mkdir(parents=True, exist_ok=True)
                path = self.target
            try:
                image.save(path)
            except OSError as e:
                raise PrinterFault(f"cannot write preview {path}: {e}") from e
            self.last_path, self.last_image = path, image
