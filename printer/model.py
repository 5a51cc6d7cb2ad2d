"""What gets printed and what the printer says: plain frozen dataclasses, no I/O."""
from __future__ import annotations

from dataclasses import dataclass

PAPER_STATES = ("ok", "near_end", "out", "unknown")


@dataclass(frozen=True)
class TicketPrint:
    """One queue ticket, with every printed word and value passed in (nothing reads the clock)."""

    branch_name: str
    number: str
    service_zh: str
    service_en: str
    people_ahead: int
    wait_minutes: int
    form_template_no: str | None
    form_name_zh: str | None
    form_desk_zh: str | None
    documents_zh: tuple[str, ...]
    issued_at: str
    no_show_rule_zh: str
    no_show_rule_en: str
    status_url: str
    tip_zh: str | None = None
    tip_en: str | None = None
    tier_zh: str | None = None
    branch_name_en: str = ""
    form_name_en: str | None = None
    form_desk_en: str | None = None
    documents_en: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiversionSlip:
    """A slip for a customer sent to self-service: where the machine is and what to do there."""

    branch_name: str
    purpose_zh: str
    purpose_en: str
    target_zh: str
    target_en: str
    location_zh: str
    location_en: str
    steps_zh: tuple[str, ...]
    steps_en: tuple[str, ...]
    issued_at: str
    qr_url: str | None = None
    branch_name_en: str = ""


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer reported; paper is "unknown" only for backends that cannot read (file:)."""

    online: bool
    paper: str
    cover_open: bool
    error: str | None = None  # from DLE EOT 3 when offline: "cutter", "unrecoverable", "auto_recoverable"

    def __post_init__(self) -> None:
        if self.paper not in PAPER_STATES:
            raise ValueError(f"paper must be one of {PAPER_STATES}, not {self.paper!r}")

    @property
    def ok(self) -> bool:
        """True when nothing stops a ticket from printing (paper near end still prints)."""
        return self.online and not self.cover_open and self.paper != "out"


@dataclass(frozen=True)
class Capabilities:
    """What a printer model can do natively; the fallback for each is a raster image."""

    qr: str = "native"  # "native": GS ( k; "raster": the QR as a GS v 0 bit image
    text: str = "native"  # "native": GB18030 in FS & mode; "raster": the whole ticket as an image

    def __post_init__(self) -> None:
        for name in ("qr", "text"):
            if getattr(self, name) not in ("native", "raster"):
                raise ValueError(f"capability {name} must be 'native' or 'raster', not {getattr(self, name)!r}")
