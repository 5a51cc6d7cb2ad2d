"""A scripted visitor at the kiosk (for `fenliu demo`): which button they press next, screen by screen.

The demo's visitors press the real buttons of the kiosk window, so whoever watches sees every step.
This module only decides; kiosk/screens/autopilot.py presses, one step at a time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LEAVE = {"ticket": "done", "guide": "done", "notice": "home", "diversion": "home"}  # the way out of each end screen
MAX_STEPS = 25  # a visitor who has not got anywhere by then walks away (a script out of step with the kiosk)
LINGER_STEPS = 3  # steps a visitor looks at the ticket or guide before leaving: whoever watches sees it too


@dataclass(frozen=True)
class Step:
    """One thing a visitor does: press a button (by kv id), a tile (by code), swipe a card, or hand over the answer."""

    kind: str  # "button", "tile", "key" (the amount keypad), "card", "reset" (walk away), "answer", "wait", "leave-done"
    target: str = ""


class ScriptedVisitor:
    """One visitor of the demo script: lang, elderly, card, purpose, amount (or band "over"/"under"), insist,
    decline_reason."""

    def __init__(self, visitor: dict[str, Any]):
        self.v = visitor
        self.first: dict | None = None  # the diversion answer before the visitor insisted on the counter
        self.answer: dict | None = None
        self.answered = self.left = self.started = False
        self.steps = 0
        self.linger = LINGER_STEPS

    @property
    def finished(self) -> bool:
        """Has the visitor handed over the answer and left the kiosk?"""
        return self.answered and self.left

    def next_step(self, flow: Any) -> Step | None:
        """The next step against the kiosk flow as it is now; None while the kiosk is busy."""
        if flow.busy or flow.config is None:
            return None
        self.steps += 1
        screen, s, v = flow.screen, flow.session, self.v
        if self.answered and self.linger > 0:
            self.linger -= 1
            return Step("wait")
        if self.answered:
            self.left = True
            return Step("button", LEAVE[screen]) if screen in LEAVE else Step("leave-done")
        if self.steps > MAX_STEPS:
            self.answered = True
            return Step("answer")
        if not self.started:  # whatever the last visitor left on screen, this one starts at welcome
            if screen != "welcome":
                return Step("button", LEAVE[screen]) if screen in LEAVE else Step("reset")
            self.started = True
        if screen == "welcome":
            return self._welcome(flow, s)
        if screen == "amount":
            return self._amount(flow)
        if screen == "diversion" and v.get("insist") and self.first is None:
            self.first = s.visit
            return Step("button", "insist")
        if screen == "decline":
            return Step("tile", v.get("decline_reason") or "other")
        return self._done(s)

    def _welcome(self, flow: Any, s: Any) -> Step:
        v = self.v
        if s.purpose is not None:  # a visit went out and came back to welcome (the host refused it)
            return self._done(s)
        if v.get("lang", "zh") != s.lang:
            return Step("button", "lang")
        if bool(v.get("elderly")) != s.elderly:
            return Step("button", "elderly")
        if v.get("card") and s.customer_ref != v["card"]:
            return Step("card", v["card"])
        view = flow.view()
        if any(t.code == v["purpose"] for t in view.tiles):
            return Step("tile", v["purpose"])
        return Step("button", "next_page" if view.page < view.pages - 1 else "prev_page")

    def _amount(self, flow: Any) -> Step:
        """The visitor's amount: its preset tile, else typed key by key and confirmed (a band alone:
        the threshold or the smallest preset)."""
        view = flow.view()
        presets = [t.code for t in view.tiles]
        wanted = self.v.get("amount")
        if not wanted:
            wanted = flow.config.cash_threshold_cny if self.v.get("band") == "over" else int(presets[0])
        wanted = str(int(wanted))
        if wanted in presets:
            return Step("tile", wanted)
        typed = flow.session.amount_typed
        if typed == wanted:
            return Step("button", "amount_ok")
        if not wanted.startswith(typed):
            return Step("key", "clear")
        return Step("key", "k" + wanted[len(typed)])

    def _done(self, s: Any) -> Step:
        self.answered = True
        if s.visit is not None:
            self.answer = {**s.visit, "first": self.first} if self.first else dict(s.visit)
        return Step("answer")
