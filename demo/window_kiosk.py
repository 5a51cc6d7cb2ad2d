"""The kiosk window as the demo's visitors' kiosk: each visitor is sent to it and presses its real buttons.

The kiosk runs `fenliu kiosk --demo-visitors`: it reads one visitor per line on stdin, taps through
the visit where everyone can see it, and prints the host's answer as one marked line on stdout.
"""
from __future__ import annotations

import dataclasses
import json
import queue
import subprocess
import sys
import threading

from demo.script import Visitor

ANSWER_MARK = "FENLIU-KIOSK-ANSWER "  # as kiosk/screens/autopilot.py writes it


class WindowKiosk:
    """Sends visitors to a running kiosk window and waits for each visit's answer."""

    def __init__(self, proc: subprocess.Popen, threshold_cny: int | None = None, timeout_s: float = 60.0):
        self.proc, self.threshold, self.timeout_s = proc, threshold_cny, timeout_s
        self._answers: queue.Queue = queue.Queue()
        self.served = 0  # visitors who tapped through to an answer of the host
        self._reader = threading.Thread(target=self._read, name="demo-kiosk-answers", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith(ANSWER_MARK):
                self._answers.put(json.loads(line[len(ANSWER_MARK):]))
            else:
                sys.stdout.write(line)  # anything else the kiosk says goes to the console as before
        self._answers.put(EOFError)

    def visit(self, v: Visitor) -> dict | None:
        """One visitor at the kiosk window; the host's last answer (None if the visit got none)."""
        fields = dataclasses.asdict(v)
        fields["band"] = "over" if (v.amount or 0) >= self.threshold else "under"
        while not self._answers.empty():  # a late answer of a visitor given up on must not pass for this one
            if self._answers.get_nowait() is EOFError:
                return None
        try:
            self.proc.stdin.write(json.dumps(fields, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
            answer = self._answers.get(timeout=self.timeout_s)
        except (OSError, ValueError, queue.Empty):
            return None  # the window was closed, or the visitor got stuck: the demo goes on
        if answer is EOFError or answer is None:
            return None
        self.served += 1
        return answer

    def close(self, wait_s: float = 0.0) -> None:
        """No more visitors; with `wait_s`, wait that long for the kiosk to end and release its pipes."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        if wait_s:
            self.proc.wait(timeout=wait_s)
            self._reader.join(wait_s)
            self.proc.stdout.close()
