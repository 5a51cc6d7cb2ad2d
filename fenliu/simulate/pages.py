"""The simulator's pages: each scenario's day report (the same as `fenliu report`) and the comparison."""
from __future__ import annotations

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
    notes = [f"模拟：{len(runs)} 次重复，种子 {s.seed}；下列图表为第1次模拟日。",
             f"Simulated: {len(runs)} replications; the charts show the first simulated day."]
    paths = write_report(report, out, slug(s), f"模拟 {s.name}", f"Simulated day — {s.name}", notes,
                         extra_tables=[intervals_table(summary, s.name)])
    return paths["html"]


def comparison_page(scenarios: list, summary: dict, links: dict[str, Path], out: Path, replications: int) -> Path:
    """One page: every scenario's metrics side by side, the paired differences, and a chart of the waits."""
    from fenliu.report import charts
    from fenliu.report.write import png_src, write_page
    names = [s.name for s in scenarios]
    digits = {key: 3 if key in RATES else 1 for key, *_ in METRICS}
    rows = [(f"{zh} {en}", [summary["scenarios"][n][key].text(digits[key]) for n in names]) for key, zh, en, _ in METRICS]
    diffs = [(f"{n} − {names[0]}", [summary["differences"][n][key].text(digits[key]) for key, *_ in METRICS])
             for n in names[1:]]
    chart = charts.compare_waits({n: summary["scenarios"][n] for n in names})
    path = write_page(out / "compare.html", "compare.html", replications=replications,
                      scenarios=[(n, links[n].name) for n in names], rows=rows, diffs=diffs,
                      metrics=[f"{zh} {en}" for _, zh, en, _ in METRICS], chart=png_src(chart))
    (out / "compare-waits.png").write_bytes(chart)
    return path
