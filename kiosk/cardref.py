"""Customer references (card or ID numbers): clean them, mask them, and catch keyboard-wedge swipes."""
from __future__ import annotations

import re

_REF = re.compile(r"^\d{8,19}$|^\d{17}[\dX]$")


def normalize(raw: str) -> str | None:
    """The reference in `raw` (digits, an ID's final X) or None if it is not one."""
    text = re.sub(r"[\s-]", "", raw or "").upper()
    # Magnetic-stripe track 2 looks like ;6222000000000001=2512...? : keep the card number.
    match = re.match(r"^;?(\d{8,19})[=^]", text)
    if match:
        text = match.group(1)
    text = text.strip(";?%")
    return text if _REF.match(text) else None


def mask(ref: str) -> str:
    """Show only the first four and last four characters: 6222 **** 0001."""
    if len(ref) >= 10:
        return f"{ref[:4]} **** {ref[-4:]}"
    return "**** " + ref[-2:]


class WedgeBuffer:
    """Collects the keystrokes a keyboard-wedge reader types (digits then Enter) into one reference."""

    def __init__(self, max_gap_s: float = 0.5):
        self.max_gap_s = max_gap_s  # a reader types a whole number in well under this per key
        self._chars: list[str] = []
        self._last = 0.0

    def key(self, char: str, now: float) -> None:
        """Take one typed character; a long pause starts a new number."""
        if now - self._last > self.max_gap_s:
            self._chars.clear()
        self._last = now
        if char.isdigit() or char.upper() == "X" or char in ";=?":
            self._chars.append(char)

    def enter(self, now: float) -> str | None:
        """Enter ends a swipe: the reference, or None if what came was not one."""
        text = "".join(self._chars) if now - self._last <= self.max_gap_s else ""
        self._chars.clear()
        return normalize(text)
