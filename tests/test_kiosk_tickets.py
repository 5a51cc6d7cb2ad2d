"""Tickets and slips built from the real host's answers and printed on the real dummy: printer."""
from kiosk.branch import from_api
from kiosk.tickets import diversion_slip, short_time, ticket_print
from printer import open_printer
from queue_host.client import HostClient


def test_a_cash_ticket_prints_its_number_form_template_and_status_url(host):
    client = HostClient(host.url, host.tokens["kiosk"])
    cfg = from_api(client.config())
    visit = client.visit("cash", amount_band="over", lang="zh", elderly=False)
    ticket = ticket_print(cfg, visit)
    assert (ticket.number, ticket.service_zh, ticket.form_template_no) == ("A001", "个人现金业务", "3")
    assert ticket.form_name_zh == "个人业务凭条" and ticket.form_desk_zh == "大厅左侧填单台"
    assert ticket.status_url == visit["ticket"]["status_url"]
    assert ticket.no_show_rule_zh.startswith("过号")
    printer = open_printer("dummy:")
    printer.print_ticket(ticket)
    assert b"A001" in printer.output


def test_a_vip_ticket_names_the_tier_and_copies_the_form_of_its_purpose(host):
    client = HostClient(host.url, host.tokens["kiosk"])
    cfg = from_api(client.config())
    ticket = ticket_print(cfg, client.visit("card_loss", customer_ref="6222000000000001"))
    assert ticket.number.startswith("V") and ticket.tier_zh == "贵宾客户"
    assert (ticket.form_template_no, ticket.form_name_zh) == ("5", "个人业务申请书")


def test_the_ticket_never_carries_the_card_number(host):
    client = HostClient(host.url, host.tokens["kiosk"])
    cfg = from_api(client.config())
    ticket = ticket_print(cfg, client.visit("card_loss", customer_ref="6222000000000002"))
    assert "6222000000000002" not in repr(ticket)


def test_a_diversion_slip_names_the_machine_where_it_is_and_its_steps(host):
    client = HostClient(host.url, host.tokens["kiosk"])
    cfg = from_api(client.config())
    slip = diversion_slip(cfg, cfg.purpose("cash"), cfg.targets["cash_recycler"], "2026-11-23T09:41:00+08:00")
    assert slip.target_zh == "存取款一体机" and slip.location_zh.startswith("大厅右侧")
    assert len(slip.steps_zh) == 3 and slip.branch_name == "大安支行"
    open_printer("dummy:").print_slip(slip)


def test_issue_times_print_as_date_and_minute():
    assert short_time("2026-11-23T09:41:02.75+08:00") == "2026-11-23 09:41"


def test_a_host_time_in_another_zone_prints_in_the_branchs_zone():
    assert short_time("2026-11-23T01:41:02+00:00", "Asia/Shanghai") == "2026-11-23 09:41"
