"""The amount screen in a real offscreen window against a real host: preset buttons and a keypad whose
keys never move under the finger, the ID reminder, and a 50,000 withdrawal the host flags high-value."""
from __future__ import annotations

import os

import pytest

from tests.gui_harness import run_scenario

pytestmark = pytest.mark.gui


def scenario_amount_keypad(driver, tmp, shots, elderly, size):
    import requests

    from layout_check import button_places, layout_problems, moved
    from test_kiosk_gui import _start
    k = _start(driver, tmp, shots)
    if elderly:
        k.tap("elderly")
        k.wait(lambda: k.view.elderly, "elderly mode")
    k.tap_tile("cash")
    k.wait_screen("amount")
    driver.frames(3)
    screen = k.app.screens.current_screen
    first = button_places(screen)
    out = {"presets": [t.code for t in k.view.tiles], "moved": [], "problems": layout_problems(driver.window)}

    def keep(after: str) -> None:
        driver.frames(3)
        out["moved"] += [f"after {after}: {m}" for m in moved(first, button_places(screen))]

    k.tap("amount_ok")  # nothing typed: the complaint appears where the hint was
    keep("OK with nothing typed")
    out["empty"] = driver.find(id="note").text
    for digit in "50000":
        k.tap_tile("k" + digit)
        keep("key " + digit)
    out["entry"] = driver.find(id="entry").text
    out["note"] = driver.find(id="note").text
    out["problems"] += layout_problems(driver.window)
    driver.screenshot(f"{shots}/kiosk-amount-keypad-{'elderly' if elderly else 'normal'}-{size}.png")
    k.tap("amount_ok")
    k.wait_screen("ticket")
    out["ticket"] = k.texts()
    out["high_value"] = k.app.flow.session.visit["high_value"]
    out["alerts"] = [a["kind"] for a in requests.get(k.host.url + "/api/alerts",
                                                     headers=k.host.headers("manager")).json()["alerts"]]
    k.close()
    return out


@pytest.mark.parametrize("size, elderly", [((1920, 1080), False), ((1080, 1920), True)],
                         ids=["1920x1080-normal", "1080x1920-elderly"])
def test_typing_50000_keeps_every_key_in_place_reminds_of_the_id_and_the_host_flags_it(tmp_path, size, elderly):
    shots = os.environ.get("FENLIU_SCREENS_DIR") or str(tmp_path / "screens")
    out = run_scenario(__file__, "scenario_amount_keypad", tmp_path=tmp_path, size=size, timeout=120,
                       kwargs={"tmp": str(tmp_path), "shots": shots, "elderly": elderly,
                               "size": f"{size[0]}x{size[1]}"})
    assert out["presets"] == ["5000", "10000", "20000", "50000", "100000"]
    assert out["moved"] == []
    assert out["problems"] == [], "\n".join(out["problems"])
    assert "请先输入金额" in out["empty"] and "Please type the amount first" in out["empty"]
    assert out["entry"] == "￥50,000"
    assert out["note"].index("5万元及以上请带本人身份证") < out["note"].index("50,000 CNY+: bring ID")
    assert "5万元及以上请带本人身份证" in out["ticket"]
    assert out["high_value"] is True and "high_value" in out["alerts"]
