"""Counter mode without a window, against a real host: what a teller sees and does at one window."""
from __future__ import annotations

import pytest

from panel.counter_flow import CounterFlow
from panel.names import Names
from queue_host.client import HostClient
from tests.hostproc import start_host


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """One real host for this module; each test starts from an empty lobby (see `branch`)."""
    running = start_host(tmp_path_factory.mktemp("counter"))
    yield running
    running.stop()


def empty_lobby(manager: HostClient) -> None:
    """Cancel every live ticket and open every counter, so a test starts with nobody waiting."""
    q = manager.queues()
    live = [t for s in q["services"] for t in s["tickets"]] + q["missed"] + q["parked"]
    live += [c["current"] for c in q["counters"] if c["current"]]
    for t in live:
        manager.act(t["id"], "cancel", reason="test reset")
    for c in q["counters"]:
        if c["state"] == "paused":
            manager.resume(c["id"], "test reset")


@pytest.fixture
def branch(host):
    """A kiosk, the manager and the teller of window 3 (non-cash and corporate), nobody waiting."""
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    manager = HostClient(host.url, host.tokens["manager"])
    empty_lobby(manager)
    names = Names.from_config(kiosk.config())
    teller = CounterFlow(HostClient(host.url, host.tokens["counter-3"]), "3", names)
    teller.refresh()
    return kiosk, manager, teller


def test_the_teller_sees_the_window_name_and_how_many_wait_for_it(branch):
    kiosk, _, teller = branch
    kiosk.visit("card_loss")
    kiosk.visit("corporate")
    kiosk.visit("cash", amount_cny=30000)  # cash: not for window 3
    teller.refresh()
    assert teller.view.name_zh == "3号窗口"
    assert teller.view.waiting == 2
    assert teller.current_text()[0] == "—"


def test_call_next_shows_the_number_its_service_and_the_form_to_copy(branch):
    kiosk, _, teller = branch
    b = kiosk.visit("card_loss")["ticket"]["number"]
    out = teller.call_next()
    assert out.ok and b in out.message_zh and "Window 3" in out.message_en
    number, details = teller.current_text()
    assert number == b
    assert "个人非现金业务" in details and "填单模版 5 号" in details and "form template 5" in details
    assert teller.view.waiting == 0


def test_the_current_tickets_flags_tell_the_teller_who_is_at_the_window(branch):
    kiosk, _, teller = branch
    kiosk.visit("e_banking", elderly=True, insist_counter=True, decline_reason="cannot_operate")
    teller.call_next()
    _, details = teller.current_text()
    assert "老年客户" in details and "elderly" in details
    assert "拒绝分流至手机银行" in details and "不会操作" in details
    assert "I can't use the machine" in details


def test_a_second_call_next_from_the_same_screen_neither_finishes_nor_calls_and_shows_the_real_current(
        branch):
    kiosk, manager, teller = branch
    a = kiosk.visit("card_loss")["ticket"]["number"]
    b = kiosk.visit("corporate")["ticket"]["number"]
    shown = teller.shown_current()  # nobody at the window when the teller pressed twice
    assert shown is None
    assert teller.call_next(shown).data["number"] == a
    teller.view.current = None  # the second press comes from the same, not yet updated, view
    second = teller.call_next()
    assert not second.ok and second.error == "wrong_state" and a in second.message_zh
    assert teller.view.current["number"] == a  # the view was read again: the real current customer
    assert not teller.call_next(shown).ok  # the press-time id, passed explicitly, is refused the same way
    q = manager.queues()
    window3 = next(c for c in q["counters"] if c["id"] == "3")
    assert window3["current"]["number"] == a and window3["current"]["state"] == "called"
    assert [t["number"] for s in q["services"] for t in s["tickets"]] == [b]


def test_recall_then_no_show_moves_the_number_to_the_missed_list(host, branch):
    kiosk, manager, teller = branch
    b = kiosk.visit("card_loss")["ticket"]["number"]
    teller.call_next()
    out = teller.recall()
    # The shipped branch spaces calls 15 s apart: the host's refusal is shown as it is.
    assert not out.ok and out.error == "wrong_state" and out.message_zh
    out = teller.no_show()
    assert out.ok and f"{b} 已过号" in out.message_zh
    assert teller.view.current is None
    assert [t["number"] for t in manager.queues()["missed"]] == [b]


