"""Checks both the host and the apps make on what a customer types (no I/O, no imports)."""
from __future__ import annotations


def luhn_ok(digits: str) -> bool:
    """The account's check digit (Luhn, as on Chinese bank cards) is right."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0
