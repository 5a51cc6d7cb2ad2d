"""The remittance pre-fill as plain Python against the real host and a dummy printer (no window)."""
from __future__ import annotations

import logging

import requests

from kiosk.jobs import Inbox, Worker
from kiosk.pinyin import index
from kiosk.prefill_flow import DELETE, PrefillFlow, luhn_ok, masked
from kiosk.session import Session
from printer import open_printer
from queue_host.client import HostClient

ACCOUNT = "6222020200112345679"


def make(host, printer="dummy:"):
    inbox = Inbox()
    client = HostClient(host.url, host.tokens["kiosk"])
    flow = PrefillFlow(client, open_printer(printer), Worker(inbox.post, "net"), Worker(inbox.post, "press"),
                       index, wall=lambda: "2026-11-29 10:00")
    return flow, client, inbox


def customer(client, purpose="transfer", card="6222000000000002"):
    return Session(visit=client.visit(purpose, amount_cny=50000), customer_ref=card)


def until(inbox, check, most=5):
    """Run the background jobs' callbacks (a bounded number) until `check()` holds."""
    for _ in range(most):
        if check():
            return True
        inbox.run_one(5)
    return check()


def type_name(flow, *syllables):
    for syllable, char in syllables:
        for letter in syllable:
            flow.key(letter)
        for _ in range(4):  # 更多 turns the page of characters
            if char in flow.candidates():
                break
            flow.more()
        assert char in flow.candidates(), (syllable, flow.candidates())
        flow.pick(char)


def test_zhang_offers_the_common_surnames_first():
    offered = index().candidates("zhang", 10)
    assert offered[0] == "张" and "章" in offered[:6]
    assert index().candidates("wang", 3)[0] == "王" and index().candidates("", 3) == []


def test_only_a_prefillable_purposes_ticket_is_offered_the_prefill(host):
    flow, client, inbox = make(host)
    assert PrefillFlow.offered(customer(client)) and not PrefillFlow.offered(customer(client, "card_loss"))
    flow.open(customer(client, "card_loss"))
    assert not flow.active_for(flow.session) and flow.session is None


def test_a_customer_types_the_payee_checks_the_account_picks_a_bank_and_the_slip_prints(host, caplog):
    caplog.set_level(logging.DEBUG)  # every logger of the kiosk, the client and requests, at its most talkative
    caplog.set_level(logging.DEBUG, logger="urllib3")  # even if an app's console setup quieted it in this process
    flow, client, inbox = make(host)
    session = customer(client)
    flow.open(session)
    assert until(inbox, lambda: flow.config) and flow.config["banks"][0] == "中国工商银行"
    flow.next()
    assert flow.error[0] == "请输入收款人户名" and flow.step == "name"
    type_name(flow, ("zhang", "张"), ("wei", "伟"))
    flow.key("m")
    flow.backspace()
    assert flow.name == "张伟" and flow.typed == ""
    flow.next()
    for d in ACCOUNT[:-1]:
        flow.digit(d)
    flow.next()
    assert flow.step == "account" and "校验位" in flow.error[0]  # 18 digits: a length that exists, a wrong check
    flow.digit("8")  # a typo in the check digit
    flow.next()
    assert flow.step == "account" and "校验位" in flow.error[0]
    flow.digit(DELETE)
    flow.digit("9")
    flow.next()
    assert flow.step == "bank"
    flow.choose_bank("Bank of Nowhere")
    assert flow.step == "bank"
    flow.choose_bank("中国建设银行")
    v = flow.view()
    assert v.step == "review" and v.payer == "**** **** **** 0002" and v.account == ACCOUNT
    flow.confirm()
    flow.confirm()  # a second tap while sending does nothing
    assert until(inbox, lambda: flow.state == "printed") and flow.step == "done"
    printed = flow.printer.output.decode("gb18030", "replace")
    assert "张伟" in printed and "6222 0202 0011 2345 679" in printed and "**** **** **** 0002" in printed
    assert "6222000000000002" not in printed and "★待填" in printed
    called = requests.post(host.url + "/api/counters/1/call-next", headers=host.headers("counter-1"), timeout=5).json()
    held = requests.get(f"{host.url}/api/tickets/{called['ticket']['id']}/prefill", headers=host.headers("counter-1"),
                        timeout=5).json()
    assert (held["payee_name"], held["payee_account"], held["bank"]) == ("张伟", ACCOUNT, "中国建设银行")
    assert caplog.records and "张伟" not in caplog.text and ACCOUNT not in caplog.text and ACCOUNT[-8:] not in caplog.text


def test_a_short_account_is_refused_with_its_length():
    flow = PrefillFlow(None, None, None, None, index)
    flow.step = "account"
    for d in "622202":
        flow.digit(d)
    flow.next()
    assert flow.error == ("账号应为16到19位，现在是6位", "The account has 16 to 19 digits; you typed 6")


def test_a_printer_fault_says_to_fill_the_slip_at_the_counter(host):
    flow, client, inbox = make(host, "dummy:?state=paper_out")
    flow.open(customer(client))
    assert until(inbox, lambda: flow.config)
    flow.name, flow.account, flow.bank, flow.step = "李娜", ACCOUNT, "中国银行", "review"
    flow.confirm()
    assert until(inbox, lambda: flow.state == "fault")
    assert flow.state == "fault" and flow.error[0] == "打印失败，请到柜台填写"


def test_a_new_customer_closes_the_prefill():
    flow = PrefillFlow(None, None, None, None, index)
    first = Session(visit={"ticket": {"id": 1, "number": "A001", "prefill": "remittance"}})
    flow.session = first
    assert flow.active_for(first) and not flow.active_for(Session())


def test_helpers_mask_and_check():
    assert masked("6222000000000002") == "**** **** **** 0002" and masked(None) == ""
    assert luhn_ok(ACCOUNT) and not luhn_ok(ACCOUNT[:-1] + "8")


def test_an_untouched_prefill_gives_up_after_its_own_idle_time_longer_than_the_tickets():
    now = [0.0]
    flow = PrefillFlow(None, None, None, None, index, clock=lambda: now[0])
    flow.session = Session(visit={"ticket": {"id": 1, "number": "A001", "prefill": "remittance"}})
    flow.touched()
    now[0] = 60.0  # three times the ticket screen's 20 s: still typing
    assert not flow.expired()
    flow.digit("6")
    now[0] = 60.0 + 91
    assert flow.expired()
    flow.session.elderly = True
    assert not flow.expired()