def test_finish_frees_the_window_and_call_next_takes_the_next_customer(branch):
    kiosk, _, teller = branch
    kiosk.visit("card_loss")
    c = kiosk.visit("corporate")["ticket"]["number"]
    teller.call_next()
    assert teller.finish().ok and teller.view.current is None
    out = teller.call_next()
    assert out.data["number"] == c
    # Call next finishes the customer still at the window first.
    assert teller.call_next().message_en == "No one is waiting"


def test_a_transfer_sends_the_customer_to_the_wealth_adviser_with_the_note(branch):
    kiosk, manager, teller = branch
    b = kiosk.visit("deposit_certificate")["ticket"]["number"]
    teller.call_next()
    assert "wealth" in [code for code, _, _ in teller.transfer_choices()]
    out = teller.transfer("wealth", "想了解大额存单")
    assert out.ok and "理财顾问" in out.message_zh
    wealth = next(s for s in manager.queues()["services"] if s["code"] == "wealth")
    assert wealth["tickets"][0]["number"] == b and wealth["tickets"][0]["note"] == "想了解大额存单"


def test_a_transfer_without_a_note_on_the_customers_need_is_refused_and_the_customer_stays(branch):
    kiosk, manager, teller = branch
    b = kiosk.visit("deposit_certificate")["ticket"]["number"]
    teller.call_next()
    out = teller.transfer("wealth", "  ")
    assert not out.ok and out.error == "reason_required"
    assert out.message_zh.startswith("请简要写明客户需求") and out.message_en == "Write the customer's need in a few words"
    assert teller.view.current["number"] == b
    wealth = next(s for s in manager.queues()["services"] if s["code"] == "wealth")
    assert wealth["tickets"] == []


def test_parking_a_customer_to_fill_a_form_frees_the_window(branch):
    kiosk, manager, teller = branch
    b = kiosk.visit("card_loss")["ticket"]["number"]
    teller.call_next()
    out = teller.park()
    assert out.ok and "填单" in out.message_zh
    assert teller.view.current is None
    assert [t["number"] for t in manager.queues()["parked"]] == [b]


def test_a_paused_window_gets_no_calls_until_it_is_resumed(branch):
    kiosk, _, teller = branch
    b = kiosk.visit("card_loss")["ticket"]["number"]
    assert teller.toggle_pause("午休").ok and teller.view.paused
    assert "暂停" in teller.view.state_text()
    refused = teller.call_next()
    assert not refused.ok and refused.error == "wrong_state"
    assert teller.toggle_pause().ok and not teller.view.paused
    assert teller.call_next().data["number"] == b


def test_actions_without_a_customer_are_refused_without_asking_the_host(branch):
    _, _, teller = branch
    for action in (teller.recall, teller.no_show, teller.finish, teller.park):
        out = action()
        assert not out.ok and out.message_en == "No current customer"


def test_a_teller_cannot_touch_another_windows_customer_nor_do_manager_overrides(host, branch):
    kiosk, manager, _ = branch
    kiosk.visit("card_loss")
    manager.call_next("1")
    window1_ticket = manager.queues()["counters"][0]["current"]
    window3 = CounterFlow(HostClient(host.url, host.tokens["counter-3"]), "1", Names())
    window3.refresh()
    assert window3.view.current["number"] == window1_ticket["number"]
    out = window3.finish()
    assert not out.ok and out.error == "forbidden"
    teller_client = HostClient(host.url, host.tokens["counter-3"])
    for path, body in ((f"/api/tickets/{window1_ticket['id']}/cancel", {"reason": "重复"}),
                       ("/api/tickets", {"service": "cash", "reason": "手工"}),
                       ("/api/targets/cash_recycler/suspend", {"reason": "缺钞"})):
        with pytest.raises(Exception) as caught:
            teller_client.post(path, body)
        assert getattr(caught.value, "status", None) == 403


def test_function_keys_and_letters_stand_for_the_big_buttons(branch):
    _, _, teller = branch
    assert teller.shortcut("F1") == teller.shortcut("n") == "call_next"
    assert teller.shortcut("f3") == "no_show" and teller.shortcut("f7") == "toggle_pause"
    assert teller.shortcut("x") is None
