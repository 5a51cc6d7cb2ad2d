"""The business day: reset at the configured local time, and the day's figures."""
from __future__ import annotations

from datetime import datetime

from queue_host import calling, day, figures
from queue_host.lobby import business_day
from queue_host.visits import VisitRequest, issue, visit
from tests.conftest import minutes


def test_the_business_day_starts_at_the_configured_reset_time(cfg):
    tz = cfg.branch.timezone
    assert business_day(cfg, datetime(2026, 11, 24, 3, 59, tzinfo=tz)) == "2026-11-23"
    assert business_day(cfg, datetime(2026, 11, 24, 4, 0, tzinfo=tz)) == "2026-11-24"


def test_at_the_reset_waiting_tickets_close_as_unserved_and_numbering_restarts(lobby, t0):
    waiting = issue(lobby, "cash", t0)
    issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    assert day.rollover(lobby, t0 + minutes(60)) is False
    assert day.rollover(lobby, t0 + minutes(20 * 60)) is True
    assert waiting.state == "unserved"
    assert lobby.changes.events[-1]["kind"] == "day_reset" and lobby.changes.events[-1]["unserved"] == 2
    assert not lobby.tickets and lobby.day == "2026-11-24"
    assert issue(lobby, "cash", t0 + minutes(20 * 60)).number == "A001"


def figures_of(lobby, now):
    """The day's figures from the events the lobby emitted."""
    return figures.compute(lobby.cfg, lobby.day, lobby.changes.events, now)


def test_the_day_figures_count_diversion_and_the_kpi(lobby, t0):
    for purpose, kw in [("cash", {"amount_cny": 100}), ("cash", {"amount_cny": 100}), ("card_opening", {}),
                        ("card_opening", {"insist_counter": True, "decline_reason": "cannot_operate"}),
                        ("cash", {"amount_cny": 30000}), ("credit_card_apply", {})]:
        visit(lobby, VisitRequest(purpose=purpose, **kw), t0)
    figures = figures_of(lobby, t0)
    assert figures["visits"] == 6
    assert figures["diverted_by_target"] == {"cash_recycler": 2, "card_machine": 1}
    assert figures["declined_by_reason"] == {"cannot_operate": 1}
    assert figures["diversion_rate"] == 0.75
    assert figures["by_route"] == {"self_service": 3, "counter": 2, "lobby_manager": 1}
    assert figures["tickets_by_service"]["cash"] == 1 and figures["tickets_by_service"]["noncash"] == 1


def test_the_day_figures_measure_waits_no_shows_and_reinstated(lobby, t0):
    a = issue(lobby, "cash", t0)
    issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0 + minutes(10))
    calling.no_show(lobby, a.id, t0 + minutes(11))
    calling.reinstate(lobby, a.id, t0 + minutes(12))
    calling.call_next(lobby, "1", t0 + minutes(20))
    figures = figures_of(lobby, t0 + minutes(20))
    assert figures["no_shows"] == 1 and figures["reinstated"] == 1
    assert figures["wait_minutes"]["longest"] == 20.0
