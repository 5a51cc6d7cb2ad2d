"""The kiosk in a real offscreen window against a real host: touch the tiles through every path.

Each scenario runs in its own process (tests/gui_harness.py): it starts a real queue host on a
loopback port with its own SQLite file, opens the kiosk window, taps tiles with real touch events
and saves a screenshot of every screen it passes (FENLIU_SCREENS_DIR=docs/screens keeps them).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.gui_harness import run_scenario

pytestmark = pytest.mark.gui

WEDGE_VIP_CARD = "6222000000000001"  # a demo card of tier "standard" in config/branch.toml


# ---------------------------------------------------------------- helpers (run in the child)
class Kiosk:
    """A started kiosk with its host, clock offset and screenshot folder."""

    def __init__(self, driver, tmp: str, shots: str, printer: str = "dummy:", host_down: bool = False,
                 card_reader: str | None = None, data_dir: str | None = None):
        from kiosk.app import KioskApp, open_kiosk_printer
        from tests.hostproc import free_port, start_host
        self.driver, self.shots = driver, Path(shots)
        self.offset = 0.0
        if host_down:
            self.host = None
            url, token = f"http://127.0.0.1:{free_port()}", "kiosk-demo-token"
        else:
            self.host = start_host(Path(tmp))
            url, token = self.host.url, self.host.tokens["kiosk"]
        self.printer = open_kiosk_printer(printer)
        self.app = KioskApp(url, token, self.printer, tick_s=0.1, card_reader=card_reader, data_dir=data_dir,
                            clock=lambda: time.monotonic() + self.offset)
        driver.start(self.app)

    @property
    def view(self):
        return self.app.view

    def wait(self, predicate, what: str, timeout: float = 10.0):
        return self.driver.wait_until(predicate, timeout=timeout, what=what)

    def wait_screen(self, name: str, timeout: float = 10.0):
        self.wait(lambda: self.view.screen == name and not self.view.busy, f"screen {name}", timeout)
        self.driver.frames(3)

    def tile(self, code: str):
        for widget in self.driver.walk():
            if type(widget).__name__ == "Tile" and widget.code == code:
                return widget
        raise AssertionError(f"no tile {code}; tiles: {[t.code for t in self.view.tiles]}")

    def tap_tile(self, code: str):
        self.driver.tap(self.tile(code))

    def tap(self, kv_id: str):
        self.driver.tap(self.driver.find(id=kv_id))

    def shot(self, name: str) -> str:
        return self.driver.screenshot(self.shots / f"kiosk-{name}.png")

    def texts(self) -> str:
        return " | ".join(w.text for w in self.driver.walk() if isinstance(getattr(w, "text", None), str))

    def close(self):
        if self.host is not None:
            self.host.kill()  # a graceful stop waits on the kiosk's keep-alive connection


def _start(driver, tmp, shots, **kw) -> Kiosk:
    kiosk = Kiosk(driver, tmp, shots, **kw)
    if not kw.get("host_down"):
        kiosk.wait(lambda: kiosk.view.tiles, "purpose tiles")
        kiosk.driver.frames(3)
    return kiosk


def _run(tmp_path, name, **kwargs):
    shots = os.environ.get("FENLIU_SCREENS_DIR") or str(tmp_path / "screens")
    return run_scenario(__file__, name, tmp_path=tmp_path,
                        kwargs={"tmp": str(tmp_path), "shots": shots, **kwargs}, timeout=90)


# ---------------------------------------------------------------- scenarios (run in the child)
def scenario_small_withdrawal(driver, tmp, shots):
    k = _start(driver, tmp, shots)
    k.shot("welcome")
    k.tap_tile("cash")
    k.wait_screen("amount")
    k.shot("amount")
    k.tap_tile("5000")
    k.wait_screen("diversion")
    k.shot("diversion")
    k.tap("print_slip")
    k.wait(lambda: k.view.status[0] == "指引已打印，请取走", "slip printed")
    out = {"screen": k.view.screen, "texts": k.texts(), "printed": len(k.printer.output),
           "stats": k.host and __import__("requests").get(k.host.url + "/api/stats",
                                                          headers=k.host.headers("manager")).json()}
    k.close()
    return out


def test_a_small_withdrawal_is_sent_to_the_cash_recycler_with_its_location(tmp_path):
    out = _run(tmp_path, "scenario_small_withdrawal")
    assert out["screen"] == "diversion"
    assert "存取款一体机" in out["texts"] and "大厅右侧自助区 1、2号机" in out["texts"]
    assert "我仍需柜台办理" in out["texts"]
    assert out["printed"] > 0  # the slip printed on request


def scenario_large_withdrawal(driver, tmp, shots, preview):
    k = _start(driver, tmp, shots, printer=f"preview:{preview}")
    import requests
    k.tap_tile("cash")
    k.wait_screen("amount")
    over = k.tile("20000")
    driver.tap(over)
    driver.tap(over)  # an impatient second tap while the first is on its way
    k.wait_screen("ticket")
    k.wait(lambda: k.view.status[0] == "请取走号票", "ticket printed")
    k.shot("ticket")
    queues = requests.get(k.host.url + "/api/queues", headers=k.host.headers("manager")).json()
    out = {"number": k.view.number, "texts": k.texts(), "printed": sorted(os.listdir(preview)),
           "waiting": sum(s["waiting"] for s in queues["services"])}
    k.close()
    return out


def test_a_large_withdrawal_gets_one_cash_ticket_that_prints_even_when_tapped_twice(tmp_path):
    out = _run(tmp_path, "scenario_large_withdrawal", preview=str(tmp_path / "printed"))
    assert out["number"] == "A001" and out["waiting"] == 1
    assert "个人现金业务" in out["texts"] and "3 号模版" in out["texts"]
    assert len(out["printed"]) == 1 and out["printed"][0].endswith(".png")


def scenario_declined_signup(driver, tmp, shots):
    k = _start(driver, tmp, shots)
    k.tap_tile("card_opening")
    k.wait_screen("diversion")
    k.tap("insist")
    k.wait_screen("decline")
    k.shot("decline")
    k.tap_tile("cannot_operate")
    k.wait_screen("ticket")
    visit = k.app.flow.session.visit
    out = {"number": k.view.number, "declined": visit["ticket"]["declined"], "texts": k.texts()}
    k.close()
    return out


def test_a_sign_up_job_declined_to_the_counter_asks_a_reason_and_gets_a_ticket(tmp_path):
    out = _run(tmp_path, "scenario_declined_signup")
    assert out["number"] == "B001"
    assert out["declined"] == {"target": "card_machine", "reason": "cannot_operate"}
    assert "个人非现金业务" in out["texts"]


def scenario_vip_card(driver, tmp, shots):
    k = _start(driver, tmp, shots)
    driver.type_text(WEDGE_VIP_CARD, enter=True)  # a keyboard-wedge reader types digits, then Enter
    k.wait(lambda: k.view.card[0], "card line")
    driver.frames(2)
    k.shot("card-read")
    card_line = k.view.card[0]
    k.tap_tile("card_loss")
    k.wait_screen("ticket")
    k.shot("vip-ticket")
    out = {"card_line": card_line, "number": k.view.number, "texts": k.texts()}
    k.close()
    return out


def test_a_vip_card_read_is_shown_masked_and_gets_a_v_ticket(tmp_path):
    out = _run(tmp_path, "scenario_vip_card")
    assert out["card_line"] == "已读卡 6222 **** 0001"
    assert out["number"] == "V001"
    assert "贵宾客户" in out["texts"]
    assert WEDGE_VIP_CARD not in out["texts"]


def scenario_out_of_paper(driver, tmp, shots):
    import requests

    from tests.fake_escpos import FakeEscposPrinter
    fake = FakeEscposPrinter()
    port = fake.start_pty()
    fake.paper = "out"  # the real serial path asks the status first and hears "paper end"
    k = _start(driver, tmp, shots, printer=f"serial:{port}?baud=9600")
    k.tap_tile("cash")
    k.wait_screen("amount")
    k.tap_tile("20000")
    k.wait_screen("ticket")
    k.wait(lambda: k.view.fault, "printer fault shown")
    k.shot("printer-fault")
    alerts = k.wait(lambda: requests.get(k.host.url + "/api/alerts", headers=k.host.headers("manager")).json()["alerts"],
                    "alert at the host")
    out = {"number": k.view.number, "qr": k.view.qr_url, "texts": k.texts(), "alerts": alerts,
           "printed": len(fake.printed)}
    fake.stop()
    k.close()
    return out


def test_printer_out_of_paper_shows_the_ticket_on_screen_and_alerts_the_manager(tmp_path):
    out = _run(tmp_path, "scenario_out_of_paper")
    assert out["number"] == "A001" and out["qr"].endswith("/t/" + out["qr"].rsplit("/", 1)[1])
    assert "号码依然有效" in out["texts"] and "已通知工作人员" in out["texts"]
    assert [a["kind"] for a in out["alerts"]] == ["printer_fault"]
    assert "缺纸" in out["alerts"][0]["message_zh"]
    assert out["printed"] == 0  # not one byte of the ticket went to a printer without paper


def scenario_host_down(driver, tmp, shots):
    k = _start(driver, tmp, shots)
    k.host.kill()
    k.tap_tile("card_loss")
    k.wait_screen("notice")
    k.shot("host-down")
    notice = k.view.heading[0]
    k.host.start()
    k.wait_screen("ticket", timeout=20)
    out = {"notice": notice, "number": k.view.number, "alive": True}
    k.close()
    return out


def test_host_down_shows_a_calm_message_and_the_visit_goes_through_when_it_returns(tmp_path):
    out = _run(tmp_path, "scenario_host_down")
    assert out["notice"] == "暂时无法连接排队系统，正在重试，请稍候"
    assert out["number"] == "B001"


def scenario_offline_ticket(driver, tmp, shots, suffix=""):
    from tests.fake_escpos import FakeEscposPrinter
    fake = FakeEscposPrinter()
    port = fake.start_pty()
    k = _start(driver, tmp, shots, printer=f"serial:{port}?baud=9600", data_dir=str(Path(tmp) / "kiosk"))
    k.wait(lambda: k.app.flow.book.remaining("noncash") > 0, "reserved numbers fetched")
    k.host.kill()
    k.tap_tile("card_loss")
    k.wait_screen("ticket")
    k.wait(lambda: k.view.status[0] == "请取走号票", "ticket printed")
    k.shot("offline-ticket" + suffix)
    from layout_check import empty_bands, layout_problems
    out = {"number": k.view.number, "texts": k.texts(), "printed": fake.printed.decode("gb18030", errors="ignore"),
           "qr": k.view.qr_url, "problems": layout_problems(driver.window) + empty_bands(driver.window, 0.25)}
    k.tap("done")
    k.wait_screen("welcome")
    k.shot("offline-welcome" + suffix)
    out.update(banner=k.view.banner[0], welcome=k.texts())
    fake.stop()
    k.close()
    return out


def test_without_its_host_the_kiosk_prints_from_its_block_and_says_the_display_may_call_late(tmp_path):
    out = _run(tmp_path, "scenario_offline_ticket")
    assert out["number"] == "B950"
    assert out["banner"] == "排队系统暂时离线，仍可取号，号码有效" and out["banner"] in out["welcome"]
    assert "大厅屏幕可能稍后才叫到您" in out["texts"]
    printed = out["printed"]
    assert "B950" in printed
    assert 0 <= printed.index("大厅屏幕可能稍后才叫到您") < printed.index("The display may call you late")


def test_an_offline_ticket_without_its_qr_still_fills_an_upright_kiosk(tmp_path):
    shots = os.environ.get("FENLIU_SCREENS_DIR") or str(tmp_path / "screens")
    out = run_scenario(__file__, "scenario_offline_ticket", tmp_path=tmp_path, size=(1080, 1920), timeout=90,
                       kwargs={"tmp": str(tmp_path), "shots": shots, "suffix": "-1080x1920"})
    assert out["number"] == "B950" and out["qr"] == ""  # no live status page to point at while offline
    assert out["problems"] == []  # no clipped text, no empty band over a quarter of the screen


def scenario_host_down_at_start(driver, tmp, shots):
    import pty
    import tty
    master, slave = pty.openpty()  # stands in for a serial card reader's port
    tty.setraw(slave)
    k = _start(driver, tmp, shots, host_down=True, card_reader=f"serial:{os.ttyname(slave)}?baud=9600")
    k.wait(lambda: k.view.offline, "offline banner")
    driver.frames(3)
    out = {"banner": k.view.banner[0], "tiles": len(k.view.tiles), "texts": k.texts()}
    os.write(master, b"6222000000000002\r\n")
    k.wait(lambda: k.view.card[0], "serial swipe")
    out["card"] = k.app.flow.session.customer_ref
    k.close()
    return out


def test_a_kiosk_started_without_its_host_says_so_calmly_instead_of_crashing(tmp_path):
    out = _run(tmp_path, "scenario_host_down_at_start")
    assert out["tiles"] == 0 and "正在重试" in out["banner"]
    assert "您好，请问您需要办理什么业务？" in out["texts"]
    assert out["card"] == "6222000000000002"  # a serial reader's swipe reaches the kiosk


def scenario_idle_reset(driver, tmp, shots):
    k = _start(driver, tmp, shots)
    k.tap("lang")
    k.tap_tile("cash")
    k.wait_screen("amount")
    k.offset += 46
    k.wait(lambda: k.view.idle_prompt, "idle prompt")
    driver.frames(3)
    k.shot("idle-prompt")
    prompt = [w.text for w in driver.find_all(contains="Are you still there?")]
    k.offset += 21
    k.wait(lambda: k.view.screen == "welcome" and not k.view.idle_prompt, "back to welcome")
    driver.frames(2)
    out = {"prompt": prompt, "screen": k.view.screen, "lang": k.view.lang, "texts": k.texts()}
    k.close()
    return out


def test_an_idle_kiosk_asks_then_clears_everything_and_returns_to_welcome(tmp_path):
    out = _run(tmp_path, "scenario_idle_reset")
    assert out["prompt"], "the prompt was on screen"
    assert (out["screen"], out["lang"]) == ("welcome", "zh")
    assert "您好，请问您需要办理什么业务？" in out["texts"]


def scenario_elderly(driver, tmp, shots):
    from kivy.metrics import dp, mm, pt
    k = _start(driver, tmp, shots)
    k.tap("elderly")
    k.wait(lambda: k.view.elderly, "elderly mode")
    driver.frames(3)
    k.shot("elderly-welcome")
    tiles = [w for w in driver.walk() if type(w).__name__ == "Tile"]
    grid = driver.find(id="tiles")
    heading = driver.find(id="heading")
    sizes = {"tiles": len(tiles), "tile_min_h": min(t.height for t in tiles) >= dp(60),
             "gap": grid.spacing[0] >= mm(2.5), "heading": heading.font_size >= pt(30),
             "tile_text": min(t.font_size for t in tiles) >= pt(18)}
    k.tap("next_page")
    page2 = [t.code for t in k.view.tiles]
    k.tap("prev_page")
    k.tap_tile("cash")
    k.wait_screen("amount")
    k.tap_tile("20000")
    k.wait_screen("ticket")
    k.shot("elderly-ticket")
    out = {**sizes, "page2": page2, "number": k.view.number}
    k.close()
    return out


def test_elderly_mode_has_large_type_large_spaced_tiles_and_fewer_per_page(tmp_path):
    out = _run(tmp_path, "scenario_elderly")
    assert out["tiles"] == 6
    assert out["tile_min_h"] and out["gap"] and out["heading"] and out["tile_text"]
    assert out["page2"][0] == "card_loss"
    assert out["number"] == "A001"


def scenario_guides(driver, tmp, shots):
    k = _start(driver, tmp, shots)
    k.tap("lang")
    k.wait(lambda: k.view.lang == "en", "english")
    driver.frames(2)
    k.shot("welcome-english")
    k.tap("lang")
    k.tap_tile("credit_card_apply")
    k.wait_screen("guide")
    k.shot("lobby-manager")
    lobby = k.view.heading[0]
    k.tap("done")
    k.tap_tile("wealth")
    k.wait_screen("ticket")
    k.shot("wealth-ticket")
    out = {"lobby": lobby, "wealth": k.view.number, "texts": k.texts()}
    k.tap("done")
    k.tap_tile("e_banking")
    k.wait_screen("diversion")
    driver.frames(2)
    k.shot("diversion-qr")
    qr = driver.find(id="qr")
    out["qr"] = {"data": qr.data, "shown": qr.texture is not None and qr.width > 100}
    k.close()
    return out


def test_lobby_and_customer_manager_routes_tell_the_customer_who_comes_or_where_to_go(tmp_path):
    out = _run(tmp_path, "scenario_guides")
    assert "大堂经理" in out["lobby"]
    assert out["wealth"] == "M001" and "理财区" in out["texts"]
    assert out["qr"] == {"data": "https://example.com/mobile-banking", "shown": True}  # the e-channel QR


def scenario_start_log(driver, tmp, shots):
    import logging

    from kivy.logger import Logger

    class _Keep(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.lines: list[str] = []

        def emit(self, record):
            self.lines.append(record.getMessage())

    keep = _Keep()
    Logger.addHandler(keep)
    k = _start(driver, tmp, shots)
    for name in ("amount", "diversion", "decline", "ticket", "guide", "notice", "prefill"):
        k.app._ensure_screen(name)  # every screen's rules applied, not only the welcome screen's
    driver.frames(2)
    k.close()
    return keep.lines


def test_starting_the_kiosk_logs_no_widget_class_declared_twice(tmp_path):
    warnings = _run(tmp_path, "scenario_start_log")
    clashes = [w for w in warnings if "re-declaration" in w or "already registered" in w or "redeclared" in w]
    assert clashes == []


def scenario_turned_ticket(driver, tmp, shots):
    """The ticket on a landscape window, the window turned upright, then back."""
    k = _start(driver, tmp, shots)
    k.tap_tile("cash")
    k.wait_screen("amount")
    k.tap_tile("20000")
    k.wait_screen("ticket")

    def seen() -> dict:
        driver.frames(3)
        number, heading = driver.find(id="number"), driver.find(id="upright_heading")
        x, y = number.to_window(*number.center)
        return {"font": number.font_size, "x": x / driver.window.width, "heading_above": heading.opacity > 0
                and heading.to_window(*heading.pos)[1] > y}

    out = {"landscape": seen()}
    driver.window.size = (1080, 1920)
    out["upright"] = seen()
    driver.window.size = (1280, 800)
    out["back"] = seen()
    k.close()
    return out


def test_the_ticket_turns_with_the_screen_its_number_large_and_centred_when_upright(tmp_path):
    out = _run(tmp_path, "scenario_turned_ticket")
    assert out["upright"]["font"] >= 1.5 * out["landscape"]["font"]
    assert abs(out["upright"]["x"] - 0.5) < 0.02 and out["upright"]["heading_above"]  # 您的号码 over it
    assert out["landscape"]["x"] < 0.3 and not out["landscape"]["heading_above"]  # beside its heading
    assert out["back"] == out["landscape"]
