"""The simulator's pages: each scenario's day report (the same as `fenliu report`) and the comparison.

The page of a scenario draws its first simulated day; its Excel and CSV files hold every simulated day (a
`模拟日 day` column) and the means over the days with their intervals.
"""
from __future__ import annotations

import re
from pathlib import Path

from reports.tables import Table, all_tables
from simulator.compare import CLIPPED, METRICS, RATES, TOO_FEW, MIN_DAYS, starving_text
from queue_host import views

DAY = "模拟日 day"


def slug(s) -> str:
    """A file name for a scenario: its file's stem, else its name in ASCII."""
    if s.source:
        return Path(s.source).stem
    return re.sub(r"[^A-Za-z0-9]+", "-", s.name).strip("-").lower() or "scenario"


def digits(key: str) -> int:
    """Decimals a metric is shown with."""
    return 3 if key in RATES else 1


def intervals_table(summary: dict, name: str) -> Table:
    """One scenario's metrics over its replications (text, as the page shows them)."""
    rows = [[f"{zh} {en}", summary["scenarios"][name][key].text(digits(key))] for key, zh, en, _ in METRICS]
    return Table("replications", "多次模拟均值与95%置信区间", "Mean over replications, 95% confidence interval",
                 ("指标 Figure", "均值 [区间] mean [CI]"), rows)


def means_table(summary: dict, name: str) -> Table:
    """The same means and bounds as numbers, for Excel and CSV (bounds empty when the days were too few)."""
    rows = [[f"{zh} {en}", round(i.mean, 4), None if i.low is None else round(i.low, 4),
             None if i.high is None else round(i.high, 4), i.n]
            for key, zh, en, _ in METRICS for i in [summary["scenarios"][name][key]]]
    return Table("means-over-days", "各模拟日均值与95%置信区间", "Mean over the simulated days, 95% confidence interval",
                 ("指标 Figure", "均值 mean", "95%下限 low", "95%上限 high", "模拟天数 days"), rows)


def hours_table(runs: list) -> Table:
    """Per counter, the mean over the days of its busy time against its scheduled hours."""
    rows = []
    for cid in sorted({c for d in runs for c in d.hours}, key=lambda c: (len(c), c)):
        days = [d.hours[cid] for d in runs if cid in d.hours]
        scheduled = sum(h["scheduled_minutes"] for h in days) / len(runs)
        busy = sum(h["busy_minutes"] for h in days) / len(runs)
        over = sum(h["overtime_minutes"] for h in days) / len(runs)
        rows.append([cid, round(scheduled, 1), round(busy, 1), round(busy / scheduled, 3) if scheduled else None,
                     round(over, 1)])
    return Table("counter-hours", "各窗口忙碌时间与排班（各模拟日均值）",
                 "Counters' busy time against their scheduled hours (mean over the simulated days)",
                 ("窗口 counter", "排班(分) scheduled min", "忙碌(分) busy min", "利用率(忙碌÷排班) utilisation of schedule",
                  "排班外办理(分) overtime min"), rows)


def days_table(runs: list) -> Table:
    """Every simulated day's metrics, one row per day."""
    rows = [[n, *[round(read(d), 4) for *_, read in METRICS]] for n, d in enumerate(runs, 1)]
    return Table("figures-every-day", "每个模拟日的指标", "Figures of every simulated day",
                 (DAY, *[f"{zh} {en}" for _, zh, en, _ in METRICS]), rows)


def every_day(cfg, runs: list) -> list[Table]:
    """The day report's tables with every simulated day stacked, a day column first."""
    per_day = [all_tables(views.report(cfg, d.figures)) for d in runs]
    return [Table(f"{t.key}-every-day", f"{t.title_zh}（每个模拟日）", f"{t.title_en} (every simulated day)",
                  (DAY, *t.headers), [[n, *row] for n, day in enumerate(per_day, 1) for row in day[i].rows])
            for i, t in enumerate(per_day[0])]


