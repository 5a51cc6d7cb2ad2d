"""Replications of several scenarios on common random numbers: means, 95% intervals, paired differences."""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import mean, stdev

from fenliu.simulate.branch_day import DayResult, simulate_day
from fenliu.simulate.scenario import Scenario

# Two-sided 95% Student t quantiles by degrees of freedom (beyond 30, the normal's 1.96 is close enough).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
       20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048,
       29: 2.045, 30: 2.042}

# (key, Chinese, English, how to read it from one day's figures)
METRICS = [
    ("avg_counter_wait", "柜台平均等候(分)", "avg counter wait (min)", lambda f: f["wait_minutes"]["average"]),
    ("p90_counter_wait", "柜台P90等候(分)", "p90 counter wait (min)", lambda f: f["wait_minutes"]["p90"]),
    ("longest_wait", "最长等候(分)", "longest wait (min)", lambda f: f["wait_minutes"]["longest"]),
    ("vip_wait", "贵宾平均等候(分)", "avg VIP wait (min)", lambda f: f["waits"]["per_tier"]["vip"]["average"]),
    ("ordinary_wait", "普通客户平均等候(分)", "avg ordinary wait (min)",
     lambda f: f["waits"]["per_tier"]["ordinary"]["average"]),
    ("service_level", "服务水平", "service level", lambda f: f["service_level"]),
    ("diversion_rate", "分流率", "diversion rate", lambda f: f["diversion_rate"]),
    ("tickets", "取号", "tickets", lambda f: f["tickets"]),
    ("no_shows", "过号", "no-shows", lambda f: f["no_shows"]),
    ("utilisation", "窗口平均利用率", "mean counter utilisation", lambda f: _utilisation(f)),
]


def _utilisation(f: dict) -> float:
    used = [c["utilisation"] for c in f["counters"].values() if c["staffed_minutes"]]
    return round(sum(used) / len(used), 3) if used else 0.0


@dataclass(frozen=True)
class Interval:
    """A mean with its 95% confidence interval over n replications."""
    mean: float
    low: float
    high: float
    n: int

    def text(self, digits: int = 1) -> str:
        """'12.3 [11.0, 13.6]'."""
        return f"{self.mean:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def interval(values: list[float]) -> Interval:
    """Mean and 95% confidence interval (Student t) of replications."""
    m = mean(values)
    if len(values) < 2:
        return Interval(m, m, m, len(values))
    half = T95.get(len(values) - 1, 1.96) * stdev(values) / math.sqrt(len(values))
    return Interval(m, m - half, m + half, len(values))


def metrics(f: dict) -> dict[str, float]:
    """The comparison's figures of one simulated day."""
    return {key: float(read(f)) for key, _, _, read in METRICS}


def replicate(s: Scenario, replications: int, seed: int) -> list[DayResult]:
    """The scenario's days for seeds seed, seed+1, ...: the same people for every scenario."""
    return [simulate_day(s, seed + r) for r in range(replications)]


def summarise(runs: dict[str, list[DayResult]]) -> dict:
    """Per scenario: each metric's interval; per other scenario: its paired difference from the first (other minus first)."""
    names = list(runs)
    per = {n: [metrics(r.figures) for r in runs[n]] for n in names}
    out = {"scenarios": {}, "differences": {}}
    for n in names:
        out["scenarios"][n] = {k: interval([m[k] for m in per[n]]) for k, *_ in METRICS}
    base = names[0]
    for n in names[1:]:
        out["differences"][n] = {k: interval([o[k] - b[k] for b, o in zip(per[base], per[n])]) for k, *_ in METRICS}
    return out
