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

    def key(code):  # a key by what it sends (its face may be two lines, Chinese and English)
        driver.tap(next(w for w in driver.walk() if getattr(w, "key", None) == code))

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
        key("more")
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
    key("⌫")
    key("9")
    k.tap("next")
    k.wait(lambda: app.prefill.step == "bank", "the bank list")
    key("中国建设银行")
    k.wait(lambda: app.prefill.step == "review", "the review")
    out["review"] = driver.find(id="review").text
    driver.screenshot(Path(shots) / "kiosk-prefill-review.png")
    k.tap("next")
    k.wait(lambda: app.prefill.step == "done" and app.prefill.state == "printed", "printed")
    driver.frames(3)
    from layout_check import _visible
    out["said_printed"] = sum(1 for w in driver.walk() if "已打印" in str(getattr(w, "text", "")) and _visible(w))
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
    assert out["said_printed"] == 1  # the done screen says it once
    assert "张伟" in out["review"] and "6222 0202 0011 2345 679" in out["review"] and "**** **** **** 0009" in out["review"]
    assert "张伟" in out["printed"] and "★待填" in out["printed"] and CARD not in out["printed"]
    assert out["teller_sees"]["payee_name"] == "张伟" and out["teller_sees"]["bank"] == "中国建设银行"


def scenario_keys_stay(driver, tmp, shots, elderly, size):
    """Type a whole name and a wrong account; after every key, every key on screen is where it was."""
    from layout_check import button_places, layout_problems, moved
    from tests.test_kiosk_gui import _start
    k = _start(driver, tmp, shots)
    app = k.app
    if elderly:
        k.tap("elderly")
        k.wait(lambda: k.view.elderly, "elderly mode")
    driver.type_text(CARD, enter=True)
    k.tap_tile("transfer")
    k.wait_screen("amount")
    k.tap_tile("20000")
    k.wait_screen("ticket")
    k.wait(lambda: app.prefill_offer, "the pre-fill offer")
    k.tap("prefill")
    k.wait(lambda: app.screens.current == "prefill" and app.prefill.config, "the pre-fill screen")
    driver.frames(3)
    screen = app.screens.current_screen
    out = {"moved": [], "problems": []}
    first = button_places(screen)
    row = screen.ids.candidates
    row_at = row.to_window(row.x, row.y)

    def key(name: str, what: str) -> None:
        driver.tap(next(w for w in driver.walk(screen) if getattr(w, "key", None) == name))
        driver.frames(3)
        out["moved"] += [f"after {what}: {m}" for m in moved(first, button_places(screen), both_only=True)]
        if row.to_window(row.x, row.y) != row_at:
            out["moved"].append(f"after {what}: the character row moved")

    for syllable, char in (("zhang", "张"), ("wei", "伟")):
        for letter in syllable:
            key(letter, letter)
        for _ in range(4):
            if any(getattr(w, "key", None) == char for w in driver.walk(screen)):
                break
            key("more", "更多")
        key(char, char)
    out["name"] = app.prefill.name
    out["problems"] += layout_problems(driver.window)
    driver.screenshot(f"{shots}/kiosk-prefill-name-{'elderly' if elderly else 'normal'}-{size}.png")
    k.tap("next")  # empty nothing: on to the account
    k.wait(lambda: app.prefill.step == "account", "the account keypad")
    driver.frames(3)
    first = button_places(screen)
    for d in "62220202":  # too short
        key(d, d)
    k.tap("next")
    driver.frames(3)
    out["moved"] += [f"after 下一步 (too short): {m}" for m in moved(first, button_places(screen), both_only=True)]
    out["short"] = driver.find(id="error").text
    for d in "00112345678":  # 19 digits with a wrong check digit
        key(d, d)
    k.tap("next")
    driver.frames(3)
    out["moved"] += [f"after 下一步 (check digit): {m}" for m in moved(first, button_places(screen), both_only=True)]
    out["typo"] = driver.find(id="error").text
    out["problems"] += layout_problems(driver.window)
    driver.screenshot(f"{shots}/kiosk-prefill-account-error-{'elderly' if elderly else 'normal'}-{size}.png")
    k.close()
    return out


@pytest.mark.parametrize("size, elderly", [((1920, 1080), False), ((1080, 1920), True)],
                         ids=["1920x1080-normal", "1080x1920-elderly"])
def test_no_key_moves_under_the_finger_while_a_name_and_a_wrong_account_are_typed(tmp_path, size, elderly):
    shots = os.environ.get("FENLIU_SCREENS_DIR") or str(tmp_path / "screens")
    out = run_scenario(__file__, "scenario_keys_stay", tmp_path=tmp_path, size=size, timeout=150,
                       kwargs={"tmp": str(tmp_path), "shots": shots, "elderly": elderly, "size": f"{size[0]}x{size[1]}"})
    assert out["name"] == "张伟"
    assert "16" in out["short"] and "校验位" in out["typo"]
    assert out["moved"] == []
    assert out["problems"] == [], "\n".join(out["problems"])
