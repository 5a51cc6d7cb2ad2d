"""Reprinting a ticket: the host's ticket and branch words become the printer's TicketPrint (fenliu.tickets)."""
from __future__ import annotations

from fenliu.tickets import ticket_branch, ticket_print
from panel.reprint import Reprinter
from queue_host.client import HostClient


def test_a_reprinted_ticket_carries_the_number_service_form_and_status_address(host, tmp_path):
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    ticket = kiosk.visit("cash", amount_cny=30000)["ticket"]
    t = ticket_print(ticket_branch(kiosk.config()), ticket)
    assert (t.number, t.service_zh, t.service_en) == (ticket["number"], "个人现金业务", "Personal cash")
    assert t.branch_name == "大安支行" and t.form_template_no == "3" and t.form_name_zh == "个人业务凭条"
    assert t.status_url.endswith(f"/t/{ticket['code']}")
    assert t.no_show_rule_zh.startswith("过号") and t.tier_zh is None
    out = Reprinter(f"preview:{tmp_path}").reprint(ticket, kiosk.config())
    assert out.ok and len(list(tmp_path.glob("*.png"))) == 1


def test_a_printer_that_cannot_be_opened_is_reported_not_raised(tmp_path):
    out = Reprinter("nonsense:thing").reprint({"number": "A001", "service": "cash"}, {})
    assert not out.ok and out.error == "printer_fault" and "打印失败" in out.message_zh
