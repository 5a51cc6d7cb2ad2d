"""Calling order, recalls, no-shows, reinstating, transfers, parking: plain functions, fixed clock."""
from __future__ import annotations

import pytest

from queue_host import calling, views
from queue_host.model import DomainError, Invalid
from queue_host.visits import issue
from tests.conftest import minutes


def numbers(results):
    return [r["ticket"]["number"] if r["ticket"] else None for r in results]


def test_call_next_calls_in_arrival_order_and_finishes_the_previous_customer(lobby, t0):
    a1, a2 = issue(lobby, "cash", t0), issue(lobby, "cash", t0)
    first = calling.call_next(lobby, "1", t0)
    second = calling.call_next(lobby, "1", t0 + minutes(3))
    assert (first["ticket"]["number"], second["ticket"]["number"]) == ("A001", "A002")
    assert second["finished"]["number"] == "A001"
    assert lobby.tickets[a1.id].service_s == 180 and lobby.tickets[a2.id].state == "called"


def test_an_empty_queue_calls_nobody(lobby, t0):
    assert calling.call_next(lobby, "1", t0) == {"ticket": None, "finished": None}


def test_the_vip_window_calls_two_vips_for_each_ordinary_customer(lobby, t0):
    for _ in range(4):
        issue(lobby, "vip", t0, tier="standard")
    for _ in range(2):
        issue(lobby, "cash", t0)
    order = numbers(calling.call_next(lobby, "4", t0) for _ in range(6))
    assert order == ["V001", "V002", "A001", "V003", "V004", "A002"]


def test_an_ordinary_customer_past_the_wait_cap_is_called_before_vips(lobby, t0):
    issue(lobby, "cash", t0)
    for _ in range(3):
        issue(lobby, "vip", t0 + minutes(29), tier="platinum")
    called = calling.call_next(lobby, "4", t0 + minutes(31))
    assert called["ticket"]["number"] == "A001"


def test_a_paused_counter_cannot_call(lobby, t0):
    issue(lobby, "cash", t0)
    calling.set_paused(lobby, "1", True, t0)
    with pytest.raises(DomainError, match="paused"):
        calling.call_next(lobby, "1", t0)
    assert lobby.waiting("cash")[0].state == "waiting"


def test_a_number_is_recalled_at_most_twice_and_not_too_soon(lobby, t0):
    t = issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    with pytest.raises(DomainError, match="wait"):
        calling.recall(lobby, t.id, t0 + minutes(0.1))
    calling.recall(lobby, t.id, t0 + minutes(1))
    calling.recall(lobby, t.id, t0 + minutes(2))
    with pytest.raises(DomainError, match="no-show"):
        calling.recall(lobby, t.id, t0 + minutes(3))
    assert t.calls == 3
    assert [e["recall"] for e in lobby.changes.events if e["kind"] in ("called", "recalled")] == [False, True, True]


def test_a_no_show_goes_to_the_missed_list_and_frees_the_counter(lobby, t0):
    t = issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    calling.no_show(lobby, t.id, t0 + minutes(1))
    snap = views.snapshot(lobby, t0 + minutes(1))
    assert [m["number"] for m in snap["missed"]] == ["A001"]
    assert snap["counters"][0]["current"] is None


def test_a_missed_ticket_returns_three_places_back_and_only_once(lobby, t0):
    t = issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    calling.no_show(lobby, t.id, t0)
    for _ in range(5):
        issue(lobby, "cash", t0)
    calling.reinstate(lobby, t.id, t0 + minutes(5))
    order = [x.number for x in lobby.waiting("cash")]
    assert order == ["A002", "A003", "A004", "A001", "A005", "A006"]
    assert views.ticket(lobby, t)["people_ahead"] == 3
    calling.call_ticket(lobby, "1", t.id, t0 + minutes(6))
    calling.no_show(lobby, t.id, t0 + minutes(7))
    with pytest.raises(DomainError, match="new ticket"):
        calling.reinstate(lobby, t.id, t0 + minutes(8))


def test_finishing_a_waiting_ticket_is_refused_and_changes_nothing(lobby, t0):
    t = issue(lobby, "cash", t0)
    lobby.take_changes()
    with pytest.raises(DomainError, match="waiting"):
        calling.finish(lobby, t.id, t0)
    assert t.state == "waiting" and lobby.changes.empty()


def test_recalling_a_finished_ticket_is_refused(lobby, t0):
    t = issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    calling.finish(lobby, t.id, t0)
    with pytest.raises(DomainError, match="finished"):
        calling.recall(lobby, t.id, t0 + minutes(1))


def test_a_transferred_customer_waits_at_the_head_of_the_new_queue_with_a_note(lobby, t0):
    issue(lobby, "wealth", t0)
    t = issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    calling.transfer(lobby, t.id, "wealth", "想了解大额存单", t0 + minutes(2))
    assert [x.number for x in lobby.waiting("wealth")] == ["A001", "M001"]
    assert (t.transferred_from, t.note) == ("cash", "想了解大额存单")
    assert calling.call_next(lobby, "5", t0 + minutes(3))["ticket"]["number"] == "A001"


