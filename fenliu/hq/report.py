"""The head-office league table of branches, written as a self-contained HTML page and a CSV file."""
from __future__ import annotations

import csv
import html
from datetime import date
from pathlib import Path

from fenliu.hq.league import Figures

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


def write_csv(path: Path, table: list[dict]) -> Path:
    """The league table as CSV (UTF-8 with BOM so spreadsheet programs show the Chinese headers)."""
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow([f"{zh} / {en}" for _, zh, en in COLUMNS])
        for r in table:
            w.writerow([r[key] for key, _, _ in COLUMNS])
    return path


def _cell(key: str, value, link: str | None = None) -> str:
    if link:
        return f'<a href="{html.escape(link)}">{html.escape(str(value))}</a>'
    if key in PERCENT:
        return f"{value * 100:.1f}%"
    return html.escape(str(value))


def write_html(path: Path, table: list[dict], start: date, end: date, links: dict[str, str] | None = None,
               combined: str | None = None) -> Path:
    """The league table as one HTML page with no outside resources, linking each branch's report (relative paths)."""
    links = links or {}
    head = "".join(f"<th>{html.escape(zh)}<br><small>{html.escape(en)}</small></th>" for _, zh, en in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{_cell(k, r[k], links.get(r['branch']) if k == 'branch' else None)}</td>"
                                    for k, _, _ in COLUMNS) + "</tr>" for r in table)
    both = (f'<p><a href="{html.escape(combined)}">所选网点合计报表 / the branches combined</a>。'
            "点网点代码看该网点的完整报表 / click a branch id for its full report.</p>" if combined else
            "<p>点网点代码看该网点的完整报表 / click a branch id for its full report.</p>" if links else "")
    empty = "" if table else '<p class="empty">此期间没有网点数据 / No branch reported events in this period.</p>'
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>网点排行 {start} – {end} / Branch league</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #999; padding: .4em .7em; text-align: right; }}
th {{ background: #eef; }} td:nth-child(2), td:nth-child(3) {{ text-align: left; }}
small {{ font-weight: normal; color: #555; }}
</style></head><body>
<h1>网点排行榜 <small>Branch league table</small></h1>
<p>{start} – {end}。按分流率、服务达标率、平均等候排序 / ranked by diversion rate, then service level,
then average wait. 服务达标率：在该队列服务时限内首次叫号的比例，超时仍未叫号的也计为未达标 / service level:
share first called within the queue's minutes, a ticket still uncalled past them counting as a miss.
过号率：过号占叫到的号 / no-show rate: no-shows per ticket called. 各数字即该网点报表中的数字 / every figure is
the one in the branch's own report.</p>
{both}{empty}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
