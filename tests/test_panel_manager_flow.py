"""Manager mode without a window, against a real host: live queues, overrides with reasons, the audit log."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from panel.audit_flow import AuditFlow
from panel.manager_flow import ManagerFlow
from panel.names import Names
from panel.reprint import Reprinter
from queue_host.client import HostClient
from tests.hostproc import start_host


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """One real host for this module; each test starts from an empty lobby (see `lobby`)."""
    running = start_host(tmp_path_factory.mktemp("manager"))
    yield running
    running.stop()


@pytest.fixture
def lobby(host):
    """The kiosk's client and the manager's flow, with nobody waiting and every counter and machine open."""
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    client = HostClient(host.url, host.tokens["manager"])
    q = client.queues()
    for t in [t for s in q["services"] for t in s["tickets"]] + q["missed"] + q["parked"] + \
            [c["current"] for c in q["counters"] if c["current"]]:
        client.act(t["id"], "cancel", reason="test reset")
    for c in q["counters"]:
        if c["state"] == "paused":
            client.resume(c["id"], "test reset")
    for t in q["targets"]:
        if t["suspended"]:
            client.resume_target(t["code"], "test reset")
    flow = ManagerFlow(client, Names.from_config(client.config()))
    flow.refresh()
    return kiosk, flow


def numbers(flow: ManagerFlow, service: str) -> list[str]:
    """The waiting numbers of one service, in calling order."""
    flow.refresh()
    return [r.number for s in flow.view.services if s.code == service for r in s.rows]


def test_every_service_shows_its_waiting_tickets_with_tier_and_flags(lobby):
    kiosk, flow = lobby
    kiosk.visit("cash", amount_cny=30000)
    kiosk.visit("cash", amount_cny=30000, customer_ref="6222000000000002", elderly=True)
    assert flow.refresh().ok
    codes = [s.code for s in flow.view.services]
    assert codes == ["cash", "noncash", "corporate", "vip", "wealth"]
    vip = next(s for s in flow.view.services if s.code == "vip")
    assert vip.waiting == 1 and vip.name_en == "VIP"
    assert "白金客户" in vip.rows[0].text_zh and "老年客户" in vip.rows[0].text_zh
    assert "Platinum VIP" in vip.rows[0].text_en
    assert len(flow.view.counters) == 5 and len(flow.view.targets) == 4


def test_an_override_without_a_reason_is_refused_and_changes_nothing(lobby):
    kiosk, flow = lobby
    kiosk.visit("card_loss")
    second = kiosk.visit("card_loss")["ticket"]
    out = flow.to_front(second["id"], "  ")
    assert not out.ok and out.error == "reason_required" and "原因" in out.message_zh
    assert numbers(flow, "noncash")[-1] == second["number"]


def test_moving_a_ticket_to_the_front_or_to_a_place_reorders_its_queue(lobby):
    kiosk, flow = lobby
    a, b, c = (kiosk.visit("card_loss")["ticket"] for _ in range(3))
    assert flow.to_front(c["id"], "老年客户照顾").ok
    assert numbers(flow, "noncash") == [c["number"], a["number"], b["number"]]
    assert flow.move(c["id"], 3, "客户要求稍后").ok
    assert numbers(flow, "noncash") == [a["number"], b["number"], c["number"]]


def test_every_override_is_in_the_audit_log_with_who_what_and_why(lobby):
    kiosk, flow = lobby
    t = kiosk.visit("card_loss")["ticket"]
    flow.to_front(t["id"], "老年客户照顾")
    flow.cancel(t["id"], "重复取号")
    out = AuditFlow(flow.client, flow.names).audit()
    assert out.ok
    newest = out.data[:2]
    assert [(e["action"], e["target"], e["reason"]) for e in newest] == [
        ("cancel", t["number"], "重复取号"), ("move", t["number"], "老年客户照顾")]
    assert all(e["who"] == "lobby manager" and e["at"] for e in newest)
    assert "重复取号" in AuditFlow(flow.client, flow.names).audit_line(newest[0])


def test_a_missed_customer_who_returns_is_reinstated_a_few_places_back(lobby):
    kiosk, flow = lobby
    first = kiosk.visit("card_loss")["ticket"]
    others = [kiosk.visit("card_loss")["ticket"] for _ in range(4)]
    flow.client.call_next("3")
    flow.client.act(first["id"], "no-show")
    flow.refresh()
    assert [r.number for r in flow.view.missed] == [first["number"]]
    assert flow.find(first["number"]).state == "missed"
    assert flow.reinstate(first["id"], "客户返回").ok
    queue = numbers(flow, "noncash")
    assert queue.index(first["number"]) == 3 and len(queue) == len(others) + 1


def test_the_manager_calls_a_specific_ticket_to_a_counter(lobby):
    kiosk, flow = lobby
    kiosk.visit("card_loss")
    later = kiosk.visit("card_loss")["ticket"]
    out = flow.call_to("2", later["id"], "客户急事")
    assert out.ok and "2号窗口" in out.message_zh
    flow.refresh()
    assert next(c for c in flow.view.counters if c["id"] == "2")["current"]["number"] == later["number"]


def test_a_ticket_issued_by_hand_joins_its_queue_marked_as_asked(lobby):
    _, flow = lobby
    out = flow.issue("cash", "老人不会用取号机", elderly=True)
    assert out.ok and out.data["number"].startswith("A") and out.data["elderly"]
    assert numbers(flow, "cash") == [out.data["number"]]


def test_a_transfer_by_the_manager_keeps_the_number_and_moves_the_queue(lobby):
    kiosk, flow = lobby
    t = kiosk.visit("card_loss")["ticket"]
    assert flow.transfer(t["id"], "wealth", "客户想咨询理财").ok
    assert numbers(flow, "wealth") == [t["number"]] and numbers(flow, "noncash") == []


def test_a_paused_counter_is_shown_paused_and_opens_again(lobby):
    _, flow = lobby
    assert flow.pause_counter("5", "客户经理外出").ok
    flow.refresh()
    assert next(c for c in flow.view.counters if c["id"] == "5")["state"] == "paused"
    assert flow.open_counter("5", "客户经理返回").ok


def test_suspending_the_cash_recycler_sends_small_cash_to_the_counter_until_resumed(lobby):
    kiosk, flow = lobby
    assert flow.suspend_target("cash_recycler", "存取款一体机缺钞").ok
    flow.refresh()
    assert next(t for t in flow.view.targets if t["code"] == "cash_recycler")["suspended"]
    answer = kiosk.visit("cash", amount_cny=3000)
    assert answer["route"] == "counter" and answer["fallback"] == "target_suspended"
    assert flow.resume_target("cash_recycler", "已加钞").ok
    assert kiosk.visit("cash", amount_cny=3000)["route"] == "self_service"


def test_a_wait_past_the_service_level_is_flagged_counting_from_the_ticket_time(lobby):
    _, flow = lobby
    at_ten = ManagerFlow(flow.client, flow.names, now=lambda: datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc))
    ticket = {"id": 1, "number": "V001", "service": "vip", "state": "waiting", "wait_minutes": 0,
              "issued_at": "2026-11-23T09:47:30+08:00"}
    row = at_ten.row(ticket, 10)
    assert row.wait_minutes == 12 and row.over_level
    assert "等 12 分" in row.text_zh and "12 min" in row.text_en and "V001" in row.label
    assert not at_ten.row(ticket, 15).over_level


def test_a_reprint_writes_the_ticket_again_on_the_panels_printer_and_is_audited(lobby, tmp_path):
    kiosk, flow = lobby
    t = kiosk.visit("cash", amount_cny=30000)["ticket"]
    out = flow.reprint(t["id"], "号票丢失", Reprinter(f"preview:{tmp_path}"))
    assert out.ok, out.message
    assert out.message_zh == f"已重新打印 {t['number']}"
    assert list(tmp_path.glob("*.png"))
    entry = AuditFlow(flow.client, flow.names).audit().data[0]
    assert (entry["action"], entry["target"], entry["reason"]) == ("reprint", t["number"], "号票丢失")
    assert not flow.reprint(t["id"], "", Reprinter(f"preview:{tmp_path}")).ok
    assert Reprinter(None).reprint(t, {}).error == "no_printer"


def test_a_reprint_the_printer_could_not_print_is_not_audited(lobby):
    kiosk, flow = lobby
    t = kiosk.visit("cash", amount_cny=30000)["ticket"]
    before = [(e["action"], e["target"]) for e in AuditFlow(flow.client, flow.names).audit().data]
    out = flow.reprint(t["id"], "号票丢失", Reprinter("dummy:?state=paper_out"))
    assert not out.ok and out.error == "printer_fault" and "打印失败" in out.message_zh
    assert [(e["action"], e["target"]) for e in AuditFlow(flow.client, flow.names).audit().data] == before
    assert ("reprint", t["number"]) not in before


def test_the_manager_sees_a_locked_teller_and_lets_them_in_again_with_a_reason(host, lobby):
    import httpx

    from queue_host.auth import FREE_TRIES, LOCK_AFTER
    _, flow = lobby
    for i in range(LOCK_AFTER):  # a guesser on many machines of the LAN
        with httpx.Client(transport=httpx.HTTPTransport(local_address=f"127.0.{20 + i // FREE_TRIES}.1")) as c:
            c.post(host.url + "/api/signin", json={"staff": "counter-4", "pin": "0000"})
    locks = AuditFlow(flow.client, flow.names).locks()
    assert locks.ok and [lock["staff"] for lock in locks.data] == ["counter-4"]
    line = AuditFlow(flow.client, flow.names).lock_line(locks.data[0])
    assert "counter-4" not in line and " ".join(flow.names.who("counter-4")) in line and "30" in line
    assert not AuditFlow(flow.client, flow.names).unlock("counter-4", "").ok  # a reason first
    assert AuditFlow(flow.client, flow.names).unlock("counter-4", "teller forgot the PIN").ok
    assert AuditFlow(flow.client, flow.names).locks().data == []
    assert HostClient(host.url).signin("counter-4", "4444")["counter"] == "4"
    lines = [AuditFlow(flow.client, flow.names).audit_line(e) for e in AuditFlow(flow.client, flow.names).audit().data]
    assert any(" ".join(flow.names.who("counter-4")) in line and "teller forgot the PIN" in line and "解锁" in line
               for line in lines)
