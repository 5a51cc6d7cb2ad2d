"""The league figures are the branch report's: a scripted morning whose waits and outcomes are known."""
from __future__ import annotations

from datetime import date

from headoffice import branchreport
from headoffice.league import Figures, league, of_report
from reports.tables import summary
from queue_host import calling, figures
from queue_host.outbound import outbound
from queue_host.visits import VisitRequest, visit
from tests.conftest import minutes


def morning(lobby, t0) -> list[dict]:
    """Five visits (one diverted, one declined), four tickets, two called 6 and 30 minutes after issue, one no-show."""
    events: list[dict] = []

    def at(m: float, action) -> None:
        action(t0 + minutes(m))
        events.extend(lobby.take_changes().events)

    for _ in range(3):  # three cash customers for the counter at 9:00
        at(0, lambda now: visit(lobby, VisitRequest("cash", amount_cny=30000), now))
    at(1, lambda now: visit(lobby, VisitRequest("cash", amount_cny=3000), now))  # diverted to the recycler
    out = visit(lobby, VisitRequest("e_banking"), t0 + minutes(2))  # diverted, then the customer insists
    events.extend(lobby.take_changes().events)
    at(3, lambda now: visit(lobby, VisitRequest("e_banking", insist_counter=True, decline_reason="cannot_operate",
                                                replaces_visit=out["visit_id"]), now))
    at(6, lambda now: calling.call_next(lobby, "1", now))       # waited 6 min
    at(10, lambda now: calling.no_show(lobby, lobby.counters["1"].current, now))
    at(30, lambda now: calling.call_next(lobby, "1", now))      # waited 30 min: over the 20-minute level
    return events


def test_a_league_row_holds_the_figures_of_the_branchs_report_uncalled_tickets_past_the_level_included(
        lobby, t0, cfg):
    events = morning(lobby, t0)
    counted = figures.compute(cfg, lobby.day, events, t0 + minutes(31))
    f = of_report(counted)
    assert (f.visits, f.tickets, f.called, f.no_shows) == (5, 4, 2, 1)
    assert (f.diverted, f.divertible, f.diversion_rate) == (1, 2, 0.5)  # one diverted, one declined
    # One called within 20 minutes; one called after 30; two still waiting after 31 count as misses too.
    assert (f.within_level, f.level_counted, f.service_level) == (1, 4, 0.25)
    assert (f.average_wait_min, f.no_show_rate) == (18.0, 0.5)
    headline = {label: value for label, value in summary(counted).rows}
    assert (f.diversion_rate, f.service_level, f.average_wait_min, f.no_show_rate) == (
        headline["分流率 diversion rate (KPI)"], headline["服务达标率(全部队列) service level (all queues)"],
        headline["平均等候(分) average wait (min)"], headline["过号率(每叫到一号) no-show rate (per ticket called)"])


def test_head_office_counts_a_branchs_shipped_events_into_the_same_league_row(lobby, t0, cfg):
    events = morning(lobby, t0)
    now = t0 + minutes(31)
    own = of_report(figures.compute(cfg, lobby.day, events, now))
    day = date.fromisoformat(lobby.day)
    rows = [("log-a", day, outbound(e)) for e in events]
    info = {"service_levels": {code: s.service_level_minutes for code, s in cfg.services.items()}}
    assert of_report(branchreport.count(cfg, info, rows, [lobby.day], now).figures) == own


def test_several_logs_of_one_branch_do_not_mix_their_numbers(lobby, t0, cfg):
    visit(lobby, VisitRequest("cash", amount_cny=3000), t0)
    events = lobby.take_changes().events
    day = date.fromisoformat(lobby.day)
    rows = [(log, day, outbound(e)) for log in ("old", "new") for e in events]
    # visit 1 of the old database and visit 1 of the new
    assert of_report(branchreport.count(cfg, {}, rows, [lobby.day], t0).figures).visits == 2


def test_the_league_ranks_by_diversion_then_service_level_then_wait():
    base = Figures(visits=10, diverted=2, divertible=5, diversion_rate=0.4, tickets=8, called=6, within_level=5,
                   level_counted=6, service_level=0.833, average_wait_min=12.0, no_shows=1, no_show_rate=0.167)
    better = Figures(**{**base.row(), "diversion_rate": 0.6, "average_wait_min": 10.0})
    faster = Figures(**{**base.row(), "diversion_rate": 0.6, "average_wait_min": 5.0})
    served = Figures(**{**base.row(), "service_level": 0.9, "average_wait_min": 30.0})
    ranked = league({"a": base, "b": better, "c": faster, "d": served})
    assert [(rank, b) for rank, b, _ in ranked] == [(1, "c"), (2, "b"), (3, "d"), (4, "a")]
