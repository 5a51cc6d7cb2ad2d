"""The one report writer on a real host's day: rates as percentages, 无 n/a for what did not happen, charts
that a person can read (no overlapping labels, whole-number count axes), a page with margins."""
from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest

from reports import charts
from reports.write import NA, write_report
from queue_host.client import HostClient
from tests.hostproc import start_host

PERCENT = re.compile(r"^\d+\.\d%$")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A short real day: one diversion taken, one turned down, one cash ticket called, an alert left open; its report."""
    folder = tmp_path_factory.mktemp("report")
    host = start_host(folder)
    try:
        kiosk = HostClient(host.url, host.tokens["kiosk"])
        kiosk.visit("cash", amount_cny=30000)  # a ticket in the cash queue only: most queues have none
        HostClient(host.url, host.tokens["counter-1"]).call_next("1")  # called at once: within its minutes
        kiosk.visit("e_banking")  # taken at the mobile banking target: a rate of exactly 1.0
        kiosk.visit("card_opening", insist_counter=True, decline_reason="cannot_operate")  # 0.0 at the card machine
        kiosk.raise_alert("printer_fault", "取号机打印机缺纸", "Kiosk printer out of paper", key="kiosk-1")
        report = HostClient(host.url, host.tokens["manager"]).get("/api/report")
    finally:
        host.stop()
    paths = write_report(report, folder / "out", "day", "大安支行 营业日报", "Da'an day report")
    return report, paths


class Tables(HTMLParser):
    """The page's tables as rows of cell texts, each under its h2 title."""

    def __init__(self):
        super().__init__()
        self.tables, self.title, self.cell, self.where = {}, "", None, None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.where, self.title = "h2", ""
        elif tag == "tr":
            self.tables.setdefault(self.title, []).append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "h2":
            self.where = None
        elif tag in ("td", "th"):
            self.tables[self.title][-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.where == "h2":
            self.title += data
        elif self.cell is not None:
            self.cell += data


def page_tables(paths) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(paths["html"].read_text(encoding="utf-8"))
    return parser.tables


def column(table: list[list[str]], header_word: str) -> list[str]:
    i = next(i for i, h in enumerate(table[0]) if header_word in h)
    return [row[i] for row in table[1:]]


def test_every_rate_on_the_page_is_a_percentage_even_zero_and_one(written):
    _, paths = written
    tables = page_tables(paths)
    targets = tables["各自助设备分流率 Diversion rate per self-service target"]
    rates = column(targets, "rate")
    assert "100.0%" in rates and "0.0%" in rates
    checked = 0
    for title, table in tables.items():
        for header in table[0]:
            if any(w in header.lower() for w in ("rate", "service level", "utilisation")):
                cells = column(table, header)
                assert all(PERCENT.match(c) or c == NA for c in cells), (title, header, cells)
                checked += len(cells)
    assert checked >= 10
    summary = {row[0]: row[1] for row in tables["概览 Summary"][1:]}
    assert PERCENT.match(summary["分流率 diversion rate (KPI)"]) and summary["分流率 diversion rate (KPI)"] == "50.0%"


def test_a_queue_without_tickets_has_no_service_level_rather_than_zero(written):
    report, paths = written
    levels = page_tables(paths)["各队列取号与服务水平 Tickets and service level per service"]
    by_service = dict(zip(column(levels, "队列"), column(levels, "service level")))
    assert by_service["个人现金业务 Personal cash"] == "100.0%"
    assert by_service["对公业务 Corporate"] == NA and list(by_service.values()).count(NA) >= 3
    with (paths["csv"] / "tickets.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {r["队列 service"]: r for r in csv.DictReader(f)}
    assert rows["对公业务 Corporate"]["达标率 service level"] == ""  # a spreadsheet gets an empty cell, not 0.0
    assert float(rows["个人现金业务 Personal cash"]["达标率 service level"]) == 1.0


def test_an_alert_still_open_has_no_time_to_clear(written):
    _, paths = written
    alerts = page_tables(paths)["提醒 Alerts"]
    row = next(r for r in alerts[1:] if r[0].startswith("printer_fault"))
    assert (row[2], row[3], row[4]) == ("1", NA, NA)
    with (paths["csv"] / "alerts.csv").open(encoding="utf-8-sig", newline="") as f:
        open_alert = next(r for r in csv.reader(f) if r[0] == "printer_fault")
    assert open_alert[3:] == ["", ""]


def test_the_diversion_chart_labels_do_not_overlap(written):
    report, _ = written
    for chart in (charts.diversion_targets, charts.diversion_hours, charts.utilisation, charts.service_level):
        fig = chart(report)
        ax = fig.axes[0]
        assert len(ax.get_xticklabels()) >= 1 and not charts.overlapping(ax.get_xticklabels()), chart.__name__


def test_count_axes_step_by_whole_numbers(written):
    report, _ = written
    for chart in (charts.declined, charts.arrivals):
        ticks = chart(report).axes[0].get_yticks()
        assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks), (chart.__name__, list(ticks))


def test_the_page_has_margins_on_screen_and_on_paper(written):
    _, paths = written
    page = paths["html"].read_text(encoding="utf-8")
    assert re.search(r"@page\{[^}]*margin:\s*15mm", page)
    assert re.search(r"body\.report[^{]*\{[^}]*margin:2em auto;padding:0 2em", page)
    assert '<body class="report">' in page