def flags(summary: dict, name: str) -> list[str]:
    """What went wrong in a scenario, in words (Chinese first): the day ran over its roster, queues starved."""
    from reports.write import percent
    m = summary["scenarios"][name]
    out = []
    if m["utilisation"].mean > 1:
        out.append(f"超出排班：窗口忙碌时间为排班的 {m['utilisation'].mean:.2f} 倍，排班外办理 "
                   f"{m['overtime_minutes'].mean:.0f} 分钟，闭店后叫号占 {percent(m['late_calls'].mean)} / "
                   f"ran over the roster: counters busy {m['utilisation'].mean:.2f} × their scheduled minutes, "
                   f"{m['overtime_minutes'].mean:.0f} minutes served outside the schedule, "
                   f"{percent(m['late_calls'].mean)} of calls after closing")
    out += [starving_text(q) for q in summary.get("starving", {}).get(name, [])]
    return out


def interval_notes(n: int) -> list[str]:
    """How the intervals were made, and a plain warning when the days were too few for one."""
    notes = [CLIPPED[0], CLIPPED[1]]
    if n < MIN_DAYS:
        notes.append(f"只模拟了 {n} 天：{TOO_FEW[0]}（至少 {MIN_DAYS} 天） / only {n} simulated day(s): "
                     f"{TOO_FEW[1]} ({MIN_DAYS} or more needed)")
    return notes


def scenario_report(s, runs, summary: dict, out: Path) -> Path:
    """The scenario's first replicated day as a day report, with the replications' intervals on top."""
    from reports.write import write_report
    report = views.report(s.cfg, runs[0].figures)
    notes = [*flags(summary, s.name),
             f"模拟：{len(runs)} 次重复，种子 {s.seed}；下列图表为第1次模拟日；Excel 与 CSV 含每个模拟日（“模拟日”列）及各日均值。",
             f"Simulated: {len(runs)} replications; the charts show the first simulated day; the Excel and CSV files "
             f"hold every simulated day (the “day” column) and the means over the days.",
             *interval_notes(len(runs)),
             "下方“各窗口办理与利用率”按实际在岗时间计算（第1次模拟日）；按排班计算见上表。",
             "The table “Service time and utilisation per counter” below measures the time actually worked (first "
             "simulated day); the table above measures it against the scheduled hours."]
    counters = hours_table(runs)
    data = [means_table(summary, s.name), counters, days_table(runs), *every_day(s.cfg, runs)]
    paths = write_report(report, out, slug(s), f"模拟 {s.name}", f"Simulated day — {s.name}", notes,
                         extra_tables=[intervals_table(summary, s.name), counters], data_tables=data)
    return paths["html"]


def comparison_page(scenarios: list, summary: dict, links: dict[str, Path], out: Path, replications: int) -> Path:
    """One page: every scenario's metrics side by side, what went wrong, the paired differences, a chart of waits."""
    from reports import charts
    from reports.write import png_src, write_page
    names = [s.name for s in scenarios]
    rows = [(f"{zh} {en}", [summary["scenarios"][n][key].text(digits(key)) for n in names]) for key, zh, en, _ in METRICS]
    diffs = [(f"{n} − {names[0]}", [summary["differences"][n][key].text(digits(key)) for key, *_ in METRICS])
             for n in names[1:]]
    chart = charts.compare_waits({n: summary["scenarios"][n] for n in names})
    path = write_page(out / "compare.html", "compare.html", replications=replications,
                      scenarios=[(n, links[n].name) for n in names], rows=rows, diffs=diffs,
                      flags=[(n, flags(summary, n)) for n in names if flags(summary, n)],
                      notes=interval_notes(replications),
                      metrics=[f"{zh} {en}" for _, zh, en, _ in METRICS], chart=png_src(chart))
    (out / "compare-waits.png").write_bytes(chart)
    return path
