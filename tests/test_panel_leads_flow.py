"""Leads for the customer managers, recorded only with consent, listed for the day and exported to CSV."""
from __future__ import annotations

import csv

import pytest

from panel.leads_flow import BOM, LeadsFlow
from queue_host.client import HostClient, HostError
from tests.hostproc import start_host


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """One real host for this module."""
    running = start_host(tmp_path_factory.mktemp("leads"))
    yield running
    running.stop()


@pytest.fixture
def leads(host):
    """The manager's leads flow."""
    return LeadsFlow(HostClient(host.url, host.tokens["manager"]))


def test_a_lead_without_the_customers_consent_is_not_recorded(host, leads):
    out = leads.add("王先生", "13800000000", "大额存单", consent=False)
    assert not out.ok and out.error == "consent_required" and "同意" in out.message_zh
    with pytest.raises(HostError) as refused:  # the host refuses it too, whatever the client does
        leads.client.post("/api/leads", {"name": "王先生", "contact": "13800000000", "need": "x", "consent": False})
    assert refused.value.status == 422
    assert leads.refresh().data == [] or all(lead["name"] != "王先生" for lead in leads.leads)


def test_a_recorded_lead_is_listed_for_the_day_with_its_ticket(host, leads):
    ticket = HostClient(host.url, host.tokens["kiosk"]).visit("wealth")["ticket"]
    out = leads.add("李女士", "13900001111", "想了解理财产品", consent=True, ticket_id=ticket["id"])
    assert out.ok and "李女士" in out.message_zh
    listed = leads.refresh()
    assert listed.ok
    lead = next(lead for lead in leads.leads if lead["name"] == "李女士")
    assert lead["ticket"] == ticket["number"] and lead["need"] == "想了解理财产品"
    assert "13900001111" in LeadsFlow.line(lead)


def test_the_days_leads_export_as_a_csv_that_excel_reads_in_chinese(leads, tmp_path):
    leads.add("赵先生", "13700002222", "黄金积存", consent=True)
    out = leads.export_csv(tmp_path / "exports")
    assert out.ok and out.data.name == "leads.csv"
    raw = out.data.read_bytes()
    assert raw.startswith(BOM.encode("utf-8")) and not raw.startswith((BOM + BOM).encode("utf-8"))
    rows = list(csv.reader(out.data.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][2].startswith("姓名")
    assert ["赵先生", "13700002222", "黄金积存"] == rows[-1][2:5]


def test_a_teller_may_record_a_lead_but_not_read_the_list(host):
    teller = LeadsFlow(HostClient(host.url, host.tokens["counter-1"]))
    assert teller.add("钱女士", "13600003333", "大额存单", consent=True).ok
    out = teller.refresh()
    assert not out.ok and out.error == "forbidden"


def test_a_lead_needs_a_name_and_a_contact(leads):
    assert leads.add(" ", "138", "x", consent=True).error == "invalid"


def test_the_days_count_says_one_lead_and_two_leads_in_each_language(tmp_path):
    running = start_host(tmp_path)
    try:
        flow = LeadsFlow(HostClient(running.url, running.tokens["manager"]))
        flow.add("孙女士", "13500004444", "大额存单", consent=True)
        one = flow.refresh()
        assert (one.message_zh, one.message_en) == ("今日线索 1 条", "1 lead today")
        flow.add("周先生", "13500005555", "黄金积存", consent=True)
        two = flow.refresh()
        assert (two.message_zh, two.message_en) == ("今日线索 2 条", "2 leads today")
    finally:
        running.stop()
