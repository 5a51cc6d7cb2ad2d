"""The league figures from an event log: a scripted morning whose waits and outcomes are known."""
from __future__ import annotations

from queue_host import calling
from queue_host.outbound import outbound
from queue_host.visits import VisitRequest, visit
from fenliu.hq.league import figures, league
from tests.conftest import minutes


def test_waits_service_level_no_shows_and_diversion_come_out_of_the_events(lobby, t0, cfg):
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
    levels = {code: s.service_level_minutes for code, s in cfg.services.items()}

    f = figures([events], levels)
    assert (f.visits, f.tickets, f.called, f.within_level, f.no_shows) == (5, 4, 2, 1, 1)
    assert (f.diverted, f.divertible, f.diversion_rate) == (1, 2, 0.5)  # one diverted, one declined
    assert (f.service_level, f.average_wait_min, f.no_show_rate) == (0.5, 18.0, 0.5)
    assert figures([[outbound(e) for e in events]], levels) == f  # head office's copy counts the same


def test_several_logs_of_one_branch_do_not_mix_their_numbers(lobby, t0, cfg):
    visit(lobby, VisitRequest("cash", amount_cny=3000), t0)
    events = lobby.take_changes().events
    assert figures([events, events], {}).visits == 2  # visit 1 of the old database and visit 1 of the new


def test_the_league_ranks_by_diversion_then_service_level_then_wait(lobby, t0, cfg):
    base = figures([], {})
    better = base.__class__(**{**base.row(), "diversion_rate": 0.6, "average_wait_min": 10.0})
    faster = base.__class__(**{**base.row(), "diversion_rate": 0.6, "average_wait_min": 5.0})
    ranked = league({"a": base, "b": better, "c": faster})
    assert [(rank, b) for rank, b, _ in ranked] == [(1, "c"), (2, "b"), (3, "a")]
