"""The counter screen in a real offscreen window against a real host: serving, rating, timeout, paused."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from tests.gui_harness import run_scenario

pytestmark = pytest.mark.gui


# ---------------------------------------------------------------- child side (a window exists)
def scenario_counter_screen(driver, url: str, tokens: dict, shots: str):
    from kivy.metrics import dp, sp

    from counter_screen.app import CounterScreenApp
    from layout_check import layout_problems

    def post(path, who, body=None):
        r = requests.post(url + path, json=body or {}, headers={"Authorization": f"Bearer {tokens[who]}"}, timeout=5)
        assert r.status_code == 200, r.text
        return r.json()

    def serve_one():
        post("/api/visits", "kiosk", {"purpose": "cash", "amount_cny": 30000})
        return post("/api/counters/1/call-next", "counter-1")["ticket"]

    app = driver.start(CounterScreenApp(url, tokens["screen-1"], "1", tick_s=None))  # only this test ticks
    out: dict = {}
    first = serve_one()
    driver.wait_until(lambda: app.view.number == first["number"], what="the called number on screen")
    driver.frames(3)
    driver.wait_until(lambda: "1021" in driver.find(id="teller").text, what="the teller")
    out["serving"] = [driver.find(id=i).text for i in ("window", "headline", "number", "teller")]
    out["clipped"] = {"serving": layout_problems(driver.window)}
    driver.screenshot(Path(shots) / "counter-screen-serving.png")

    post(f"/api/tickets/{first['id']}/finish", "counter-1")
    driver.wait_until(lambda: app.root.current == "rate", what="the rating question")
    buttons = [driver.find(id=i) for i in ("very_satisfied", "satisfied", "neutral", "dissatisfied")]
    out["buttons"] = [b.text.split("\n")[0] for b in buttons]
    out["smallest_button_dp"] = min(b.height for b in buttons) / dp(1)
    out["button_font_pt"] = min(float(b.font_size) for b in buttons) / sp(1) * 0.75  # 1 sp = 0.75 pt at 96 dpi
    out["countdown"] = driver.find(id="countdown").text
    driver.frames(2)
    out["clipped"]["rate"] = layout_problems(driver.window)
    driver.screenshot(Path(shots) / "counter-screen-rating.png")
    driver.tap(driver.find(id="satisfied"))
    driver.wait_until(lambda: app.sent, what="the rating sent to the host")
    out["sent"] = app.sent[0]
    out["thanks"] = app.view.headline_zh
    driver.frames(2)
    out["clipped"]["thanks"] = layout_problems(driver.window)
    app.tick(3.0)  # the thanks goes after three seconds of Clock

    second = serve_one()
    post(f"/api/tickets/{second['id']}/finish", "counter-1")
    driver.wait_until(lambda: app.root.current == "rate", what="the second rating question")
    for _ in range(19):  # the Clock's ticks, driven here: nineteen seconds and it still asks
        app.tick(1.0)
    out["after_19s"] = app.root.current
    app.tick(1.0)
    driver.frames(2)
    out["after_20s"] = app.root.current

    reads = app.reads
    post("/api/visits", "kiosk", {"purpose": "cash", "amount_cny": 30000})
    post("/api/counters/2/call-next", "counter-2")  # another window's call: this screen does not even ask
    post("/api/counters/1/pause", "counter-1")
    driver.wait_until(lambda: app.view.mode == "paused", what="paused")
    out["reads_for_two_events"] = app.reads - reads
    out["paused"] = driver.find(id="headline").text
    driver.frames(2)
    out["clipped"]["paused"] = layout_problems(driver.window)
    driver.screenshot(Path(shots) / "counter-screen-paused.png")
    return out


# ---------------------------------------------------------------- parent side
@pytest.mark.parametrize("size", [(1024, 768), (1024, 600)], ids=["1024x768", "7in-1024x600"])
def test_the_counter_screen_shows_the_window_asks_for_a_rating_times_out_and_says_paused(host, tmp_path, size):
    shots = os.environ.get("FENLIU_SCREENSHOTS") if size == (1024, 768) else None  # the docs show the default size
    shots = shots or str(tmp_path)  # scripts/screens.sh refreshes docs/screens
    out = run_scenario(__file__, "scenario_counter_screen", tmp_path=tmp_path, size=size,
                       kwargs={"url": host.url, "tokens": host.tokens, "shots": shots})
    window, headline, number, teller = out["serving"]
    assert "1号窗口" in window and window.index("1号窗口") < window.index("Window 1")
    assert headline.startswith("正在办理") and number == "A001" and "counter-1" not in teller
    assert "李娜  工号 1021" in teller and "Li Na  Staff ID 1021" in teller  # name and staff no. from branch.toml
    assert out["buttons"] == ["非常满意", "满意", "一般", "不满意"]
    assert out["smallest_button_dp"] >= 60 and out["button_font_pt"] >= 30
    assert out["countdown"] == "20 秒后自动关闭 / closes in 20 seconds"
    assert out["sent"] == [1, "satisfied"] and out["thanks"] == "感谢您的评价"
    assert (out["after_19s"], out["after_20s"]) == ("rate", "serving")
    assert out["reads_for_two_events"] == 1 and out["paused"].startswith("暂停服务")
    assert out["clipped"] == {"serving": [], "rate": [], "thanks": [], "paused": []}  # no text cut, nothing overlaps
    stats = requests.get(host.url + "/api/stats", headers=host.headers("manager"), timeout=5).json()["ratings"]
    assert stats["by_counter"]["1"]["satisfied"] == 1 and stats["count"] == 1  # the timed-out one is not a rating
