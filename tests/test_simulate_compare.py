"""simulator/compare.py: intervals that respect what cannot be negative, too few days said plainly,
and the starving-queue rule."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from simulator.compare import MIN_DAYS, interval, metric_interval, replicate, starving, summarise
from simulator.scenario import ScenarioError, parse, read
from tests.hostproc import ROOT

SCENARIOS = ROOT / "config" / "scenarios"


def test_an_interval_of_waits_never_goes_below_zero_and_a_share_never_above_one():
    waits = interval([2.0, 0.0, 40.0])  # a plain t interval would reach about -36
    assert waits.low == 0.0 and waits.high > 40 and "[0.0, " in waits.text()
    level = metric_interval("service_level", [1.0, 1.0, 0.4])
    assert level.low >= 0.0 and level.high == 1.0
    difference = interval([-5.0, -6.0, -4.0], floor=None)  # a paired difference may well be negative
    assert difference.high < 0


def test_two_days_are_too_few_for_an_interval_and_the_text_says_so():
    two = interval([18.1 - 14, 18.1 + 14])
    assert two.n == 2 < MIN_DAYS and not two.enough and two.low is None
    assert two.text() == "18.1 (天数太少，无法给出区间 / too few days for an interval)"
    assert "-" not in two.text()


def test_the_vip_queue_starves_without_diversion_and_nothing_starves_with_it():
    off, on = read(SCENARIOS / "branch-diversion-off.toml"), read(SCENARIOS / "branch-diversion-on.toml")
    runs = {on.name: replicate(on, 2, 1), off.name: replicate(off, 2, 1)}
    summary = summarise(runs, {on.name: on, off.name: off})
    assert summary["starving"][on.name] == []
    [vip] = summary["starving"][off.name]
    assert vip["service"] == "vip" and vip["wait"].mean > 5 * vip["level_minutes"]
    # a looser rule in the scenario file tolerates the same waits
    loose = parse({**_toml(off), "starving_factor": 50})
    assert starving(loose, runs[off.name]) == []


def test_a_starving_factor_that_is_not_a_number_is_refused_with_what_to_write():
    with pytest.raises(ScenarioError, match="starving_factor: a number from 1 to 100"):
        parse({**_toml(read(SCENARIOS / "branch-diversion-off.toml")), "starving_factor": "high"})


def _toml(s) -> dict:
    """A shipped scenario's TOML as parsed data, its branch path made absolute."""
    data = tomllib.loads(Path(s.source).read_text(encoding="utf-8"))
    return {**data, "branch": str(Path(s.source).parent / data["branch"])}
