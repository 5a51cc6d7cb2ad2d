"""simulator/hours.py: a counter's busy time against its scheduled hours, on a real simulated day."""
from __future__ import annotations

import pytest

from simulator import hours
from simulator.branch_day import simulate_day
from simulator.scenario import parse
from queue_host.config import DEFAULT_PATH


def overloaded() -> dict:
    """One window rostered 09:00-10:00 facing about 90 minutes of work: it must run over."""
    return {"branch": str(DEFAULT_PATH), "open": "09:00", "close": "10:00", "diversion": False, "walk_seconds": 0,
            "arrivals": {"09:00": 30}, "mix": {"card_loss": 1},
            "service_minutes": {"noncash": {"mean": 3, "dist": "fixed"}},
            "counters": {"1": [["09:00", "10:00"]]}, "customers": {"vip_share": 0, "leave": 0}}


def test_time_outside_the_schedule_is_what_falls_in_a_break_or_after_the_end():
    roster = ((0.0, 100.0), (200.0, 300.0))
    assert hours.outside((90.0, 110.0), roster) == 10.0  # ran 10 s into the break
    assert hours.outside((250.0, 400.0), roster) == 100.0  # ran 100 s past the end
    assert hours.outside((10.0, 20.0), roster) == 0.0


def test_a_window_busy_longer_than_its_roster_shows_utilisation_above_one_and_its_overtime():
    day = simulate_day(parse(overloaded()), 11)
    window = day.hours["1"]
    assert window["scheduled_minutes"] == 60
    assert window["busy_minutes"] > 72 and window["utilisation"] > 1.2
    # idle moments inside the roster mean the overtime is at least the excess, never less
    assert window["overtime_minutes"] >= window["busy_minutes"] - 60 > 12
    assert hours.utilisation(day.hours) == pytest.approx(window["utilisation"])
    assert day.calls_after_close > 0 and day.calls_after_close < day.calls
    # The host's own figure measures the time actually worked, which can never show the overrun.
    assert day.figures["counters"]["1"]["utilisation"] <= 1.0 < window["utilisation"]


def test_a_window_never_rostered_is_left_out_of_the_schedule_figures():
    day = simulate_day(parse(overloaded()), 12)
    assert set(day.hours) == {"1"}
