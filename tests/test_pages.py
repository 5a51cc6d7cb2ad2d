"""Every page comes from the templates (one base layout, one stylesheet) with autoescaping: a name or note
holding markup shows as text and never runs."""
from __future__ import annotations

from datetime import date

from headoffice.report import write_html
from reports.tables import Table
from reports.write import NOTE, shown, write_page
from queue_host import phone_page
from queue_host.pages import render

EVIL = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"


def _ticket(**changes) -> dict:
    state = {"number": "A001", "state": "waiting", "service": "cash", "service_name_zh": "个人现金业务",
             "service_name_en": "Personal cash", "people_ahead": 2, "wait_minutes": 8, "counter": None,
             "issued_at": "2026-12-08T09:00:00+08:00", "called_at": None, "counter_name_zh": None,
             "counter_name_en": None, "branch_zh": "大安支行", "branch_en": "Da'an Sub-branch", "cancelled_by_me": False}
    return state | changes


def _one_script(page: str) -> None:
    assert EVIL not in page and ESCAPED in page


def test_a_branch_or_service_name_with_markup_shows_as_text_on_the_phone_page():
    page = phone_page.render(_ticket(branch_zh=EVIL, service_name_en=EVIL), "n0nce")
    _one_script(page)
    assert page.count("<script") == 1 and '<script nonce="n0nce">' in page  # only the page's own script


def test_a_name_or_note_with_markup_shows_as_text_on_a_report_page():
    table = Table("t", "表", "Table", ("名称 name", "分流率 rate"), [[EVIL, 0.5]])
    page = render("report.html", title_zh=EVIL, title_en="day", notes=[EVIL], note=NOTE,
                  extra_tables=[], tables=[shown(table)], charts=[])
    _one_script(page)
    assert "<td>50.0%</td>" in page


def test_a_branch_name_with_markup_shows_as_text_in_head_offices_league(tmp_path):
    row = {"rank": 1, "branch": "b1", "name": EVIL, "visits": 3, "diversion_rate": 1.0, "service_level": 0.5,
           "average_wait_min": 2.0, "no_show_rate": 0.0, "tickets": 2, "called": 2, "no_shows": 0}
    page = write_html(tmp_path / "league.html", [row], date(2026, 12, 1), date(2026, 12, 7),
                      links={"b1": "branch-b1/x.html"}).read_text(encoding="utf-8")
    _one_script(page)
    assert "<td>100.0%</td>" in page and "<td>0.0%</td>" in page and '<a href="branch-b1/x.html">b1</a>' in page


def test_a_scenario_name_with_markup_shows_as_text_on_the_simulators_comparison(tmp_path):
    page = write_page(tmp_path / "compare.html", "compare.html", replications=2, scenarios=[(EVIL, "a.html")],
                      rows=[("平均 avg", ["1.0"])], diffs=[(EVIL + " − base", ["0.1"])], metrics=["平均 avg"],
                      flags=[(EVIL, [EVIL + " queue starves"])], notes=[],
                      chart="data:image/png;base64,").read_text(encoding="utf-8")
    _one_script(page)


def test_every_page_has_the_one_layout_and_the_one_stylesheet(tmp_path):
    pages = [phone_page.render(_ticket(), "n"),
             render("report.html", title_zh="日报", title_en="day", notes=[], note=NOTE, extra_tables=[],
                    tables=[shown(Table("t", "表", "Table", ("a",), [[1]]))], charts=[]),
             write_html(tmp_path / "l.html", [], date(2026, 12, 1), date(2026, 12, 1)).read_text(encoding="utf-8")]
    sheet = render("style.css")
    for page in pages:
        assert page.startswith("<!doctype html>\n<html lang=\"zh-CN\">") and sheet in page
