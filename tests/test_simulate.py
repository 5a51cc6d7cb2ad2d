"""`fenliu simulate`: a branch day on the host's own rules, checked against queueing theory (Erlang C),
its scenario files, common random numbers, and the command's pages."""
from __future__ import annotations

import math
import subprocess
import sys
from datetime import datetime

import pytest

from simulator.branch_day import simulate_day
from simulator.compare import replicate
from simulator.scenario import ScenarioError, parse, read
from queue_host.config import DEFAULT_PATH
from tests.hostproc import ROOT

SCENARIOS = ROOT / "config" / "scenarios"


def erlang_c(c: int, a: float) -> float:
    """Probability an arrival waits in M/M/c with offered load a (Erlang C)."""
    top = a ** c / math.factorial(c) * c / (c - a)
    return top / (sum(a ** k / math.factorial(k) for k in range(c)) + top)


def mmc(per_hour: float, minutes: float, c: int) -> dict:
    """One queue (personal non-cash), c counters all day, exponential service, nobody diverted or leaving."""
    return {"branch": str(DEFAULT_PATH), "open": "06:00", "close": "22:00", "diversion": False, "walk_seconds": 0,
            "arrivals": {"06:00": per_hour}, "mix": {"card_loss": 1},
            "service_minutes": {"noncash": {"mean": minutes, "dist": "exponential"}},
            "counters": {str(i): [["06:00", "22:00"]] for i in range(1, c + 1)},
            "customers": {"vip_share": 0, "leave": 0}}


def test_simulated_waits_match_erlang_c_within_five_percent():
    per_hour, minutes, c, replications = 20.0, 3.0, 2, 300
    s = parse(mmc(per_hour, minutes, c))
    waits = []
    for r in range(replications):  # antithetic pairs: replication 2k+1 mirrors 2k's random numbers
        events = simulate_day(s, 500 + r // 2, antithetic=bool(r % 2)).events
        issued = {e["ticket"]["id"]: datetime.fromisoformat(e["at"]) for e in events if e["kind"] == "issued"}
        first = {}
        for e in events:
            if e["kind"] == "called":
                first.setdefault(e["ticket"]["id"], datetime.fromisoformat(e["at"]))
        # The first hour warms the empty branch up; steady state is what Erlang C describes.
        waits += [(first[t] - at).total_seconds() / 60 for t, at in issued.items() if at.hour >= 7]
    a = per_hour * minutes / 60
    p_wait = erlang_c(c, a)
    mean_wait = p_wait / (c / minutes - per_hour / 60)
    assert len(waits) > 80_000
    assert sum(waits) / len(waits) == pytest.approx(mean_wait, rel=0.05)
    assert sum(w > 0 for w in waits) / len(waits) == pytest.approx(p_wait, rel=0.05)


def test_the_shipped_scenarios_read_and_differ_only_in_what_they_say():
    on, off = read(SCENARIOS / "branch-diversion-on.toml"), read(SCENARIOS / "branch-diversion-off.toml")
    three, ratio = read(SCENARIOS / "branch-three-windows.toml"), read(SCENARIOS / "branch-vip-ratio-3.toml")
    assert three.shifts["2"] == () and three.shifts["1"] == on.shifts["1"]
    assert ratio.cfg.calling.vip_ratio == 3 and on.cfg.calling.vip_ratio == 2
    assert on.diversion and not off.diversion
    assert on.arrivals == off.arrivals and on.mix == off.mix and on.shifts == off.shifts
    assert all(p.route != "self_service" for p in off.cfg.purposes.values())


def test_a_bad_scenario_says_what_is_wrong_and_what_to_write(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('open = "9am"\n[arrivals]\n"09:00" = 10\n[mix]\ncash = 1\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match='open: write a time as "HH:MM"'):
        read(bad)
    with pytest.raises(ScenarioError, match="unknown: teleport"):
        parse({**mmc(10, 3, 1), "mix": {"teleport": 1}})
    with pytest.raises(ScenarioError, match=r"\[counters\] 9: not a counter"):
        parse({**mmc(10, 3, 1), "counters": {"9": [["09:00", "10:00"]]}})


def test_scenarios_on_the_same_seed_meet_the_same_visitors_and_only_the_rules_differ():
    on, off = read(SCENARIOS / "branch-diversion-on.toml"), read(SCENARIOS / "branch-diversion-off.toml")
    day_on, day_off = simulate_day(on, 3), simulate_day(off, 3)
    assert day_on.figures["arrivals"] == day_off.figures["arrivals"]
    assert day_on.figures["diverted"] > 100 and day_off.figures["diverted"] == 0
    assert day_off.figures["tickets"] > day_on.figures["tickets"]


def test_the_cash_recycler_outage_sends_its_customers_to_the_counter_only_while_it_lasts():
    day = simulate_day(read(SCENARIOS / "branch-diversion-on.toml"), 4)
    kinds = [(e["kind"], e["at"][11:16]) for e in day.events if e["kind"].startswith("target_")]
    assert kinds == [("target_suspended", "11:00"), ("target_resumed", "12:00")]
    fallbacks = [e["at"][11:16] for e in day.events if e["kind"] == "visit" and e["fallback"]]
    assert fallbacks and all("11:00" <= at < "12:00" for at in fallbacks)
    assert day.figures["fallback_to_counter"] == len(fallbacks)


def test_replications_use_consecutive_seeds_and_repeat_exactly():
    s = read(SCENARIOS / "branch-diversion-on.toml")
    first, again = replicate(s, 2, 7), replicate(s, 2, 7)
    assert [d.figures["wait_minutes"] for d in first] == [d.figures["wait_minutes"] for d in again]
    assert first[0].figures["visits"] != first[1].figures["visits"]


def test_fenliu_simulate_compare_writes_each_scenarios_report_and_the_comparison(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "fenliu", "simulate", str(SCENARIOS / "branch-diversion-on.toml"),
                           str(SCENARIOS / "branch-diversion-off.toml"), "--compare", "--replications", "3",
                           "--out", str(tmp_path)], cwd=str(ROOT), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "compare.html").read_text(encoding="utf-8")
    assert "情景对比" in page and "What-if comparison" in page and page.count("data:image/png;base64,") == 1
    for name in ("branch-diversion-on", "branch-diversion-off"):
        report = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert report.count("data:image/png;base64,") == 7 and "95%" in report
        assert (tmp_path / f"{name}.xlsx").stat().st_size > 5000
    assert "avg wait" in proc.stdout


def test_compare_with_one_scenario_is_refused_with_a_reason(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "fenliu", "simulate", str(SCENARIOS / "branch-diversion-on.toml"),
                           "--compare", "--out", str(tmp_path)], cwd=str(ROOT), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "--compare needs two or more" in proc.stderr
