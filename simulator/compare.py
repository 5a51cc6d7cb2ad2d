"""Replications of several scenarios on common random numbers: means, 95% intervals, paired differences, and
the queues that starve under the calling rules.

Intervals are Student t intervals over the simulated days; a figure that cannot be negative (a wait, a count,
a share) has its bounds clipped at 0 (and a share at 1), and with fewer than MIN_DAYS days no interval is given
at all. Paired differences may be negative and are not clipped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import mean, stdev

from simulator import hours
from simulator.branch_day import DayResult, simulate_day
from simulator.scenario import Scenario

# Two-sided 95% Student t quantiles by degrees of freedom (beyond 30, the normal's 1.96 is close enough).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
       20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048,
       29: 2.045, 30: 2.042}
MIN_DAYS = 3  # fewer simulated days than this give no interval worth printing
TOO_FEW = ("天数太少，无法给出区间", "too few days for an interval")
CLIPPED = ("区间为各模拟日的95%置信区间（t分布），不可能为负的指标下限截至0，比率上限截至1；少于3天不给区间。",
           "Intervals are 95% confidence intervals (Student t) over the simulated days; a figure that cannot be "
           "negative has its lower bound clipped at 0 and a share its upper bound at 1; fewer than 3 days give no "
           "interval.")

# (key, Chinese, English, how to read it from one simulated day)
METRICS = [
    ("avg_counter_wait", "柜台平均等候(分)", "avg counter wait (min)", lambda d: d.figures["wait_minutes"]["average"]),
    ("p90_counter_wait", "柜台P90等候(分)", "p90 counter wait (min)", lambda d: d.figures["wait_minutes"]["p90"]),
    ("longest_wait", "最长等候(分)", "longest wait (min)", lambda d: d.figures["wait_minutes"]["longest"]),
    ("vip_wait", "贵宾平均等候(分)", "avg VIP wait (min)", lambda d: d.figures["waits"]["per_tier"]["vip"]["average"]),
    ("ordinary_wait", "普通客户平均等候(分)", "avg ordinary wait (min)",
     lambda d: d.figures["waits"]["per_tier"]["ordinary"]["average"]),
    ("service_level", "服务水平", "service level", lambda d: d.figures["service_level"]),
    ("diversion_rate", "分流率", "diversion rate", lambda d: d.figures["diversion_rate"]),
    ("tickets", "取号", "tickets", lambda d: d.figures["tickets"]),
    ("no_shows", "过号", "no-shows", lambda d: d.figures["no_shows"]),
    ("utilisation", "窗口利用率(忙碌÷排班，>1即超时)", "counter utilisation of scheduled hours (busy ÷ scheduled; >1 ran over)",
     lambda d: hours.utilisation(d.hours)),
    ("overtime_minutes", "排班外办理(分，各窗口合计)", "overtime: minutes served outside the schedule (all counters)",
     lambda d: hours.overtime(d.hours)),
    ("late_calls", "闭店后叫号占比", "share of calls after closing time",
     lambda d: d.calls_after_close / d.calls if d.calls else 0.0),
]
SHARES = {"service_level", "diversion_rate", "late_calls"}  # between 0 and 1
RATES = SHARES | {"utilisation"}  # shown with three decimals


@dataclass(frozen=True)
class Interval:
    """A mean with its 95% confidence interval over n replications (no interval below MIN_DAYS days)."""
    mean: float
    low: float | None
    high: float | None
    n: int

    @property
    def enough(self) -> bool:
        """Whether there were days enough for an interval."""
        return self.low is not None

    def text(self, digits: int = 1) -> str:
        """'12.3 [11.0, 13.6]', or '12.3 (天数太少，无法给出区间 / too few days for an interval)'."""
        if not self.enough:
            return f"{self.mean:.{digits}f} ({TOO_FEW[0]} / {TOO_FEW[1]})"
        return f"{self.mean:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def interval(values: list[float], floor: float | None = 0.0, ceiling: float | None = None) -> Interval:
    """Mean and 95% confidence interval (Student t) of replications, its bounds clipped to [floor, ceiling]."""
    m = mean(values)
    if len(values) < MIN_DAYS:
        return Interval(m, None, None, len(values))
    half = T95.get(len(values) - 1, 1.96) * stdev(values) / math.sqrt(len(values))
    low, high = m - half, m + half
    if floor is not None:
        low, high = max(floor, low), max(floor, high)
    if ceiling is not None:
        low, high = min(ceiling, low), min(ceiling, high)
    return Interval(m, low, high, len(values))


def metric_interval(key: str, values: list[float]) -> Interval:
    """A metric's interval with its natural bounds: never below 0, a share never above 1."""
    return interval(values, 0.0, 1.0 if key in SHARES else None)


def metrics(day: DayResult) -> dict[str, float]:
    """The comparison's figures of one simulated day."""
    return {key: float(read(day)) for key, _, _, read in METRICS}


def replicate(s: Scenario, replications: int, seed: int) -> list[DayResult]:
    """The scenario's days for seeds seed, seed+1, ...: the same people for every scenario."""
    return [simulate_day(s, seed + r) for r in range(replications)]


def summarise(runs: dict[str, list[DayResult]], scenarios: dict[str, Scenario] | None = None) -> dict:
    """Per scenario: each metric's interval and its starving queues; per other scenario: its paired difference
    from the first (other minus first)."""
    names = list(runs)
    per = {n: [metrics(r) for r in runs[n]] for n in names}
    out = {"scenarios": {}, "differences": {}, "starving": {}}
    for n in names:
        out["scenarios"][n] = {k: metric_interval(k, [m[k] for m in per[n]]) for k, *_ in METRICS}
        out["starving"][n] = starving(scenarios[n], runs[n]) if scenarios else []
    base = names[0]
    for n in names[1:]:
        out["differences"][n] = {k: interval([o[k] - b[k] for b, o in zip(per[base], per[n])], None)
                                 for k, *_ in METRICS}
    return out


def starving(s: Scenario, days: list[DayResult]) -> list[dict]:
    """The queues whose mean wait over the days exceeds the scenario's starving factor times their service level."""
    out = []
    for code, service in s.cfg.services.items():
        waits = [d.figures["waits"]["per_service"][code]["average"] for d in days
                 if d.figures["waits"]["per_service"].get(code, {}).get("count")]
        limit = s.starving_factor * service.service_level_minutes
        if waits and mean(waits) > limit:
            out.append({"service": code, "zh": service.name_zh, "en": service.name_en, "wait": interval(waits),
                        "level_minutes": service.service_level_minutes, "factor": s.starving_factor})
    return out


def starving_text(q: dict) -> str:
    """One starving queue in words, Chinese first."""
    wait, level, factor = q["wait"].mean, q["level_minutes"], f"{q['factor']:g}"
    return (f"{q['zh']}队列被饿死：平均等候 {wait:.1f} 分钟，超过其服务时限 {level} 分钟的 {factor} 倍 / "
            f"{q['en']} queue starves: average wait {wait:.1f} min, over {factor} × its {level}-minute service level")
