"""The demo's summary: the host's figures, checked against the demo's own ledger."""
from __future__ import annotations

import json

from demo.run import Ledger
from demo.summary import host_figures, mismatches, report, summary

STATS = {"day": "2026-11-23", "visits": 3, "diverted_by_target": {"cash_recycler": 1}, "diversion_rate": 0.5,
         "tickets_by_service": {"cash": 2, "vip": 0}, "wait_minutes": {"average": 4.5, "longest": 9.0},
         "no_shows": 1, "reinstated": 0}


def ledger() -> Ledger:
    """A ledger that agrees with STATS."""
    led = Ledger(visits=3)
    led.diverted["cash_recycler"] = 1
    led.tickets["cash"] = 2
    led.no_show_ids.add(17)
    return led


def test_the_host_figures_are_read_from_its_stats():
    figures = host_figures(STATS)
    assert figures["tickets"] == {"cash": 2} and figures["avg_wait_min"] == 4.5
    assert figures["diverted"] == {"cash_recycler": 1} and figures["no_shows"] == 1


def test_agreeing_counts_are_consistent_and_a_disagreement_is_named():
    assert mismatches(host_figures(STATS), ledger()) == []
    led = ledger()
    led.tickets["cash"] = 3
    wrong = mismatches(host_figures(STATS), led)
    assert wrong == ["tickets: host {'cash': 2} / demo {'cash': 3}"]


def test_the_report_ends_with_the_summary_as_one_json_line():
    s = summary(STATS, ledger(), minutes=30, speed=360, seed=1, tickets_dir="/tmp/t", display_png=None)
    lines = report(s).splitlines()
    assert json.loads(lines[-1]) == json.loads(json.dumps(s)) and s["consistent"] and s["day"] == "2026-11-23"
    assert "分流率 diversion rate: 50%" in "\n".join(lines)
