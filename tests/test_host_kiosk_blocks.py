"""The kiosk-block rules as plain functions: reservation, the host's numbering around it, hand-in order."""
from __future__ import annotations

from datetime import timedelta

import pytest

from queue_host import calling, day, kiosk_blocks, visits
from queue_host.kiosk_blocks import OfflineTicket
from queue_host.model import Forbidden


def offline(lobby, key, number, at, service="noncash", purpose="card_loss", request_id=None):
    return OfflineTicket(key=key, day=lobby.day, number=number, service=service, purpose=purpose, tier="normal",
                         issued_at=at, request_id=request_id)


def test_a_kiosk_gets_one_block_per_service_from_the_top_of_the_range(lobby, t0):
    blocks = kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    cash = [b for b in blocks if b.service == "cash"]
    assert [(b.first, b.last) for b in cash] == [(950, 999)]
    assert {b.service for b in blocks} == set(lobby.cfg.services)
    assert lobby.changes.audit[0]["action"] == "reserve_block" and lobby.changes.audit[0]["who"] == "kiosk-1"


def test_a_refill_adds_the_next_block_below_and_stops_at_two_per_service(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.reserve(lobby, "kiosk-1", ("cash",), t0)
    kiosk_blocks.reserve(lobby, "kiosk-1", ("cash",), t0)
    cash = [(b.first, b.last) for b in kiosk_blocks.blocks_of(lobby, "kiosk-1") if b.service == "cash"]
    assert cash == [(950, 999), (900, 949)]


def test_two_kiosks_get_blocks_that_do_not_overlap(lobby, t0):
    one = kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    two = kiosk_blocks.reserve(lobby, "kiosk-2", (), t0)
    for a in one:
        for b in two:
            assert a.service != b.service or a.last < b.first or b.last < a.first


def test_the_hosts_own_numbering_never_enters_a_reserved_block(cfg, lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    lobby.sequences["noncash"] = 948
    numbers = [visits.issue(lobby, "noncash", t0).number for _ in range(3)]
    assert numbers == ["B949", "B001", "B002"]  # wraps below the block, never into B950-B999


def test_a_block_is_never_cut_below_a_number_the_host_already_issued(lobby, t0):
    lobby.sequences["cash"] = 960
    blocks = kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    assert not [b for b in blocks if b.service == "cash"]


def test_offline_tickets_join_by_issue_time_between_tickets_issued_meanwhile(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    visits.issue(lobby, "noncash", t0)
    visits.issue(lobby, "noncash", t0 + timedelta(minutes=10))
    kiosk_blocks.hand_in(lobby, "kiosk-1", [offline(lobby, "k1", "B950", t0 + timedelta(minutes=5))],
                         t0 + timedelta(minutes=20))
    assert [t.number for t in lobby.waiting("noncash")] == ["B001", "B950", "B002"]


def test_a_resent_batch_inserts_nothing_twice(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    batch = [offline(lobby, "k1", "B950", t0), offline(lobby, "k2", "B951", t0 + timedelta(seconds=30))]
    first = kiosk_blocks.hand_in(lobby, "kiosk-1", batch, t0 + timedelta(minutes=1))
    again = kiosk_blocks.hand_in(lobby, "kiosk-1", batch, t0 + timedelta(minutes=2))
    assert len(first["accepted"]) == 2 and again["accepted"] == [] and len(again["duplicates"]) == 2
    assert [t.number for t in lobby.waiting("noncash")] == ["B950", "B951"]


def test_a_number_of_another_kiosks_block_refuses_the_whole_batch(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.reserve(lobby, "kiosk-2", (), t0)  # kiosk-2 holds B900-B949
    batch = [offline(lobby, "k1", "B950", t0), offline(lobby, "k2", "B900", t0)]
    with pytest.raises(Forbidden) as refused:
        kiosk_blocks.hand_in(lobby, "kiosk-1", batch, t0)
    assert refused.value.detail["refused"][0]["number"] == "B900"
    assert "not in a block reserved for kiosk-1" in refused.value.message_en
    assert lobby.waiting("noncash") == []


def test_the_days_reset_voids_old_blocks_and_expires_their_tickets(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    old_day = lobby.day
    day.rollover(lobby, t0 + timedelta(days=1))
    assert lobby.blocks == {}
    stale = OfflineTicket(key="k1", day=old_day, number="B950", service="noncash", purpose="card_loss",
                          tier="normal", issued_at=t0)
    answer = kiosk_blocks.hand_in(lobby, "kiosk-1", [stale], t0 + timedelta(days=1))
    assert answer["expired"] == [{"key": "k1", "number": "B950"}] and lobby.waiting("noncash") == []


def test_a_ticket_the_host_issued_for_a_lost_answer_is_replaced_by_the_offline_one(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    req = visits.VisitRequest(purpose="card_loss", request_id="kiosk-1:ab:1", by="kiosk-1")
    ghost = visits.visit(lobby, req, t0)["ticket"]
    visits.issue(lobby, "noncash", t0 + timedelta(minutes=1))
    kiosk_blocks.hand_in(lobby, "kiosk-1", [offline(lobby, "k1", "B950", t0, request_id="kiosk-1:ab:1")],
                         t0 + timedelta(minutes=2))
    assert lobby.ticket(ghost["id"]).state == "cancelled"
    assert [t.number for t in lobby.waiting("noncash")] == ["B950", "B002"]
    assert len(lobby.visits) == 1  # one customer, one visit


def test_another_kiosks_request_id_in_a_hand_in_replaces_nothing(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.reserve(lobby, "kiosk-2", (), t0)
    theirs = visits.visit(lobby, visits.VisitRequest(purpose="card_loss", request_id="r-1", by="kiosk-1"), t0)["ticket"]
    blocks = kiosk_blocks.blocks_of(lobby, "kiosk-2")
    number = next(f"B{b.last}" for b in blocks if b.service == "noncash")
    kiosk_blocks.hand_in(lobby, "kiosk-2", [offline(lobby, "k2", number, t0, request_id="r-1")], t0 + timedelta(minutes=1))
    assert lobby.ticket(theirs["id"]).state == "waiting"


def test_a_counter_calls_an_offline_ticket_in_its_turn(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.hand_in(lobby, "kiosk-1", [offline(lobby, "k1", "B950", t0)], t0)
    called = calling.call_next(lobby, "3", t0 + timedelta(minutes=1))
    assert called["ticket"]["number"] == "B950" and called["ticket"]["offline"] is True


def test_blocks_whose_numbers_all_came_back_do_not_stop_a_refill(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.reserve(lobby, "kiosk-1", ("noncash",), t0)  # B950-B999 and B900-B949
    batch = [offline(lobby, f"k{n}", f"B{n}", t0 + timedelta(seconds=n)) for n in range(900, 1000)]
    kiosk_blocks.hand_in(lobby, "kiosk-1", batch, t0 + timedelta(minutes=5))
    blocks = kiosk_blocks.reserve(lobby, "kiosk-1", ("noncash",), t0 + timedelta(minutes=6))
    assert [(b.first, b.last) for b in blocks if b.service == "noncash"] == [(950, 999), (900, 949), (850, 899)]


def test_an_elderly_customers_offline_ticket_keeps_the_flag_the_teller_sees(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    item = OfflineTicket(key="k1", day=lobby.day, number="B950", service="noncash", purpose="card_loss",
                         tier="normal", issued_at=t0, elderly=True, lang="en")
    ticket = kiosk_blocks.hand_in(lobby, "kiosk-1", [item], t0)["accepted"][0]
    assert ticket["elderly"] is True and ticket["lang"] == "en" and ticket["offline"] is True


def test_a_kiosk_clock_running_behind_cannot_jump_the_queue_past_its_blocks_reservation(lobby, t0):
    visits.issue(lobby, "noncash", t0)
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0 + timedelta(minutes=10))
    far_back = offline(lobby, "k1", "B950", t0 - timedelta(hours=3))  # a kiosk clock hours slow
    kiosk_blocks.hand_in(lobby, "kiosk-1", [far_back], t0 + timedelta(minutes=20))
    assert [t.number for t in lobby.waiting("noncash")] == ["B001", "B950"]
