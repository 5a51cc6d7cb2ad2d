"""Alerts for the lobby manager, each kind raised and cleared by a real host (on a fast clock)."""
from __future__ import annotations

import re
import threading
import time

import pytest

from demo.host import SHIPPED_CONFIG, staff, start_host
from panel.alerts_flow import AlertsFlow
from panel.live import LiveFeed
from queue_host.client import HostClient

SPEED = 1200  # branch seconds per real second: a 20-minute service level passes in one real second


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """A real host whose clock runs 1200× (service levels pass in seconds); a display counts as offline
    after one silent second instead of thirty."""
    work = tmp_path_factory.mktemp("alerts")
    config = work / "branch-alerts.toml"
    config.write_text(re.sub(r"(?m)^display_offline_s = \d+$", "display_offline_s = 1",
                             SHIPPED_CONFIG.read_text(encoding="utf-8")), encoding="utf-8")
    running = start_host(work / "host", config, speed=SPEED, epoch=time.time())
    yield running
    running.stop()


@pytest.fixture
def clients(host):
    """Kiosk, display and manager clients, and the manager's alerts flow."""
    tok = staff(host.config)
    kiosk, display, manager = (HostClient(host.url, tok[r]["token"]) for r in ("kiosk", "display", "manager"))
    return kiosk, display, manager, AlertsFlow(manager)


def wait_for(check, timeout: float = 8.0):
    """Poll until `check()` gives something (the host raises rule alerts on its one-second tick)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def open_of(flow: AlertsFlow, kind: str, key_part: str = ""):
    """The open alerts of one kind, after a refresh."""
    flow.refresh()
    return [a for a in flow.open if a.kind == kind and key_part in a.text]


def test_a_kiosk_printer_fault_is_shown_and_the_manager_clears_it(clients):
    kiosk, _, _, flow = clients
    kiosk.raise_alert("printer_fault", "取号机打印故障：缺纸", "Kiosk printer fault: paper out", key="kiosk-1")
    alert = open_of(flow, "printer_fault")[0]
    assert alert.title == "取号机打印故障 / kiosk printer fault" and "缺纸" in alert.text
    assert flow.clear(alert.id).ok
    assert not open_of(flow, "printer_fault")


def test_a_fault_that_mends_itself_is_cleared_by_the_device(clients):
    kiosk, _, _, flow = clients
    kiosk.raise_alert("printer_fault", "打印机离线", "printer offline", key="kiosk-2")
    assert open_of(flow, "printer_fault", "打印机离线")
    kiosk.post("/api/alerts", {"kind": "printer_fault", "message_zh": "恢复", "key": "kiosk-2", "clear": True})
    assert not open_of(flow, "printer_fault", "打印机离线")


def test_a_high_value_visit_raises_an_alert_once_and_it_can_be_cleared(clients):
    kiosk, _, _, flow = clients
    number = kiosk.visit("forex")["ticket"]["number"]
    alert = open_of(flow, "high_value", number)[0]
    assert "高价值客户" in alert.title and "外汇兑换" in alert.text
    assert flow.clear(alert.id).ok and not open_of(flow, "high_value", number)


def test_a_wait_over_the_service_level_raises_an_alert_that_clears_when_the_queue_is_served(clients):
    kiosk, _, manager, flow = clients
    ticket = kiosk.visit("corporate")["ticket"]
    alert = wait_for(lambda: open_of(flow, "service_level", "对公业务"))[0]
    assert "等候超时" in alert.title and "30分钟" in alert.text
    manager.act(ticket["id"], "cancel", reason="test")
    wait_for(lambda: not open_of(flow, "service_level", "对公业务"))


def test_more_waiting_than_the_threshold_raises_a_crowd_alert_that_clears_as_the_queue_shrinks(clients):
    kiosk, _, manager, flow = clients
    tickets = [kiosk.visit("card_loss")["ticket"] for _ in range(16)]
    alert = wait_for(lambda: open_of(flow, "crowd", "个人非现金业务"))[0]
    assert "客流量大" in alert.title and "16" in alert.text
    for t in tickets[:6]:
        manager.act(t["id"], "cancel", reason="test")
    wait_for(lambda: not open_of(flow, "crowd", "个人非现金业务"))
    for t in tickets[6:]:
        manager.act(t["id"], "cancel", reason="test")


def test_a_display_that_goes_silent_raises_an_alert_cleared_when_it_reconnects(host, clients):
    _, _, _, flow = clients
    tok = staff(host.config)["display"]["token"]
    connected = threading.Event()  # the host counts the display from the moment the stream answers
    feed = LiveFeed(host.url, tok, on_event=lambda e: None, on_state=lambda up: up and connected.set()).start()
    assert connected.wait(8), "the display's stream never connected"
    feed.stop()
    alert = wait_for(lambda: open_of(flow, "display_offline"))[0]
    assert "叫号屏离线" in alert.title
    feed = LiveFeed(host.url, tok, on_event=lambda e: None).start()
    try:
        wait_for(lambda: not open_of(flow, "display_offline"))
    finally:
        feed.stop()


def test_only_alerts_new_since_the_last_look_ring_the_bell(clients):
    kiosk, _, _, flow = clients
    flow.refresh()
    kiosk.raise_alert("printer_fault", "卡纸", "paper jam", key="kiosk-bell")
    first = flow.refresh()
    assert [a.kind for a in first.data] == ["printer_fault"] and "新提醒" in first.message_zh
    assert flow.refresh().data == []


@pytest.fixture
def quiet_host(tmp_path):
    """A host of its own on the real clock, where no rule raises an alert while a test counts them."""
    running = start_host(tmp_path / "host", SHIPPED_CONFIG)
    yield running
    running.stop()


def test_the_new_alerts_line_and_the_banner_count_one_alert_and_two_alerts(quiet_host):
    tok = staff(quiet_host.config)
    kiosk = HostClient(quiet_host.url, tok["kiosk"]["token"])
    flow = AlertsFlow(HostClient(quiet_host.url, tok["manager"]["token"]))
    assert flow.refresh().message_en == "0 open alerts"
    kiosk.raise_alert("printer_fault", "缺纸", "paper out", key="kiosk-count-1")
    one = flow.refresh()
    assert one.message_zh == "新提醒 1 条：取号机打印故障"
    assert one.message_en == "1 new alert: kiosk printer fault"
    assert flow.banner() == "【提醒】未处理 1 条：取号机打印故障  Alert: 1 open: kiosk printer fault"
    kiosk.raise_alert("printer_fault", "卡纸", "paper jam", key="kiosk-count-2")
    kiosk.raise_alert("printer_fault", "墨淡", "faint print", key="kiosk-count-3")
    two = flow.refresh()
    assert two.message_en == "2 new alerts: kiosk printer fault" and two.message_zh.startswith("新提醒 2 条：")
    assert flow.banner().endswith("Alerts: 3 open: kiosk printer fault")
    for a in flow.open:
        flow.clear(a.id)
    assert flow.refresh().message_en == "0 open alerts" and flow.banner() == ""
