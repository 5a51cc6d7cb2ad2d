"""Presses the kiosk's real buttons for the demo's scripted visitors, one visible step at a time.

Visitors arrive as JSON lines on stdin (from `fenliu demo`); each step is a real touch on the button
or tile (it shows pressed, then fires on release); the host's answer for the visit goes back as one
line `FENLIU-KIOSK-ANSWER {json}` on stdout.
"""
from __future__ import annotations

import json
import sys
import threading
from typing import Any, TextIO

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.input.motionevent import MotionEvent

from kiosk.autopilot import ScriptedVisitor, Step

ANSWER_MARK = "FENLIU-KIOSK-ANSWER "


class _Finger(MotionEvent):
    def depack(self, args):
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)


class Autopilot:
    """Takes visitors from `source`, taps for them every `pace_s` seconds, writes answers to `sink`."""

    def __init__(self, app: Any, source: TextIO = sys.stdin, sink: TextIO = sys.stdout, pace_s: float = 0.6):
        self.app, self.source, self.sink, self.pace_s = app, source, sink, pace_s
        self.waiting: list[dict] = []
        self.current: ScriptedVisitor | None = None

    def start(self) -> None:
        """Listen for visitors and start stepping."""
        threading.Thread(target=self._read, name="kiosk-autopilot", daemon=True).start()
        Clock.schedule_interval(lambda _dt: self.step(), self.pace_s)

    def _read(self) -> None:
        for line in self.source:
            if line.strip():
                visitor = json.loads(line)
                Clock.schedule_once(lambda _dt, v=visitor: self.waiting.append(v), 0)

    def step(self) -> None:
        """Do the current visitor's next step (on the UI thread)."""
        if self.current is None:
            if not self.waiting:
                return
            self.current = ScriptedVisitor(self.waiting.pop(0))
        step = self.current.next_step(self.app.flow)
        if step is not None:
            self._do(step)
        if self.current.finished:
            self.current = None

    def _do(self, step: Step) -> None:
        flow = self.app.flow
        if step.kind == "card":
            flow.card_read(step.target)  # a swipe, as the card reader hands it over
        elif step.kind == "reset":
            flow.reset()
        elif step.kind == "answer":
            self.sink.write(ANSWER_MARK + json.dumps(self.current.answer, ensure_ascii=False) + "\n")
            self.sink.flush()
        elif step.kind in ("button", "tile", "key"):
            widget = self._find(step)
            if widget is None:
                flow.reset()  # the button is not there: the visitor gives up rather than stall the demo
            else:
                self._tap(widget)

    def _find(self, step: Step):
        screen = self.app.screens.current_screen
        if step.kind == "button":
            widget = screen.ids.get(step.target)
            return widget if widget is not None and not widget.disabled else None
        stack = [screen]
        while stack:
            widget = stack.pop()
            if type(widget).__name__ == "Tile" and widget.code == step.target and not widget.disabled:
                return widget
            stack.extend(widget.children)
        return None

    def _tap(self, widget) -> None:
        # Down now, up a moment later: the viewer sees the button pressed, and it fires on release.
        x, y = widget.to_window(*widget.center)
        win = EventLoop.window
        finger = _Finger("autopilot", id(widget), {"x": x / max(1.0, win.width - 1.0),
                                                   "y": y / max(1.0, win.height - 1.0)},
                         is_touch=True, type_id="touch")
        finger.profile = ["pos"]
        EventLoop.post_dispatch_input("begin", finger)
        Clock.schedule_once(lambda _dt: EventLoop.post_dispatch_input("end", finger), self.pace_s / 3)
