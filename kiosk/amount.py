"""The amount screen's arithmetic: preset amounts from the branch's thresholds, the keypad, the check.

Nothing here is a literal amount: the presets are fractions and multiples of the branch file's cash
threshold (the machine's limit) and high-value amount (an ID is needed), so another branch's limits
give its own buttons.
"""
from __future__ import annotations

DIGIT_KEYS = tuple(f"k{d}" for d in "1234567890")
CLEAR, DELETE = "clear", "delete"
# The keypad as it stands on screen, row by row: the keys never change place.
KEYPAD = ("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", CLEAR, "k0", DELETE)


def presets(threshold: int, high_value: int, most: int) -> tuple[int, ...]:
    """The amounts a customer taps: a quarter and half of the threshold, the threshold, the
    high-value amount and twice it (20,000 / 50,000: 5,000 10,000 20,000 50,000 100,000)."""
    amounts = {threshold // 4, threshold // 2, threshold, high_value, 2 * high_value}
    return tuple(sorted(a for a in amounts if 0 < a <= most))


def press(typed: str, key: str, most: int) -> str:
    """The typed digits after one key: a digit is added (never a leading zero, never more digits
    than the largest amount has), delete takes the last away, clear empties."""
    if key == CLEAR:
        return ""
    if key == DELETE:
        return typed[:-1]
    if key not in DIGIT_KEYS:
        return typed
    digit = key[1]
    if (not typed and digit == "0") or len(typed) >= len(str(most)):
        return typed
    return typed + digit


def problem(typed: str, most: int) -> str | None:
    """Why the typed amount cannot be sent (a catalog key), or None when it can."""
    if not typed or int(typed) == 0:
        return "amount_empty"
    if int(typed) > most:
        return "amount_too_big"
    return None


def grouped(amount: int) -> str:
    """12345 -> 12,345 (how a bank writes an amount)."""
    return f"{amount:,}"
