"""One customer at the kiosk: every answer and result, forgotten whole when they leave."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk import branch


@dataclass
class Session:
    """One customer's answers and what they were given; replaced whole on every reset."""

    lang: str = "zh"
    elderly: bool = False
    voice: bool = False
    page: int = 0
    purpose: branch.Purpose | None = None
    amount_band: str | None = None
    amount_cny: int | None = None  # the amount the customer chose or typed (sent to the host)
    amount_typed: str = ""  # digits on the amount keypad so far
    amount_error: str | None = None  # kiosk.amount.problem's key after a refused confirm
    customer_ref: str | None = None
    visit: dict | None = None
    target: branch.Target | None = None
    print_state: str = ""  # "", "printing", "printed", "fault"
    fault: tuple[str, str] | None = None
    slip_state: str = ""  # "", "printing", "printed", "fault"
    error: tuple[str, str] | None = None
    pending: dict | None = None  # a visit waiting for the host to come back
    extra: dict[str, Any] = field(default_factory=dict)
