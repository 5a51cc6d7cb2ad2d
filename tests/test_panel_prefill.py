"""The teller's panel shows the kiosk's pre-filled remittance form when it calls that ticket (no window)."""
from __future__ import annotations

from panel.counter_flow import CounterFlow
from panel.names import Names
from queue_host.client import HostClient

FORM = {"payee_name": "张伟", "payee_account": "6222020200112345679", "bank": "中国建设银行",
        "payer_card": "**** **** **** 0009"}


def test_calling_a_prefilled_ticket_shows_the_payee_account_and_bank_and_forgets_them_after(host):
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    ticket = kiosk.visit("transfer", amount_cny=50000)["ticket"]
    kiosk.post(f"/api/tickets/{ticket['id']}/prefill", FORM)
    plain = kiosk.visit("cash", amount_cny=30000)["ticket"]
    teller = CounterFlow(HostClient(host.url, host.tokens["counter-1"]), "1", Names.from_config(kiosk.config()))
    teller.refresh()
    assert teller.call_next().ok
    number, details = teller.current_text()
    assert number == ticket["number"]
    assert "收款人 张伟" in details and "6222 0202 0011 2345 679" in details and "中国建设银行" in details
    assert "**** **** **** 0009" in details
    assert teller.call_next().ok  # finishes the remittance, calls the cash customer
    number, details = teller.current_text()
    assert number == plain["number"] and "预填" not in details and teller.prefill is None
