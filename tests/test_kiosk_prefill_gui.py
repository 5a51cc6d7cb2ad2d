"""The remittance pre-fill in a real offscreen kiosk window against a real host: the pinyin keyboard,
the account keypad, the bank list, the printed slip, and the teller's copy."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.gui_harness import run_scenario

pytestmark = pytest.mark.gui
CARD = "6222000000000009"  # a card the demo branch does not know: an ordinary customer
ACCOUNT = "6222020200112345679"


def scenario_prefill(driver, tmp, shots):
    import requests

    from tests.test_kiosk_gui import _start
    k = _start(driver, tmp, shots)
    app = k.app
    driver.type_text(CARD, enter=True)
    k.tap_tile("transfer")
    k.wait_screen("amount")
    k.tap_tile("20000")
    k.wait_screen("ticket")
    k.wait(lambda: app.prefill_offer, "the pre-fill offer")
    offer = driver.find(id="prefill")
    out = {"offer": offer.text, "offer_visible": offer.opacity == 1 and not offer.disabled}
    k.tap("prefill")
    k.wait(lambda: k.app.screens.current == "prefill" and app.prefill.config, "the pre-fill screen")

    def key(text):
        driver.tap(driver.find(text=text))

    for letter in "zhang":
        key(letter)
    k.wait(lambda: driver.find_all(text="张"), "张 offered")
    out["zhang"] = [c for c in app.prefill.view().candidates][:6]
    driver.screenshot(Path(shots) / "kiosk-prefill-pinyin.png")
    key("张")
    for letter in "wei":
        key(letter)
    for _ in range(4):
        if driver.find_all(text="伟"):
            break
        key("更多")
    key("伟")
    out["name"] = app.prefill.name
    k.tap("next")
    k.wait(lambda: app.prefill.step == "account", "the account keypad")
    for d in ACCOUNT[:-1] + "8":  # a typo in the last digit
        key(d)
    k.tap("next")
    driver.frames(2)
    out["typo"] = driver.find(id="error").text
    driver.screenshot(Path(shots) / "kiosk-prefill-account.png")
    key("删除")
    key("9")
    k.tap("next")
    k.wait(lambda: app.prefill.step == "bank", "the bank list")
    key("中国建设银行")
    k.wait(lambda: app.prefill.step == "review", "the review")
    out["review"] = driver.find(id="review").text
    driver.screenshot(Path(shots) / "kiosk-prefill-review.png")
    k.tap("next")
    k.wait(lambda: app.prefill.step == "done", "printed")
    out["printed"] = k.printer.output.decode("gb18030", "replace")
    called = requests.post(k.host.url + "/api/counters/1/call-next", headers=k.host.headers("counter-1")).json()
    out["teller_sees"] = requests.get(f"{k.host.url}/api/tickets/{called['ticket']['id']}/prefill",
                                      headers=k.host.headers("counter-1")).json()
    k.tap("next")  # 完成: back to the ticket
    k.wait(lambda: k.app.screens.current == "ticket", "back to the ticket")
    k.close()
    return out


def test_the_pinyin_keyboard_fills_the_payee_the_keypad_checks_the_account_and_the_slip_prints(tmp_path):
    shots = os.environ.get("FENLIU_SCREENS_DIR") or str(tmp_path / "screens")  # scripts/screens.sh: docs/screens
    out = run_scenario(__file__, "scenario_prefill", tmp_path=tmp_path, kwargs={"tmp": str(tmp_path), "shots": shots},
                       timeout=120)
    assert out["offer_visible"] and "填写汇款信息" in out["offer"]
    assert out["zhang"][0] == "张" and "章" in out["zhang"]
    assert out["name"] == "张伟"
    assert "校验位" in out["typo"]
    assert "张伟" in out["review"] and "6222 0202 0011 2345 679" in out["review"] and "**** **** **** 0009" in out["review"]
    assert "张伟" in out["printed"] and "★待填" in out["printed"] and CARD not in out["printed"]
    assert out["teller_sees"]["payee_name"] == "张伟" and out["teller_sees"]["bank"] == "中国建设银行"
