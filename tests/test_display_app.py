"""The real lobby display window (offscreen) against a real host on loopback: calls, recalls, missed list,
paused counters, a host restart, and screenshots at 1920x1080 and 1280x720."""
from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.gui_harness import REPO, run_scenario

pytestmark = pytest.mark.gui
SCREENS = REPO / "docs" / "screens"


# ---------------------------------------------------------------- child side (a real window exists)
def _open(driver, tmp, **app_kw):
    """A host of our own (so this child may kill it), and the display following it."""
    from display.announcer import SilentPlayer
    from display.app import DisplayApp
    from queue_host.client import HostClient
    from tests.hostproc import DEFAULT_CONFIG, start_host

    config = Path(tmp) / "branch.toml"  # recalls allowed at once: the 15 s wait would only slow the test
    config.write_text(DEFAULT_CONFIG.read_text(encoding="utf-8").replace("recall_interval_s = 15",
                                                                         "recall_interval_s = 0"), encoding="utf-8")
    host = start_host(Path(tmp), config_path=config)
    # No sound card here: the SilentPlayer keeps the played files in order instead of sounding them.
    app = driver.start(DisplayApp(host.url, host.tokens["display"], player=SilentPlayer(),
                                  cache_dir=Path(tmp) / "voice", **app_kw))
    return host, app, HostClient(host.url, host.tokens["manager"])


def _texts(driver, *ids):
    return {i: driver.find(id=i).text for i in ids}


def scenario_calls(driver, tmp, shot):
    import time
    os.environ["TZ"] = "UTC"  # this child only: the machine's zone is not the branch's (Asia/Shanghai)
    time.tzset()
    host, app, boss = _open(driver, tmp)
    try:
        root = app.root
        driver.wait_until(lambda: root.notice_text.startswith("2万元以下"), what="the notices from /api/config")
        issued = [boss.issue(s, reason="test")["number"] for s in ["cash"] * 5 + ["noncash"] * 3 + ["wealth"]]
        issued.append(boss.issue("vip", reason="test", tier="platinum")["number"])
        driver.wait_until(lambda: {s["prefix"]: s["waiting"] for s in root.services}.get("A") == "5",
                          what="five waiting for cash")
        idle = _texts(driver, "idle_zh")
        for counter in ("1", "2", "3", "4"):
            boss.call_next(counter)
        last = boss.call_next("1")  # window 1's first customer is finished, the next is called
        boss.act(last["ticket"]["id"], "no-show")
        boss.pause("5", reason="lunch")
        boss.suspend_target("cash_recycler", reason="out of cash")
        called = boss.call_next("2")["ticket"]
        driver.wait_until(lambda: root.call_number == called["number"], what="the call on screen")
        flashed = driver.wait_until(lambda: root.flashing, what="the call area flashing")
        shown = _texts(driver, "call_line", "call_counter", "call_en", "missed")
        recalled_before = root.call_recall
        boss.act(called["id"], "recall")
        driver.wait_until(lambda: root.call_recall, what="the recall mark")
        badge = driver.find(id="recall_badge")
        driver.wait_until(lambda: not root.flashing, timeout=15, what="the flash to end")
        calm = root.flash
        driver.screenshot(shot)
        said = [p.stem for p in app.player.played]
        clock = root.clock_time
        app.announcer.wait_idle(10)
        return {"idle": idle, "issued": issued, "called": called["number"], "missed_number": last["ticket"]["number"],
                "shown": shown, "flashed": bool(flashed), "recall_before": recalled_before,
                "recall_badge": [badge.text, badge.opacity], "recent": [r["number"] for r in root.recent],
                "recent_recall": [r["recall_text"] for r in root.recent],
                "chips": [(c["name_zh"], c["status_zh"]) for c in root.counters],
                "chip_lines": [re.sub(r"\[/?(size|b)[^\]]*\]", "", w.children[0].text)
                               for w in driver.find_all(cls="CounterChip")],
                "waiting": {s["prefix"]: s["waiting"] for s in root.services},
                "host_waiting": {s["prefix"]: str(s["waiting"]) for s in boss.queues()["services"]},
                "said": [a.call.number for a in app.announcer.said], "first_sound": said[:1],
                "marquee": driver.find(id="marquee").text, "product": driver.find(id="product_zh").text,
                "offline": root.offline, "calm_flash": calm, "clock": clock,
                "call_area_share": driver.find(id="call_area").height / driver.window.height}
    finally:
        host.stop()


