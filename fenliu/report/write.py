"""Write a report: a self-contained HTML page with its charts inline, a CSV per table, one Excel workbook."""
from __future__ import annotations

import base64
import csv
import html
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from fenliu.report import charts
from fenliu.report.tables import Table, all_tables

CSS = """body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:0 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}img{max-width:100%;display:block;margin:1em 0}
.note{color:#555;font-size:90%}"""


def _cell(value) -> str:
    return f"{value:.1%}" if isinstance(value, float) and 0 <= value <= 1 and value != int(value) else str(value)


def table_html(t: Table, rates: bool = True) -> str:
    """One table as HTML, its title Chinese then English."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in t.headers)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v) if rates and _is_rate(t, i, row) else str(v))}</td>"
                                    for i, v in enumerate(row)) + "</tr>" for row in t.rows)
    return f"<h2>{html.escape(t.title_zh)} {html.escape(t.title_en)}</h2><table><tr>{head}</tr>{rows}</table>"


def _is_rate(t: Table, column: int, row: list) -> bool:
    header = t.headers[column] if column < len(t.headers) else ""
    label = str(row[0]) if t.key == "summary" and column == 1 else ""
    return any(word in header + label for word in ("rate", "utilisation", "service level", "per call"))


def img(png: bytes, alt: str) -> str:
    """A PNG inline, so the page needs no other file."""
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def page(report: dict, title_zh: str, title_en: str, extra: str = "") -> str:
    """The whole report page: headline table, charts, then every table."""
    pictures = charts.all_charts(report)
    tables = all_tables(report)
    body = [f"<h1>{html.escape(title_zh)}<br>{html.escape(title_en)}</h1>", extra, table_html(tables[0])]
    body += [img(png, key) for key, png in pictures.items()]
    body += [table_html(t) for t in tables[1:]]
    body.append('<p class="note">等候：取号至首次叫号；P90 为第90百分位（最近秩）；分流率不含老年客户来访。<br>'
                "Wait: from the ticket to its first call; p90 is the nearest-rank 90th percentile; the diversion "
                "rate leaves out visits marked elderly.</p>")
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title_zh)} {html.escape(title_en)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>")


def write_csv(tables: list[Table], folder: Path) -> list[Path]:
    """One CSV per table (UTF-8 with BOM, so Excel reads the Chinese)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for t in tables:
        path = folder / f"{t.key}.csv"
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(t.headers)
            writer.writerows(t.rows)
        out.append(path)
    return out


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


def write_report(report: dict, out: Path, stem: str, title_zh: str, title_en: str, extra: str = "",
                 extra_tables: list[Table] | None = None) -> dict[str, Path]:
    """Write stem.html, stem.xlsx and stem-csv/*.csv into `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    tables = all_tables(report) + list(extra_tables or [])
    html_path = out / f"{stem}.html"
    html_path.write_text(page(report, title_zh, title_en, extra + "".join(table_html(t) for t in extra_tables or [])),
                         encoding="utf-8")
    return {"html": html_path, "xlsx": write_xlsx(tables, out / f"{stem}.xlsx"),
            "csv": write_csv(tables, out / f"{stem}-csv")[0].parent}
