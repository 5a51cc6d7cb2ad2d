"""The amount a cash customer names at the kiosk: presets from the branch file, the keypad, the ID
reminder, and what the real host makes of the amount (its high-value rule and the machine's limit)."""
from __future__ import annotations

import copy

import requests

from kiosk import amount
from kiosk.flow import KioskFlow
from tests.test_kiosk_flow import BRANCH, Clock, FakeHost, FakePrinter, ManualWorker, _real_flow, api_config


def _flow(config=None):
    host, net = FakeHost(), ManualWorker()
    if config is not None:
        host.config = lambda: config
    flow = KioskFlow(host, FakePrinter(), net, ManualWorker(), clock=Clock())
    flow.start()
    net.run_all()
    flow.choose_purpose("cash")
    return flow, host, net


def _type(flow, digits: str) -> None:
    for d in digits:
        flow.amount_key(f"k{d}")


def test_the_presets_are_derived_from_the_branch_thresholds_not_fixed_amounts():
    assert amount.presets(20000, 50000, 10 ** 8) == (5000, 10000, 20000, 50000, 100000)
    assert amount.presets(30000, 80000, 10 ** 8) == (7500, 15000, 30000, 80000, 160000)
    assert amount.presets(20000, 50000, 60000) == (5000, 10000, 20000, 50000)  # never over the host's most


def test_another_branch_file_gives_the_kiosk_its_own_buttons():
    config = copy.deepcopy(api_config())
    config["diversion"] = {"cash_threshold_cny": 30000, "high_value_cny": 80000, "max_amount_cny": 1000000}
    flow, _host, _net = _flow(config)
    assert [t.code for t in flow.view().tiles] == ["7500", "15000", "30000", "80000", "160000"]
    assert flow.view().tiles[3].main == "8万元" and "8万元及以上" in flow.view().note[0]


def test_the_keypad_adds_digits_deletes_clears_and_refuses_a_leading_zero_or_too_many_digits():
    assert amount.press("", "k0", 10 ** 8) == ""
    assert amount.press("3", "k0", 10 ** 8) == "30"
    assert amount.press("305", amount.DELETE, 10 ** 8) == "30"
    assert amount.press("305", amount.CLEAR, 10 ** 8) == ""
    assert amount.press("123456789", "k1", 10 ** 8) == "123456789"  # 100,000,000 has nine digits


def test_a_typed_amount_is_shown_as_a_bank_writes_it_and_sent_as_amount_cny():
    flow, host, net = _flow()
    _type(flow, "35000")
    assert flow.view().entry == "￥35,000"
    flow.confirm_amount()
    net.run_all()
    assert host.visits[0]["amount_cny"] == 35000 and "amount_band" not in host.visits[0]
    assert flow.screen == "ticket"


def test_ok_with_nothing_typed_says_what_to_do_and_sends_nothing():
    flow, host, _net = _flow()
    flow.confirm_amount()
    view = flow.view()
    assert view.fault and view.note == ("请先输入金额", "Please type the amount first")
    assert host.visits == [] and flow.screen == "amount"
    flow.amount_key("k5")
    assert not flow.view().fault  # the next key clears the complaint


def test_an_amount_over_the_branch_maximum_is_refused_with_the_maximum_named():
    config = copy.deepcopy(api_config())
    config["diversion"] = {**BRANCH["diversion"], "max_amount_cny": 200000}
    flow, host, _net = _flow(config)
    _type(flow, "250000")
    flow.confirm_amount()
    assert flow.view().note == ("最多20万元", "At most 200,000 CNY")
    assert host.visits == []


def test_the_id_reminder_stands_from_the_start_turns_strong_at_50000_and_shows_on_the_ticket_chinese_first():
    flow, _host, net = _flow()
    _type(flow, "5000")
    assert not flow.view().strong
    _type(flow, "0")
    view = flow.view()
    assert view.strong and view.note == ("5万元及以上请带本人身份证", "50,000 CNY+: bring ID")
    assert view.note in view.notes  # the room kept for the note fits it
    flow.confirm_amount()
    net.run_all()
    assert ("5万元及以上请带本人身份证", "50,000 CNY+: bring ID") in flow.view().lines
    flow.toggle_lang()
    assert ("50,000 CNY+: bring ID", "5万元及以上请带本人身份证") in flow.view().lines


def test_going_back_forgets_the_typed_amount():
    flow, _host, _net = _flow()
    _type(flow, "123")
    flow.back()
    flow.choose_purpose("cash")
    assert flow.view().entry == "￥"


def _settle(flow, inbox):
    while flow.busy or flow.session.print_state == "printing":
        assert inbox.run_one(5)


def test_a_50000_withdrawal_at_the_real_host_is_high_value_and_alerts_the_manager(host):
    flow, inbox = _real_flow(host)
    flow.choose_purpose("cash")
    flow.choose_amount("50000")  # the preset tile
    _settle(flow, inbox)
    assert flow.screen == "ticket" and flow.session.visit["high_value"] is True
    alerts = requests.get(host.url + "/api/alerts", headers=host.headers("manager")).json()
    alerts = alerts.get("alerts", alerts) if isinstance(alerts, dict) else alerts
    assert [a["kind"] for a in alerts if a["kind"] == "high_value"] == ["high_value"]


def test_a_typed_60000_is_high_value_at_the_real_host_and_a_typed_8000_is_offered_the_machine(host):
    flow, inbox = _real_flow(host)
    flow.choose_purpose("cash")
    _type(flow, "60000")
    flow.confirm_amount()
    _settle(flow, inbox)
    assert flow.session.visit["high_value"] is True and flow.session.visit["route"] == "counter"
    flow.reset()
    flow.choose_purpose("cash")
    _type(flow, "8000")
    flow.confirm_amount()
    _settle(flow, inbox)
    assert flow.screen == "diversion" and flow.session.visit["route"] == "self_service"
    assert flow.session.visit["high_value"] is False


def test_a_typed_30000_is_a_counter_ticket_but_not_high_value(host):
    flow, inbox = _real_flow(host)
    flow.choose_purpose("cash")
    _type(flow, "30000")
    flow.confirm_amount()
    _settle(flow, inbox)
    assert flow.screen == "ticket" and flow.session.visit["high_value"] is False
    assert not any("及以上请带本人身份证" in line[0] for line in flow.view().lines)
