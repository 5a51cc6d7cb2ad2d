"""The simulator's pages: each scenario's day report (the same as `fenliu report`) and the comparison."""
from __future__ import annotations

import html
import re
from pathlib import Path

from fenliu.report.tables import Table
from fenliu.simulate.compare import METRICS
from queue_host import views


def slug(s) -> str:
    """A file name for a scenario: its file's stem, else its name in ASCII."""
    if s.source:
        return Path(s.source).stem
    return re.sub(r"[^A-Za-z0-9]+", "-", s.name).strip("-").lower() or "scenario"


def intervals_table(summary: dict, name: str) -> Table:
    """One scenario's metrics over its replications."""
    rows = [[f"{zh} {en}", summary["scenarios"][name][key].text(3 if key in RATES else 1)]
            for key, zh, en, _ in METRICS]
    return Table("replications", "多次模拟均值与95%置信区间", "Mean over replications, 95% confidence interval",
                 ("指标 Figure", "均值 [区间] mean [CI]"), rows)


RATES = {"service_level", "diversion_rate", "utilisation"}


def scenario_report(s, runs, summary: dict, out: Path) -> Path:
    """The scenario's first replicated day as a day report, with the replications' intervals on top."""
    from fenliu.report.write import write_report
    report = views.report(s.cfg, runs[0].figures)
    extra = (f"<p>模拟：{len(runs)} 次重复，种子 {s.seed}；下列图表为第1次模拟日。<br>Simulated: {len(runs)} "
             f"replications; the charts show the first simulated day.</p>")
    paths = write_report(report, out, slug(s), f"模拟 {s.name}", f"Simulated day — {s.name}", extra,
                         extra_tables=[intervals_table(summary, s.name)])
    return paths["html"]


def comparison_page(scenarios: list, summary: dict, links: dict[str, Path], out: Path, replications: int) -> Path:
    """One page: every scenario's metrics side by side, the paired differences, and a chart of the waits."""
    from fenliu.report import charts
    from fenliu.report.write import CSS, img
    names = [s.name for s in scenarios]
    head = "".join(f"<th><a href=\"{html.escape(links[n].name)}\">{html.escape(n)}</a></th>" for n in names)
    rows = []
    for key, zh, en, _ in METRICS:
        digits = 3 if key in RATES else 1
        cells = "".join(f"<td>{summary['scenarios'][n][key].text(digits)}</td>" for n in names)
        rows.append(f"<tr><td>{zh} {en}</td>{cells}</tr>")
    diffs = []
    for n in names[1:]:
        cells = "".join(f"<td>{summary['differences'][n][key].text(3 if key in RATES else 1)}</td>"
                        for key, *_ in METRICS)
        diffs.append(f"<tr><td>{html.escape(n)} − {html.escape(names[0])}</td>{cells}</tr>")
    chart = charts.compare_waits({n: summary["scenarios"][n] for n in names})
    body = (f"<h1>情景对比<br>What-if comparison</h1><p>{replications} 次重复，各情景使用相同的随机来访（共同随机数）；"
            f"区间为95%置信区间。<br>{replications} replications; every scenario sees the same random visitors "
            "(common random numbers); intervals are 95% confidence intervals.</p>"
            f"<table><tr><th>指标 Figure</th>{head}</tr>{''.join(rows)}</table>{img(chart, 'waits')}"
            "<h2>与第一个情景的差（配对）Paired difference from the first scenario</h2>"
            f"<table><tr><th>情景 scenario</th>{''.join(f'<th>{zh} {en}</th>' for _, zh, en, _ in METRICS)}</tr>"
            f"{''.join(diffs)}</table>")
    path = out / "compare.html"
    path.write_text(f"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>情景对比 What-if "
                    f"comparison</title><style>{CSS}</style></head><body>{body}</body></html>", encoding="utf-8")
    (out / "compare-waits.png").write_bytes(chart)
    return path
