"""The report's charts as PNG bytes (matplotlib, Agg), lettered in the shipped CJK font."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from fenliu.paths import FONT_REGULAR  # noqa: E402
from reports.tables import name  # noqa: E402

FONT = FONT_REGULAR
font_manager.fontManager.addfont(str(FONT))
plt.rcParams.update({"font.family": font_manager.FontProperties(fname=str(FONT)).get_name(),
                     "axes.unicode_minus": False, "figure.dpi": 100, "axes.spines.top": False,
                     "axes.spines.right": False})
COLOURS = ["#c8102e", "#1f6fb2", "#f2a900", "#2e8b57", "#7b4fa0", "#e07b39", "#5a6b7b", "#a3c644",
           "#d45087", "#3bb3c3", "#8c564b", "#b0b0b0", "#ff9da7", "#4e79a7", "#9c755f", "#76b7b2"]


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def overlapping(labels) -> bool:
    """Whether any two drawn tick labels touch (their boxes on the rendered figure overlap)."""
    boxes = [t.get_window_extent() for t in labels if t.get_text()]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def fit_labels(fig, ax) -> None:
    """Lay the x labels out so none overlap: level, else a bilingual label on two lines, else slanted, else upright."""
    fig.tight_layout()
    fig.canvas.draw()
    if not overlapping(ax.get_xticklabels()):
        return
    ax.set_xticks(ax.get_xticks(), [t.get_text().replace(" ", "\n", 1) for t in ax.get_xticklabels()])
    for rotation, ha in ((0, "center"), (30, "right"), (90, "center")):
        plt.setp(ax.get_xticklabels(), rotation=rotation, ha=ha)
        fig.tight_layout()
        fig.canvas.draw()
        if not overlapping(ax.get_xticklabels()):
            return


def _bars(title: str, labels: list[str], series: dict[str, list[float]], ylabel: str, percent: bool = False,
          counts: bool = False):
    """Grouped bars, one group per label (`counts`: the axis steps by whole numbers)."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    width = 0.8 / max(1, len(series))
    for i, (key, values) in enumerate(series.items()):
        xs = [x + i * width - 0.4 + width / 2 for x in range(len(labels))]
        ax.bar(xs, values, width, label=key, color=COLOURS[i % len(COLOURS)])
    ax.set_xticks(range(len(labels)), labels, rotation=20 if len(labels) > 4 else 0, ha="right" if len(labels) > 4 else "center")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if percent:
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    if counts:
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    if len(series) > 1:
        ax.legend(fontsize=8)
    fit_labels(fig, ax)
    return fig


def arrivals(r: dict) -> Figure:
    """Arrivals per 30 minutes, stacked by purpose."""
    slots = list(r["arrivals"])
    purposes = sorted({p for c in r["arrivals"].values() for p in c})
    fig, ax = plt.subplots(figsize=(11, 4))
    bottom = [0] * len(slots)
    for i, p in enumerate(purposes):
        values = [r["arrivals"][s].get(p, 0) for s in slots]
        ax.bar(slots, values, bottom=bottom, label=name(r, "purposes", p), color=COLOURS[i % len(COLOURS)])
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title("每30分钟来访（按业务） Arrivals per 30 minutes by purpose", loc="left")
    ax.set_ylabel("来访 visits")
    ax.tick_params(axis="x", rotation=45)
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=7, ncol=2, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def diversion_hours(r: dict) -> Figure:
    """The KPI hour by hour."""
    hours = r["diversion"]["per_hour"]
    return _bars(f"每小时分流率（不含老年客户）Diversion rate per hour, elderly left out — 全天 day {r['diversion_rate']:.0%}",
                 list(hours), {"分流率 rate": [h["rate"] for h in hours.values()]}, "分流率 rate", percent=True)


def diversion_targets(r: dict) -> Figure:
    """The KPI per self-service target, with declined reasons beside it."""
    per = r["diversion"]["per_target"]
    return _bars("各自助设备分流率 Diversion rate per self-service target", [name(r, "targets", c) for c in per],
                 {"分流率 rate": [t["rate"] for t in per.values()]}, "分流率 rate", percent=True)


def declined(r: dict) -> Figure:
    """Declined diversions by reason."""
    reasons = r["declined_by_reason"]
    return _bars("拒绝分流原因 Declined diversions by reason", [name(r, "reasons", c) for c in reasons],
                 {"次数 count": list(reasons.values())}, "次数 count", counts=True)


def waits(r: dict) -> Figure:
    """Average, p90 and longest wait per service."""
    per = {c: s for c, s in r["waits"]["per_service"].items() if s["count"]}
    labels = [name(r, "services", c) for c in per]
    return _bars("各队列等候 Waits per service", labels,
                 {"平均 avg": [s["average"] for s in per.values()], "P90": [s["p90"] for s in per.values()],
                  "最长 max": [s["longest"] for s in per.values()]}, "分钟 minutes")


def service_level(r: dict) -> Figure:
    """Share of tickets called within the service's minutes."""
    lvl = {c: x for c, x in r["waits"]["service_level"].items() if x["counted"]}
    return _bars("服务水平（在标准时间内叫号）Service level: called within the target", [name(r, "services", c) for c in lvl],
                 {"达标率 rate": [x["rate"] for x in lvl.values()]}, "达标率 rate", percent=True)


def utilisation(r: dict) -> Figure:
    """Utilisation per counter."""
    per = r["counters"]
    return _bars("各窗口利用率 Utilisation per counter", [name(r, "counters", c) for c in per],
                 {"利用率 utilisation": [x["utilisation"] for x in per.values()]}, "利用率", percent=True)


CHARTS = {"arrivals": arrivals, "diversion_hours": diversion_hours, "diversion_targets": diversion_targets,
          "declined": declined, "waits": waits, "service_level": service_level, "utilisation": utilisation}


def all_charts(r: dict) -> dict[str, bytes]:
    """Every chart of the report, by name, as PNG."""
    return {key: _png(draw(r)) for key, draw in CHARTS.items()}


def compare_waits(per_scenario: dict) -> bytes:
    """Average and p90 counter wait per scenario, with 95% confidence intervals."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    names = list(per_scenario)
    for i, (key, label) in enumerate((("avg_counter_wait", "平均等候 avg wait"), ("p90_counter_wait", "P90等候 p90 wait"))):
        values = [per_scenario[n][key] for n in names]
        xs = [x + (i - 0.5) * 0.38 for x in range(len(names))]
        ax.bar(xs, [v.mean for v in values], 0.38, label=label, color=COLOURS[i],
               # no error bar where the days were too few for an interval (low and high are None)
               yerr=[[v.mean - v.low if v.enough else 0 for v in values],
                     [v.high - v.mean if v.enough else 0 for v in values]], capsize=4)
    ax.set_xticks(range(len(names)), names)
    ax.set_ylabel("分钟 minutes")
    ax.set_title("柜台等候（95%置信区间）Counter wait, 95% confidence interval")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return _png(fig)
