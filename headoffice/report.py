"""The head-office league table of branches, written by the report writer as a self-contained page and a CSV file."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from headoffice.league import Figures
from reports.tables import Table
from reports.write import cell, write_page, write_table_csv

COLUMNS = [  # (key, Chinese, English)
    ("rank", "名次", "Rank"), ("branch", "网点", "Branch"), ("name", "名称", "Name"),
    ("visits", "来访", "Visits"), ("diversion_rate", "分流率", "Diversion rate"),
    ("service_level", "服务达标率", "Service level"), ("average_wait_min", "平均等候(分)", "Average wait (min)"),
    ("no_show_rate", "过号率", "No-show rate"), ("tickets", "取号", "Tickets"), ("called", "叫号", "Called"),
    ("no_shows", "过号", "No-shows"),
]
PERCENT = {"diversion_rate", "service_level", "no_show_rate"}


def rows(table: list[tuple[int, str, Figures]], names: dict[str, tuple[str, str]]) -> list[dict]:
    """One dict per branch with the COLUMNS' keys."""
    out = []
    for rank, branch, f in table:
        zh, en = names.get(branch, ("", ""))
        out.append({"rank": rank, "branch": branch, "name": " / ".join(n for n in (zh, en) if n), **f.row()})
    return out


def league_table(table: list[dict]) -> Table:
    """The league as a report table: one row per branch, each header Chinese / English."""
    return Table("league", "网点排行", "Branch league", tuple(f"{zh} / {en}" for _, zh, en in COLUMNS),
                 [[r[key] for key, _, _ in COLUMNS] for r in table])


def write_csv(path: Path, table: list[dict]) -> Path:
    """The league table as CSV, by the report writer (numbers as numbers, rates as fractions)."""
    return write_table_csv(path, league_table(table))


def write_html(path: Path, table: list[dict], start: date, end: date, links: dict[str, str] | None = None,
               combined: str | None = None) -> Path:
    """The league table as one HTML page with no outside resources, linking each branch's report (relative paths)."""
    links = links or {}
    rows = [[(cell(r[key], key in PERCENT), links.get(r["branch"]) if key == "branch" else None)
             for key, _, _ in COLUMNS] for r in table]
    return write_page(path, "league.html", start=start, end=end, headers=[(zh, en) for _, zh, en in COLUMNS],
                      rows=rows, links=links, combined=combined)
