"""The lobby manager's alerts: each kind raised once while it lasts, and cleared."""
from __future__ import annotations

from queue_host import alerts
from queue_host.visits import VisitRequest, issue, visit
from tests.conftest import minutes


def open_kinds(lobby):
    return sorted(a.kind for a in lobby.alerts.values() if a.cleared_at is None)


def test_a_wait_over_the_service_level_raises_one_alert_that_clears_when_served(lobby, t0):
    from queue_host import calling
    issue(lobby, "cash", t0)
    alerts.evaluate(lobby, t0 + minutes(19), True, 0)
    assert open_kinds(lobby) == []
    alerts.evaluate(lobby, t0 + minutes(21), True, 0)
    alerts.evaluate(lobby, t0 + minutes(22), True, 0)
    assert open_kinds(lobby) == ["service_level"]
    calling.call_next(lobby, "1", t0 + minutes(23))
    alerts.evaluate(lobby, t0 + minutes(23), True, 0)
    assert open_kinds(lobby) == []


def test_a_crowd_over_the_threshold_raises_an_alert_until_it_thins(lobby, t0):
    from queue_host import calling
    for _ in range(16):
        issue(lobby, "noncash", t0)
    alerts.evaluate(lobby, t0, True, 0)
    assert open_kinds(lobby) == ["crowd"]
    assert "客流量大" in next(iter(lobby.alerts.values())).message_zh
    for _ in range(3):
        calling.call_next(lobby, "3", t0)
    alerts.evaluate(lobby, t0, True, 0)
    assert open_kinds(lobby) == ["crowd"]  # 13 waiting: still above the clearing margin
    calling.call_next(lobby, "3", t0)
    alerts.evaluate(lobby, t0, True, 0)
    assert open_kinds(lobby) == []


def test_a_display_silent_past_the_limit_raises_an_alert_cleared_when_it_returns(lobby, t0):
    alerts.evaluate(lobby, t0, False, 10)
    assert open_kinds(lobby) == []
    alerts.evaluate(lobby, t0, False, 31)
    assert open_kinds(lobby) == ["display_offline"]
    alerts.evaluate(lobby, t0, True, 0)
    assert open_kinds(lobby) == []


def test_a_high_value_visit_alerts_once_and_the_manager_clears_it(lobby, t0):
    visit(lobby, VisitRequest(purpose="forex"), t0)
    assert open_kinds(lobby) == ["high_value"]
    alert = next(iter(lobby.alerts.values()))
    alerts.clear_alert(lobby, alert, t0)
    assert open_kinds(lobby) == []
    assert [e["kind"] for e in lobby.changes.events][-1] == "alert_cleared"


def test_a_device_fault_reported_twice_is_one_alert(lobby, t0):
    one = alerts.raise_alert(lobby, "printer_fault", "kiosk-1", t0, "缺纸", "paper out")
    two = alerts.raise_alert(lobby, "printer_fault", "kiosk-1", t0, "缺纸", "paper out")
    assert one is two and len(lobby.alerts) == 1
    alerts.clear_key(lobby, "kiosk-1", t0)
    assert open_kinds(lobby) == []
