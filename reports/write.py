"""The one report writer, for the branch and for head office: cells, CSV, Excel and HTML pages.

Pages are Jinja2 templates (assets/templates: report.html, league.html, compare.html on base.html and
style.css) rendered with autoescaping, so a branch, queue or scenario name can never become markup.
CSV and Excel keep numbers as numbers (a rate as its fraction, a figure that does not exist left empty);
the page shows every rate as a percentage and a figure that does not exist as 无 n/a.
"""
from __future__ import annotations

import base64
import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.tables import Table, all_tables
from queue_host.pages import render

NA = "无 n/a"  # a figure that does not exist (no tickets in a queue, no alert cleared yet), not zero
RATE_WORDS = ("rate", "utilisation", "service level", "per call")
NOTE = ("等候：取号至首次叫号；P90 为第90百分位（最近秩）；分流率不含老年客户来访。",
        "Wait: from the ticket to its first call; p90 is the nearest-rank 90th percentile; the diversion rate leaves "
        "out visits marked elderly.")


def percent(value: float) -> str:
    """A rate as a percentage with one decimal: 0.3333 → 33.3%, 1.0 → 100.0%."""
    return f"{value:.1%}"


def cell(value, rate: bool = False) -> str:
    """A value as a page shows it: rates as percentages, a missing figure as 无 n/a."""
    if value is None:
        return NA
    if rate and isinstance(value, (int, float)) and not isinstance(value, bool):
        return percent(value)
    return str(value)


def is_rate(t: Table, column: int, row: list) -> bool:
    """Whether a cell holds a rate: its column's header, or the summary row's label, names one."""
    header = t.headers[column] if column < len(t.headers) else ""
    label = str(row[0]) if t.key == "summary" and column == 1 else ""
    return any(word in (header + " " + label).lower() for word in RATE_WORDS)


def shown(t: Table) -> dict:
    """A table as the page template takes it: titles, headers and every cell formatted."""
    return {"title_zh": t.title_zh, "title_en": t.title_en, "headers": t.headers,
            "rows": [[cell(v, is_rate(t, i, row)) for i, v in enumerate(row)] for row in t.rows]}


def png_src(png: bytes) -> str:
    """A PNG as a data: address, so the page needs no other file."""
    return "data:image/png;base64," + base64.b64encode(png).decode()


def page(report: dict, title_zh: str, title_en: str, notes: list[str] = (), extra_tables: list[Table] = ()) -> str:
    """The whole report page: notes and any extra tables, the headline table, charts, then every table."""
    return render("report.html", **_page_values(report, title_zh, title_en, notes, list(extra_tables)))


def write_page(path: Path, template: str, **values) -> Path:
    """One page from its template into `path` (UTF-8)."""
    path.write_text(render(template, **values), encoding="utf-8")
    return path


def write_table_csv(path: Path, t: Table) -> Path:
    """One table as CSV, headers first (UTF-8 with BOM, so Excel reads the Chinese); a missing figure is empty."""
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(t.headers)
        writer.writerows(t.rows)
    return path


def write_csv(tables: list[Table], folder: Path) -> list[Path]:
    """One CSV per table, named by its key."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_table_csv(folder / f"{t.key}.csv", t) for t in tables]


def write_xlsx(tables: list[Table], path: Path) -> Path:
    """One workbook, one sheet per table, the title in the first row."""
    book = Workbook()
    book.remove(book.active)
    for t in tables:
        sheet = book.create_sheet(t.key[:31])
        sheet.append([f"{t.title_zh} {t.title_en}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(list(t.headers))
        for row in t.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 36
    book.save(path)
    return path


def write_report(report: dict, out: Path, stem: str, title_zh: str, title_en: str, notes: list[str] = (),
                 extra_tables: list[Table] | None = None, data_tables: list[Table] | None = None) -> dict[str, Path]:
    """Write stem.html, stem.xlsx and stem-csv/*.csv into `out`; returns their paths. The Excel and CSV files
    hold `data_tables` when given (e.g. every simulated day), else the page's tables."""
    out.mkdir(parents=True, exist_ok=True)
    extra = list(extra_tables or [])
    tables = list(data_tables) if data_tables is not None else all_tables(report) + extra
    html_path = write_page(out / f"{stem}.html", "report.html", **_page_values(report, title_zh, title_en, notes, extra))
    return {"html": html_path, "xlsx": write_xlsx(tables, out / f"{stem}.xlsx"),
            "csv": write_csv(tables, out / f"{stem}-csv")[0].parent}


def _page_values(report: dict, title_zh: str, title_en: str, notes, extra: list[Table]) -> dict:
    """What report.html takes."""
    from reports import charts  # matplotlib loads only when a page has charts to draw
    return {"title_zh": title_zh, "title_en": title_en, "notes": list(notes), "note": NOTE,
            "extra_tables": [shown(t) for t in extra], "tables": [shown(t) for t in all_tables(report)],
            "charts": [(key, png_src(png)) for key, png in charts.all_charts(report).items()]}
