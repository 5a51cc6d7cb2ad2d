"""The figures' definitions on a few hand-made moments of a lobby (queue_host.figures)."""
from __future__ import annotations

from queue_host import calling, figures
from queue_host.visits import VisitRequest, issue, visit
from tests.conftest import minutes


def of(lobby, now):
    """The figures of the lobby's day from the events it emitted."""
    return figures.compute(lobby.cfg, lobby.day, lobby.changes.events, now)


def test_elderly_visits_count_as_visits_but_not_in_the_diversion_kpi(lobby, t0):
    visit(lobby, VisitRequest(purpose="cash", amount_cny=100), t0)
    visit(lobby, VisitRequest(purpose="cash", amount_cny=100, elderly=True, insist_counter=True,
                              decline_reason="cannot_operate"), t0)
    visit(lobby, VisitRequest(purpose="card_opening", insist_counter=True, decline_reason="machine_fault"), t0)
    f = of(lobby, t0)
    assert f["visits"] == 3 and f["elderly_visits"] == 1
    assert f["diversion_rate"] == 0.5 and f["diversion"]["elderly_left_out"] == 1
    assert f["declined_by_reason"] == {"cannot_operate": 1, "machine_fault": 1}


def test_a_customer_who_turns_down_the_machine_is_one_visit_counted_as_declined(lobby, t0):
    first = visit(lobby, VisitRequest(purpose="cash", amount_cny=100), t0)
    visit(lobby, VisitRequest(purpose="cash", amount_cny=100, insist_counter=True, decline_reason="other",
                              replaces_visit=first["visit_id"]), t0 + minutes(1))
    f = of(lobby, t0 + minutes(1))
    assert f["visits"] == 1 and f["diverted"] == 0 and f["declined"] == 1 and f["diversion_rate"] == 0.0


def test_waits_run_from_the_ticket_to_its_first_call_with_a_nearest_rank_p90(lobby, t0):
    tickets = [issue(lobby, "cash", t0) for _ in range(10)]
    for i, ticket in enumerate(tickets):
        calling.call_ticket(lobby, "1", ticket.id, t0 + minutes(i + 1))
    f = of(lobby, t0 + minutes(11))
    assert f["waits"]["per_service"]["cash"] == {"count": 10, "average": 5.5, "p90": 9.0, "longest": 10.0}
    assert f["waits"]["service_level"]["cash"]["rate"] == 1.0


def test_an_uncalled_ticket_past_the_service_level_counts_as_a_miss_while_the_day_is_open(lobby, t0):
    issue(lobby, "cash", t0)
    limit = lobby.cfg.services["cash"].service_level_minutes
    assert of(lobby, t0 + minutes(limit - 1))["waits"]["service_level"]["cash"]["counted"] == 0
    level = of(lobby, t0 + minutes(limit + 1))["waits"]["service_level"]["cash"]
    assert level["counted"] == 1 and level["rate"] == 0.0


def test_a_counter_is_busy_from_the_call_until_the_customer_leaves_and_pauses_are_not_staffed(lobby, t0):
    a, b = issue(lobby, "cash", t0), issue(lobby, "cash", t0)
    calling.call_ticket(lobby, "1", a.id, t0)
    calling.finish(lobby, a.id, t0 + minutes(10))
    calling.set_paused(lobby, "1", True, t0 + minutes(10))
    calling.set_paused(lobby, "1", False, t0 + minutes(20))
    calling.call_ticket(lobby, "1", b.id, t0 + minutes(20))
    calling.no_show(lobby, b.id, t0 + minutes(25))
    c = of(lobby, t0 + minutes(30))["counters"]["1"]
    assert c["served"] == 1 and c["busy_minutes"] == 15.0 and c["staffed_minutes"] == 15.0
    assert c["utilisation"] == 1.0


def test_the_longest_ordinary_wait_at_a_vip_window_is_reported(lobby, t0):
    vip_counter = next(cid for cid, c in lobby.cfg.counters.items()
                       if any(lobby.cfg.services[s].vip for s in c.services))
    served = lobby.cfg.counters[vip_counter].services
    ordinary = next(s for s in served if not lobby.cfg.services[s].vip)
    ticket = issue(lobby, ordinary, t0)
    calling.call_ticket(lobby, vip_counter, ticket.id, t0 + minutes(12))
    assert of(lobby, t0 + minutes(12))["waits"]["ordinary_at_vip_window_longest"] == 12.0


def test_a_past_day_shows_its_live_tickets_as_unserved(lobby, t0):
    issue(lobby, "cash", t0)
    f = of(lobby, t0 + minutes(24 * 60))
    assert f["closed"] and f["states"]["unserved"] == 1 and f["states"]["waiting"] == 0


def test_a_log_from_before_every_visit_was_logged_is_read_with_defaults(lobby, t0):
    old = {"seq": 1, "kind": "visit", "at": t0.isoformat(), "visit_id": 1, "purpose": "cash",
           "route": "self_service", "target": "cash_recycler", "high_value": False}
    f = figures.compute(lobby.cfg, lobby.day, [old], t0)
    assert f["visits"] == 1 and f["diversion_rate"] == 1.0 and f["elderly_visits"] == 0
