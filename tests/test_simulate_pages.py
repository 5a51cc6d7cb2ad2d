"""simulator/pages.py and the printed summary: what a reader of `fenliu simulate --compare` sees of an
overloaded day, a starving queue, every simulated day in the CSVs, and too few days for an interval."""
from __future__ import annotations

import csv
import io
import re
from argparse import Namespace
from contextlib import redirect_stdout

import pytest

from simulator import cli
from tests.hostproc import ROOT

SCENARIOS = ROOT / "config" / "scenarios"
ON, OFF = "branch-diversion-on", "branch-diversion-off"


def simulate(out, *names: str, replications: int, compare: bool = True) -> str:
    """Run `fenliu simulate` in this process; its printed summary."""
    args = Namespace(scenarios=[str(SCENARIOS / f"{n}.toml") for n in names], compare=compare,
                     replications=replications, seed=None, out=str(out))
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert cli.run(args) == 0
    return printed.getvalue()


@pytest.fixture(scope="module")
def three_days(tmp_path_factory):
    """Diversion on and off compared over three simulated days."""
    out = tmp_path_factory.mktemp("simulated")
    return out, simulate(out, ON, OFF, replications=3)


def rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_day_without_diversion_says_it_ran_over_its_roster_with_the_overtime(three_days):
    out, printed = three_days
    off_lines = printed.split("分流关闭 diversion off: 平均等候")[1]
    utilisation = float(re.search(r"utilisation of scheduled hours ([\d.]+)", off_lines)[1])
    overtime = float(re.search(r"overtime ([\d.]+)", off_lines)[1])
    assert utilisation > 1.0 and overtime > 100
    assert "超出排班" in off_lines and "ran over the roster" in off_lines
    assert "ran over" not in printed.split("分流关闭 diversion off: 平均等候")[0]  # diversion on kept its roster
    page = text((out / "compare.html").read_text(encoding="utf-8"))
    assert page.index("超出排班") < page.index("ran over the roster: counters busy 1.")
    assert re.search(r"counter utilisation of scheduled hours .*? 0\.\d{3} \[[\d.]+, [\d.]+\] +1\.\d{3} \[", page, re.S)
    report = text((out / f"{OFF}.html").read_text(encoding="utf-8"))
    assert "ran over the roster" in report and "overtime min" in report


def test_the_starving_vip_queue_is_flagged_on_the_comparison_page_and_in_the_summary(three_days):
    out, printed = three_days
    page = text((out / "compare.html").read_text(encoding="utf-8"))
    flagged = page.split("需要注意 What went wrong")[1].split("指标 Figure")[0]
    assert "分流关闭 diversion off" in flagged and "分流开启 diversion on" not in flagged
    assert flagged.index("贵宾业务队列被饿死") < flagged.index("VIP queue starves: average wait")
    assert "VIP queue starves" in printed.split("分流关闭 diversion off: 平均等候")[1]


def test_the_csvs_hold_every_simulated_day_with_a_day_column_and_the_means_with_bounds(three_days):
    out, _ = three_days
    folder = out / f"{OFF}-csv"
    days = rows(folder / "figures-every-day.csv")
    assert days[0][0] == "模拟日 day" and [r[0] for r in days[1:]] == ["1", "2", "3"]
    tickets = days[0].index("取号 tickets")
    assert len({r[tickets] for r in days[1:]}) > 1  # three different days, not one repeated
    summary = rows(folder / "summary-every-day.csv")
    assert summary[0][0] == "模拟日 day" and {r[0] for r in summary[1:]} == {"1", "2", "3"}
    assert all(p.stem.endswith("-every-day") or p.stem in ("means-over-days", "counter-hours")
               for p in folder.glob("*.csv"))
    means = {r[0]: r for r in rows(folder / "means-over-days.csv")}
    wait = means["柜台平均等候(分) avg counter wait (min)"]
    assert float(wait[2]) <= float(wait[1]) <= float(wait[3]) and wait[4] == "3"
    hours = rows(folder / "counter-hours.csv")
    assert hours[0][1] == "排班(分) scheduled min" and any(float(r[3]) > 1 for r in hours[1:])


def test_no_interval_printed_for_the_days_has_a_negative_bound(three_days):
    out, printed = three_days
    assert not re.search(r"\[-", printed)
    page = (out / "compare.html").read_text(encoding="utf-8").split("Paired difference")[0]
    assert "[-" not in page


def test_two_simulated_days_are_called_too_few_for_an_interval(tmp_path):
    printed = simulate(tmp_path, ON, replications=2, compare=False)
    assert "天数太少，无法给出区间" in printed and "too few days for an interval" in printed
    first = printed.split("平均等候 avg wait ")[1].split(" min")[0]
    assert re.fullmatch(r"[\d.]+", first)  # the mean alone, no bounds
    report = text((tmp_path / f"{ON}.html").read_text(encoding="utf-8"))
    assert "(天数太少，无法给出区间 / too few days for an interval)" in report
    means = {r[0]: r for r in rows(tmp_path / f"{ON}-csv" / "means-over-days.csv")}
    assert means["柜台平均等候(分) avg counter wait (min)"][2:4] == ["", ""]
