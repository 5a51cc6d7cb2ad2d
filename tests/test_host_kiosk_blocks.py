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
    req = visits.VisitRequest(purpose="card_loss", request_id="kiosk-1:ab:1", caller="kiosk-1")
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
    theirs = visits.visit(lobby, visits.VisitRequest(purpose="card_loss", request_id="r-1", caller="kiosk-1"), t0)["ticket"]
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


def test_a_number_twice_in_one_batch_is_refused_with_its_reason_and_the_rest_still_lands(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    batch = [offline(lobby, "k1", "B951", t0), offline(lobby, "k2", "B951", t0 + timedelta(seconds=5)),
             offline(lobby, "k3", "B952", t0 + timedelta(seconds=9))]
    answer = kiosk_blocks.hand_in(lobby, "kiosk-1", batch, t0 + timedelta(minutes=1))
    assert [t.number for t in lobby.waiting("noncash")] == ["B952"]
    assert [(r["key"], r["number"]) for r in answer["refused"]] == [("k1", "B951"), ("k2", "B951")]
    assert "appears twice in this batch" in answer["refused"][0]["problem"] and answer["refused"][0]["problem_zh"]
    assert [a["number"] for a in answer["accepted"]] == ["B952"]


def test_a_number_already_issued_today_is_refused_alone(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.hand_in(lobby, "kiosk-1", [offline(lobby, "k1", "B951", t0)], t0 + timedelta(minutes=1))
    again = [offline(lobby, "k9", "B951", t0 + timedelta(seconds=3)), offline(lobby, "k10", "B953", t0)]
    answer = kiosk_blocks.hand_in(lobby, "kiosk-1", again, t0 + timedelta(minutes=2))
    assert [r["number"] for r in answer["refused"]] == ["B951"]
    assert "already issued today" in answer["refused"][0]["problem"]
    assert sorted(t.number for t in lobby.waiting("noncash")) == ["B951", "B953"]


def test_an_offline_ticket_stamped_400_days_back_joins_after_the_kiosks_last_contact(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)  # the block is reserved at 09:00
    visits.issue(lobby, "noncash", t0 + timedelta(minutes=5))  # B001, issued online by another kiosk
    visits.visit(lobby, visits.VisitRequest(purpose="card_loss", request_id="r1", caller="kiosk-1"),
                 t0 + timedelta(minutes=30))  # B002: kiosk-1 still reaches the host at 09:30
    kiosk_blocks.seen(lobby, "kiosk-1", t0 + timedelta(minutes=30))
    visits.issue(lobby, "noncash", t0 + timedelta(minutes=40))  # B003, while kiosk-1 is cut off
    forged = offline(lobby, "k1", "B950", t0 - timedelta(days=400))
    late = offline(lobby, "k2", "B951", t0 + timedelta(minutes=20))  # before its last contact: impossible
    future = offline(lobby, "k3", "B952", t0 + timedelta(days=2))
    kiosk_blocks.hand_in(lobby, "kiosk-1", [forged, late, future], t0 + timedelta(minutes=50))
    assert [t.number for t in lobby.waiting("noncash")] == ["B001", "B002", "B950", "B951", "B003", "B952"]
    placed = {t.number: t.issued_at for t in lobby.waiting("noncash")}
    assert placed["B950"] == placed["B951"] == t0 + timedelta(minutes=30)
    assert placed["B952"] == t0 + timedelta(minutes=50)  # a stamp in the future is taken as now


def test_a_kiosk_back_online_before_handing_in_keeps_its_offline_customers_place(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.seen(lobby, "kiosk-1", t0 + timedelta(minutes=10))  # last contact, then the LAN drops
    visits.issue(lobby, "noncash", t0 + timedelta(minutes=20))  # B001
    kiosk_blocks.seen(lobby, "kiosk-1", t0 + timedelta(minutes=30))  # back: a visit goes first
    kiosk_blocks.hand_in(lobby, "kiosk-1", [offline(lobby, "k1", "B950", t0 + timedelta(minutes=15))],
                         t0 + timedelta(minutes=31))
    assert [t.number for t in lobby.waiting("noncash")] == ["B950", "B001"]


def test_another_kiosks_request_id_neither_returns_nor_replaces_its_ticket(lobby, t0):
    kiosk_blocks.reserve(lobby, "kiosk-2", (), t0)
    mine = visits.visit(lobby, visits.VisitRequest(purpose="card_loss", request_id="r-7", caller="kiosk-1"), t0)
    theirs = visits.visit(lobby, visits.VisitRequest(purpose="card_loss", request_id="r-7", caller="kiosk-2"),
                          t0 + timedelta(seconds=5))
    assert theirs["existing"] is False and theirs["ticket"]["id"] != mine["ticket"]["id"]
    kiosk_blocks.hand_in(lobby, "kiosk-2", [offline(lobby, "k1", "B950", t0, request_id="r-7")],
                         t0 + timedelta(minutes=1))
    assert lobby.ticket(mine["ticket"]["id"]).state == "waiting"  # kiosk-1's customer keeps their ticket
    assert lobby.ticket(theirs["ticket"]["id"]).state == "cancelled"  # kiosk-2's own lost answer is replaced


def test_a_kiosks_last_contact_survives_a_host_restart(tmp_path, cfg, t0):
    from queue_host.store import Store
    store = Store(tmp_path / "f.db")
    lobby = store.load(cfg, t0)
    kiosk_blocks.reserve(lobby, "kiosk-1", (), t0)
    kiosk_blocks.seen(lobby, "kiosk-1", t0 + timedelta(minutes=30))
    visits.issue(lobby, "noncash", t0 + timedelta(minutes=40))  # B001, while kiosk-1 is cut off
    with store.transaction():
        store.write(lobby, lobby.take_changes())
    store.close()
    again = Store(tmp_path / "f.db").load(cfg, t0 + timedelta(minutes=45))
    kiosk_blocks.hand_in(again, "kiosk-1", [offline(again, "k1", "B950", t0 - timedelta(days=400))],
                         t0 + timedelta(minutes=50))
    assert again.tickets[2].issued_at == t0 + timedelta(minutes=30)
    assert [t.number for t in again.waiting("noncash")] == ["B950", "B001"]