def test_a_parked_customer_returns_to_the_head_of_the_same_window_after_the_form_time(lobby, t0):
    t = issue(lobby, "cash", t0)
    issue(lobby, "cash", t0)
    calling.call_next(lobby, "2", t0)
    calling.park(lobby, t.id, None, t0 + minutes(1))
    calling.return_parked(lobby, t0 + minutes(3))
    assert t.state == "parked"
    calling.return_parked(lobby, t0 + minutes(6))
    assert t.state == "waiting"
    assert calling.call_next(lobby, "1", t0 + minutes(6))["ticket"]["number"] == "A002"
    assert calling.call_next(lobby, "2", t0 + minutes(6))["ticket"]["number"] == "A001"


def test_the_manager_can_move_a_ticket_to_the_front(lobby, t0):
    for _ in range(4):
        issue(lobby, "noncash", t0)
    last = lobby.waiting("noncash")[-1]
    calling.move(lobby, last.id, 1, t0)
    assert lobby.waiting("noncash")[0].number == "B004"
    with pytest.raises(Invalid):
        calling.move(lobby, last.id, 0, t0)


def test_a_counter_cannot_call_a_ticket_of_a_service_it_does_not_serve(lobby, t0):
    t = issue(lobby, "corporate", t0)
    with pytest.raises(DomainError, match="does not serve"):
        calling.call_ticket(lobby, "1", t.id, t0)


def test_waiting_counts_are_true_counts_of_live_tickets(lobby, t0):
    tickets = [issue(lobby, "cash", t0) for _ in range(4)]
    calling.cancel(lobby, tickets[1].id, t0)
    calling.call_next(lobby, "1", t0)
    snap = views.snapshot(lobby, t0)
    cash = next(s for s in snap["services"] if s["code"] == "cash")
    assert cash["waiting"] == 2 and [t["people_ahead"] for t in cash["tickets"]] == [0, 1]


def test_the_wait_estimate_grows_with_people_ahead_and_shrinks_with_open_counters(lobby, t0):
    for _ in range(6):
        issue(lobby, "cash", t0)
    few = views.ticket(lobby, lobby.waiting("cash")[-1])["wait_minutes"]
    calling.set_paused(lobby, "1", True, t0)
    calling.set_paused(lobby, "2", True, t0)
    assert views.ticket(lobby, lobby.waiting("cash")[-1])["wait_minutes"] > few > views.ticket(lobby, lobby.waiting("cash")[0])["wait_minutes"]


def test_the_kept_waiting_lines_always_match_a_fresh_sort_of_the_tickets(lobby, t0):
    import random
    rng = random.Random(3)
    now = t0
    for step in range(600):
        now += minutes(0.5)
        live = [t for t in lobby.tickets.values() if t.live]
        action = rng.random()
        try:
            if action < 0.35 or not live:
                issue(lobby, rng.choice(["cash", "noncash", "vip"]), now, tier=rng.choice(["normal", "platinum"]))
            elif action < 0.55:
                calling.call_next(lobby, rng.choice(["1", "2", "3", "4"]), now)
            else:
                t = rng.choice(live)
                op = rng.choice(["no_show", "reinstate", "transfer", "move", "cancel", "park", "finish"])
                if op == "transfer":
                    calling.transfer(lobby, t.id, rng.choice(["cash", "noncash"]), "", now)
                elif op == "move":
                    calling.move(lobby, t.id, rng.randint(1, 5), now)
                elif op == "park":
                    calling.park(lobby, t.id, 1, now)
                else:
                    getattr(calling, op)(lobby, t.id, now)
            calling.return_parked(lobby, now)
        except DomainError:
            pass
        for service in lobby.cfg.services:
            fresh = sorted((t for t in lobby.tickets.values() if t.state == "waiting" and t.service == service),
                           key=lambda t: t.rank)
            assert [t.id for t in lobby.waiting(service)] == [t.id for t in fresh], f"step {step}"


def test_a_double_press_of_call_next_does_not_finish_the_customer_just_called(lobby, t0):
    issue(lobby, "cash", t0)
    issue(lobby, "cash", t0)
    first = calling.call_next(lobby, "1", t0, expect_current=None)
    with pytest.raises(DomainError, match="A001"):
        calling.call_next(lobby, "1", t0, expect_current=None)  # the second press, same screen
    assert lobby.tickets[first["ticket"]["id"]].state == "called"
    second = calling.call_next(lobby, "1", t0 + minutes(4), expect_current=first["ticket"]["id"])
    assert second["ticket"]["number"] == "A002" and second["finished"]["number"] == "A001"


def test_a_refusal_says_why_in_each_languages_own_words_and_counts(lobby, t0):
    t = issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    calling.no_show(lobby, t.id, t0)
    with pytest.raises(DomainError) as wrong_state:
        calling.finish(lobby, t.id, t0)
    assert wrong_state.value.message_zh == "A001 已过号，不能办结"
    assert wrong_state.value.message_en == "A001 is missed; it cannot be finished (only a called ticket can)"
    calling.reinstate(lobby, t.id, t0 + minutes(1))
    calling.call_ticket(lobby, "1", t.id, t0 + minutes(2))
    calling.no_show(lobby, t.id, t0 + minutes(3))
    with pytest.raises(DomainError) as again:
        calling.reinstate(lobby, t.id, t0 + minutes(4))
    assert again.value.message_zh == "A001 已重新排过队，请重新取号"
    assert again.value.message_en == "A001 was already reinstated 1 time; take a new ticket"  # not "1 time(s)"
