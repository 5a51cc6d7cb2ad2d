"""The demo hands each visitor to the kiosk window's process and takes back the host's answer, line by line."""
from __future__ import annotations

import subprocess
import sys

from demo.window_kiosk import ANSWER_MARK, WindowKiosk
from tests.hostproc import ROOT
from tests.test_demo_kiosk import visitor

# A stand-in for the kiosk window's process that speaks its protocol (the window itself needs a display;
# tests/test_demo_windows.py runs the real one).
KIOSK = f"""
import json, sys
print("a line of the kiosk's own", flush=True)
for line in sys.stdin:
    v = json.loads(line)
    if v["n"] == 99:
        break
    print({ANSWER_MARK!r} + json.dumps({{"visitor": v["n"], "band": v["band"]}}), flush=True)
"""


def start() -> WindowKiosk:
    proc = subprocess.Popen([sys.executable, "-c", KIOSK], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return WindowKiosk(proc, threshold_cny=20000, timeout_s=30)


def test_each_visitor_gets_their_own_answer_with_the_amount_band_the_kiosk_taps():
    kiosk = start()
    try:
        assert kiosk.visit(visitor("cash", n=1, amount=30000)) == {"visitor": 1, "band": "over"}
        assert kiosk.visit(visitor("cash", n=2, amount=3000)) == {"visitor": 2, "band": "under"}
        assert kiosk.served == 2
    finally:
        kiosk.close(wait_s=10)


def test_a_kiosk_window_that_has_gone_gives_no_answer_and_the_demo_goes_on():
    kiosk = start()
    try:
        assert kiosk.visit(visitor("cash", n=99)) is None  # the window closes instead of answering
        kiosk.proc.wait(timeout=10)
        assert kiosk.visit(visitor("cash", n=3)) is None and kiosk.served == 0
    finally:
        kiosk.close(wait_s=10)


def test_both_sides_mark_answers_the_same_way():
    # Read, not imported: the window side imports Kivy, which must stay out of the test process.
    window_side = (ROOT / "kiosk" / "screens" / "autopilot.py").read_text(encoding="utf-8")
    assert f"ANSWER_MARK = {ANSWER_MARK!r}".replace("'", '"') in window_side