def scenario_restart(driver, tmp, shot):
    host, app, boss = _open(driver, tmp, offline_after_s=1.0)
    try:
        root = app.root
        numbers = [boss.issue("cash", reason="test")["number"] for _ in range(6)]
        driver.wait_until(lambda: root.services and root.services[0]["waiting"] == "6")
        boss.call_next("1")
        boss.call_next("2")
        driver.wait_until(lambda: len(root.recent) == 2, what="two calls")
        host.kill()
        driver.wait_until(lambda: root.offline, timeout=15, what="the corner notice")
        notice = driver.find(id="offline_notice")
        clock = driver.find(id="clock_time")
        during = {"notice": notice.text, "opacity": notice.opacity, "call": root.call_number,
                  "recent": [r["number"] for r in root.recent], "covers_clock": notice.collide_widget(clock)}
        driver.screenshot(shot)
        host.start()
        for counter in ("1", "2", "4", "1"):  # calls made at once, before the display has found the host again
            boss.call_next(counter)
        driver.wait_until(lambda: len(root.recent) == 6, timeout=20, what="every call on screen")
        driver.wait_until(lambda: not root.offline, timeout=10, what="the notice gone")
        app.announcer.wait_idle(20)
        return {"numbers": numbers, "during": during, "recent": [r["number"] for r in root.recent],
                "said": [a.call.number for a in app.announcer.said], "offline_after": root.offline,
                "notice_after": driver.find(id="offline_notice").opacity}
    finally:
        host.stop()


# ---------------------------------------------------------------- pytest side
def _keep(shot: Path, name: str) -> None:
    # FENLIU_UPDATE_SCREENSHOTS=1 refreshes the committed screenshots under docs/screens/.
    if os.environ.get("FENLIU_UPDATE_SCREENSHOTS"):
        shutil.copy(shot, SCREENS / name)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1080p", "720p"])
def test_calls_recalls_the_missed_list_and_a_paused_counter_show_on_the_lobby_screen(tmp_path, size):
    shot = tmp_path / f"display-{size[0]}x{size[1]}.png"
    out = run_scenario(__file__, "scenario_calls", tmp_path=tmp_path, size=size,
                       kwargs={"tmp": str(tmp_path), "shot": str(shot)}, timeout=150)
    assert out["idle"]["idle_zh"] == "欢迎光临"
    assert out["shown"]["call_line"].count(out["called"]) == 1 and "请" in out["shown"]["call_line"]
    assert out["shown"]["call_counter"] == "到  2号窗口"
    assert out["shown"]["call_en"] == f"Number {out['called']}, please go to Window 2"
    assert out["flashed"] and out["recall_before"] is False and out["calm_flash"] == 0
    assert out["recall_badge"] == ["重呼  Recall", 1]
    assert out["recent"][0] == out["called"] and out["recent_recall"][0] == "重呼 Recall"
    assert out["shown"]["missed"] == out["missed_number"]
    assert ["理财室", "暂停服务"] in out["chips"] and ["2号窗口", f"{out['called']} 服务中"] in out["chips"]
    # Both languages in every state, Chinese first: "B003 服务中  Serving", "空闲  Open"
    assert "暂停服务  Paused" in out["chip_lines"] and f"{out['called']} 服务中  Serving" in out["chip_lines"]
    assert "空闲  Open" in out["chip_lines"] or all("Open" not in c for c in out["chip_lines"])
    assert out["waiting"] == out["host_waiting"] and out["waiting"]["B"] == "2" and out["waiting"]["V"] == "0"
    assert out["said"][-1] == out["called"] and out["first_sound"] == ["chime"]
    assert "过号客户请到大堂经理处" in out["marquee"]  # the missed-number hint scrolls with the notices
    # The recycler is out of use: its notice comes first and the standing notice sending people to it is gone.
    assert out["marquee"].startswith("暂停使用：存取款一体机") and "2万元以下" not in out["marquee"]
    assert "cash recycler" not in out["marquee"].split("please use the counters", 1)[1]
    assert out["product"] in ("大额存单 年利率 1.90% 起", "手机银行转账 免手续费")  # they take turns
    assert out["offline"] is False
    branch = datetime.now(timezone.utc).astimezone(ZoneInfo("Asia/Shanghai"))
    assert out["clock"] in {(branch - timedelta(minutes=m)).strftime("%H:%M") for m in range(3)}  # branch time
    assert out["call_area_share"] >= 0.25  # readable across the lobby: at least a quarter of the height
    from PIL import Image
    with Image.open(shot) as img:
        assert img.size == size
    _keep(shot, shot.name)


def test_the_display_rides_out_a_host_restart_and_ends_with_every_call(tmp_path):
    shot = tmp_path / "display-offline-1280x720.png"
    out = run_scenario(__file__, "scenario_restart", tmp_path=tmp_path, size=(1280, 720),
                       kwargs={"tmp": str(tmp_path), "shot": str(shot)}, timeout=150)
    assert out["during"]["notice"] == "与排队系统的连接中断\nConnection lost" and out["during"]["opacity"] == 1
    assert out["during"]["call"] == out["numbers"][1] and len(out["during"]["recent"]) == 2  # last state stays
    assert out["during"]["covers_clock"] is False  # the clock stays readable while the notice shows
    assert out["recent"] == out["numbers"][::-1]
    assert out["said"] == out["numbers"]
    assert out["offline_after"] is False and out["notice_after"] == 0
    _keep(shot, shot.name)
