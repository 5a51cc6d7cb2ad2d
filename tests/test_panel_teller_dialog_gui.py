"""The teller's side in a real offscreen window against a real host: a wrong PIN in red; no note, no transfer.

The scenario runs in its own process (tests/gui_harness.py); the host runs in the test process.
"""
from __future__ import annotations

import pytest

from queue_host.client import HostClient
from tests.gui_harness import run_scenario
from tests.test_panel_gui import _app, _big, _key, _pin, _popup_gone, shots_dir

pytestmark = pytest.mark.gui


# ---------------------------------------------------------------- child side (a window exists)
def scenario_transfer_needs_a_note(driver, url: str, shots: str, tmp: str):
    """A teller calls B001, opens Transfer, presses OK with no note, then writes one and presses OK."""
    from kivy.uix.modalview import ModalView
    app = driver.start(_app(url, tmp))
    driver.wait_until(lambda: any(getattr(w, "zh", None) == "1号窗口 李娜" for w in driver.walk()), what="staff list")
    driver.tap(_big(driver, "1号窗口 李娜"))
    for digit in "1234":  # a wrong PIN first: the pad says so in red
        driver.tap(_big(driver, digit))
    driver.tap(_big(driver, "登录"))
    signin = app.root.get_screen("signin")
    driver.wait_until(lambda: app.busy == 0 and app.status, what="the wrong PIN refused")
    driver.frames(2)
    wrong = {"text": signin.ids.status.text, "color": list(signin.ids.status.color)}
    _pin(driver, "1111")
    driver.wait_until(lambda: app.root.current == "counter" and app.counter.view.name_zh, what="counter mode")
    screen = app.root.current_screen
    _key(driver, "f1")
    driver.wait_until(lambda: screen.number == "B001" and app.busy == 0, what="B001 called")
    called_status = app.status
    driver.tap(_big(driver, "转移"))
    popup = driver.wait_until(lambda: next((w for w in driver.window.children if isinstance(w, ModalView)), None),
                              what="the transfer dialog")
    driver.tap(driver.find(text="理财顾问 / Wealth adviser"))
    driver.tap(_big(driver, "确定"))  # no note yet
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-counter-transfer-hint.png")
    hint = popup.ids.problem
    seen = {"wrong_pin": wrong, "title": [popup.title_zh, popup.title_en],
            "after_empty_ok": {"open": popup in driver.window.children, "hint": hint.text,
                               "hint_shown": hint.opacity == 1 and hint.height > 0, "hint_red": list(hint.color),
                               "status_unchanged": app.status == called_status, "busy": app.busy,
                               "number": screen.number}}
    note = driver.find(id="reason")
    note.focus = True
    driver.type_text("想了解大额存单")
    seen["hint_after_typing"] = hint.text
    driver.tap(_big(driver, "确定"))
    driver.wait_until(lambda: screen.number == "—" and "理财顾问" in app.status, what="transferred")
    _popup_gone(driver)
    seen["status"] = app.status
    _key(driver, "escape")
    driver.wait_until(lambda: app.root.current == "signin", what="signed out")
    driver.frames(2)
    seen["signed_out"] = {"text": signin.ids.status.text, "color": list(signin.ids.status.color)}
    return seen


# ---------------------------------------------------------------- test side
def _red(rgba: list[float]) -> bool:
    """Is this colour the panel's warning red (not its dark ink)?"""
    red, green, blue = rgba[:3]
    return red > 0.5 and green < 0.4 and blue < 0.4


def test_a_wrong_pin_shows_in_red_and_the_transfer_dialog_stays_open_with_a_red_hint_until_the_need_is_written(
        host, tmp_path):
    HostClient(host.url, host.tokens["kiosk"]).visit("deposit_certificate")
    out = run_scenario(__file__, "scenario_transfer_needs_a_note", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots_dir(tmp_path), "tmp": str(tmp_path)})
    assert out["wrong_pin"]["text"].startswith("密码错误") and _red(out["wrong_pin"]["color"])
    assert out["signed_out"]["text"] == "已退出 / signed out" and not _red(out["signed_out"]["color"])
    assert out["title"] == ["转移到", "Transfer to"]
    empty = out["after_empty_ok"]
    assert empty["open"] and empty["hint_shown"] and empty["number"] == "B001"
    assert empty["hint"] == "请简要写明客户需求（至少两个字） / Write the customer's need in a few words"
    assert _red(empty["hint_red"])
    assert empty["status_unchanged"] and empty["busy"] == 0  # nothing was sent to the host
    assert out["hint_after_typing"] == ""
    assert "B001" in out["status"] and "理财顾问" in out["status"] and "Wealth adviser" in out["status"]
    q = HostClient(host.url, host.tokens["manager"]).queues()
    wealth = next(s for s in q["services"] if s["code"] == "wealth")
    assert wealth["tickets"][0]["number"] == "B001" and wealth["tickets"][0]["note"] == "想了解大额存单"
