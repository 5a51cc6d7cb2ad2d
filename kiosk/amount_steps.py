"""The amount screen's taps (a preset, the keypad, 确定), as a part of KioskFlow."""
from __future__ import annotations

from kiosk import amount


class AmountSteps:
    """Methods KioskFlow takes in: the customer says how much, by a preset or on the keypad."""

    def choose_amount(self, code: str) -> None:
        """A preset amount tile (its amount, as text), or "under" / "over" the cash threshold (scripted visitors)."""
        if self.busy or self.session.purpose is None or self.config is None:
            return
        s = self.session
        if code in ("under", "over"):
            s.amount_band, s.amount_cny = code, None
        else:
            s.amount_band, s.amount_cny = None, int(code)
        self._visit()

    def amount_key(self, key: str) -> None:
        """A key of the amount keypad: a digit ("k0".."k9"), "clear" or "delete"."""
        if self.busy or self.config is None:
            return
        s = self.session
        s.amount_typed = amount.press(s.amount_typed, key, self.config.max_amount_cny)
        s.amount_error = None
        self._changed()

    def confirm_amount(self) -> None:
        """确定: send the typed amount, or say what is wrong with it."""
        if self.busy or self.session.purpose is None or self.config is None:
            return
        s = self.session
        s.amount_error = amount.problem(s.amount_typed, self.config.max_amount_cny)
        if s.amount_error is not None:
            self._changed()
            return
        s.amount_band, s.amount_cny = None, int(s.amount_typed)
        self._visit()
