"""The diversion rules and ticket issuing, as plain functions over the shipped branch (no I/O)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from queue_host import calling
from queue_host.model import Invalid, QueueFull
from queue_host.visits import VisitRequest, decide, issue, ref_hash, visit


def go(lobby, now, purpose, **kw):
    return visit(lobby, VisitRequest(purpose=purpose, **kw), now)


def test_a_small_withdrawal_goes_to_the_cash_recycler_without_a_ticket(lobby, t0):
    out = go(lobby, t0, "cash", amount_cny=3000)
    assert out["route"] == "self_service"
    assert out["target"]["code"] == "cash_recycler"
    assert out["ticket"] is None
    assert "存取款一体机" in out["message_zh"]
    assert not lobby.tickets


def test_cash_of_twenty_thousand_or_more_gets_a_cash_counter_ticket(lobby, t0):
    out = go(lobby, t0, "cash", amount_cny=20000)
    assert out["route"] == "counter"
    assert out["ticket"]["number"] == "A001"
    assert out["ticket"]["form_template"] == "3"
    assert not out["high_value"]


def test_fifty_thousand_cash_is_flagged_high_value_and_alerts_the_manager(lobby, t0):
    out = go(lobby, t0, "cash", amount_cny=80000)
    assert out["high_value"] and out["ticket"]["high_value"]
    assert [a.kind for a in lobby.alerts.values()] == ["high_value"]


def test_the_amount_band_alone_decides_a_cash_visit(lobby, t0):
    assert go(lobby, t0, "cash", amount_band="under")["route"] == "self_service"
    assert go(lobby, t0, "cash", amount_band="over")["ticket"]["number"] == "A001"


def test_a_signup_job_goes_to_its_machine(lobby, t0):
    out = go(lobby, t0, "card_opening")
    assert (out["route"], out["target"]["code"]) == ("self_service", "card_machine")


def test_a_customer_who_insists_on_the_counter_gets_a_ticket_counted_as_declined(lobby, t0):
    out = go(lobby, t0, "card_opening", insist_counter=True, decline_reason="cannot_operate")
    assert out["route"] == "counter"
    assert out["ticket"]["number"] == "B001"
    assert out["ticket"]["declined"] == {"target": "card_machine", "reason": "cannot_operate"}
    assert list(lobby.visits.values())[-1].declined_reason == "cannot_operate"


def test_insisting_without_a_known_reason_is_refused_and_issues_nothing(lobby, t0):
    with pytest.raises(Invalid, match="decline_reason"):
        go(lobby, t0, "card_opening", insist_counter=True, decline_reason="bored")
    assert not lobby.tickets and not lobby.visits


def test_a_suspended_machine_sends_customers_to_the_counter(lobby, t0):
    lobby.targets["cash_recycler"].suspended = True
    out = go(lobby, t0, "cash", amount_cny=500)
    assert out["route"] == "counter" and out["fallback"] == "target_suspended"
    assert "暂停服务" in out["message_zh"]


def test_a_credit_card_application_goes_to_the_lobby_manager_without_a_queue(lobby, t0):
    out = go(lobby, t0, "credit_card_apply")
    assert out["route"] == "lobby_manager" and out["ticket"] is None
    assert [e["kind"] for e in lobby.changes.events] == ["visit", "alert_raised"]
    assert [a.kind for a in lobby.alerts.values()] == ["lobby_visit"]


def test_a_wealth_need_goes_to_a_customer_manager_with_a_wealth_ticket(lobby, t0):
    out = go(lobby, t0, "wealth")
    assert out["route"] == "customer_manager"
    assert out["ticket"]["number"] == "M001" and out["high_value"]


@pytest.mark.parametrize("amount", [-1, 10**12])
def test_negative_or_absurd_amounts_are_refused(lobby, t0, amount):
    with pytest.raises(Invalid, match="amount_cny"):
        go(lobby, t0, "cash", amount_cny=amount)


def test_an_unknown_purpose_is_refused_with_the_known_ones_listed(lobby, t0):
    with pytest.raises(Invalid, match="card_opening"):
        go(lobby, t0, "lottery")


def test_a_cash_visit_must_say_its_amount(lobby, t0):
    with pytest.raises(Invalid, match="amount"):
        go(lobby, t0, "cash")


def test_a_second_request_by_the_same_customer_returns_the_same_ticket(cfg, lobby, t0):
    ref = ref_hash(cfg.branch.ref_hash_key, "6222123412341234")
    first = go(lobby, t0, "cash", amount_cny=30000, ref_hash=ref)
    again = go(lobby, t0, "transfer", amount_cny=50000, ref_hash=ref)
    assert again["existing"] and again["ticket"]["number"] == first["ticket"]["number"]
    assert len(lobby.tickets) == 1


def test_a_vip_customer_gets_a_v_ticket_and_a_corporate_one_keeps_its_queue(lobby, t0):
    assert go(lobby, t0, "cash", amount_cny=30000, tier="platinum")["ticket"]["number"] == "V001"
    assert go(lobby, t0, "corporate", tier="platinum")["ticket"]["number"] == "C001"


def test_a_returning_missed_customer_is_reinstated_by_scanning_their_card(cfg, lobby, t0):
    ref = ref_hash(cfg.branch.ref_hash_key, "6222000011112222")
    ticket = go(lobby, t0, "cash", amount_cny=30000, ref_hash=ref)["ticket"]
    calling.call_next(lobby, "1", t0)
    calling.no_show(lobby, ticket["id"], t0)
    again = go(lobby, t0, "cash", amount_cny=30000, ref_hash=ref)
    assert again["reinstated"] and again["ticket"]["state"] == "waiting"


def test_numbers_wrap_after_999_and_skip_numbers_still_in_the_queue(lobby, t0):
    first = issue(lobby, "cash", t0)  # A001, still waiting
    lobby.sequences["cash"] = 998
    numbers = [issue(lobby, "cash", t0).number for _ in range(3)]
    assert first.number == "A001"
    assert numbers == ["A999", "A002", "A003"]


def test_a_full_queue_is_refused_rather_than_giving_a_number_twice(cfg, lobby, t0):
    lobby.cfg = replace(cfg, branch=replace(cfg.branch, number_digits=2))
    for _ in range(99):
        issue(lobby, "cash", t0)
    with pytest.raises(QueueFull):
        issue(lobby, "cash", t0)
    assert len({t.number for t in lobby.tickets.values()}) == 99


def test_the_customer_reference_is_kept_only_as_a_keyed_hash(cfg):
    h = ref_hash(cfg.branch.ref_hash_key, "6222 0000 0000 0001")
    assert h == ref_hash(cfg.branch.ref_hash_key, "6222000000000001")
    assert "6222" not in h and h != ref_hash("another-branch-key", "6222000000000001")


def test_deciding_a_route_changes_nothing(lobby):
    decide(lobby, VisitRequest(purpose="cash", amount_cny=100))
    assert lobby.changes.empty()


def test_turning_down_the_machine_replaces_the_diverted_visit_so_it_counts_once(lobby, t0):
    shown = go(lobby, t0, "card_opening")
    insisted = go(lobby, t0, "card_opening", insist_counter=True, decline_reason="cannot_operate",
                  replaces_visit=shown["visit_id"])
    assert insisted["visit_id"] == shown["visit_id"] and insisted["ticket"]["number"] == "B001"
    assert [(v.route, v.declined_reason) for v in lobby.visits.values()] == [("counter", "cannot_operate")]
    again = go(lobby, t0, "card_opening", insist_counter=True, decline_reason="cannot_operate",
               replaces_visit=shown["visit_id"])
    assert again["existing"] and again["ticket"]["number"] == "B001" and len(lobby.tickets) == 1


def test_replacing_a_visit_that_was_never_diverted_is_refused(lobby, t0):
    counter_visit = go(lobby, t0, "card_loss")
    with pytest.raises(Invalid, match="replaces_visit"):
        go(lobby, t0, "card_opening", insist_counter=True, decline_reason="cannot_operate",
           replaces_visit=counter_visit["visit_id"])


def test_the_same_request_sent_twice_gives_one_ticket_and_one_visit(lobby, t0):
    first = go(lobby, t0, "cash", amount_cny=30000, request_id="kiosk1-0001")
    again = go(lobby, t0, "cash", amount_cny=30000, request_id="kiosk1-0001")
    assert again["existing"] and again["ticket"]["number"] == first["ticket"]["number"] == "A001"
    diverted = go(lobby, t0, "cash", amount_cny=100, request_id="kiosk1-0002")
    assert go(lobby, t0, "cash", amount_cny=100, request_id="kiosk1-0002")["visit_id"] == diverted["visit_id"]
    assert len(lobby.tickets) == 1 and len(lobby.visits) == 2
    assert go(lobby, t0, "cash", amount_cny=30000, request_id="kiosk1-0003")["ticket"]["number"] == "A002"


def test_a_reason_that_does_not_fit_the_purpose_is_refused_with_the_ones_that_do(lobby, t0):
    first = visit(lobby, VisitRequest(purpose="card_opening"), t0)
    with pytest.raises(Invalid, match="one of machine_fault, cannot_operate, other"):
        visit(lobby, VisitRequest(purpose="card_opening", insist_counter=True, decline_reason="over_limit",
                                         replaces_visit=first["visit_id"]), t0)


def test_another_kiosk_can_neither_replace_a_visit_nor_be_handed_its_ticket(lobby, t0):
    from queue_host.model import Forbidden
    shown = go(lobby, t0, "card_opening", request_id="r1", caller="kiosk-1")
    mine = go(lobby, t0, "card_opening", insist_counter=True, decline_reason="cannot_operate",
              replaces_visit=shown["visit_id"], request_id="r2", caller="kiosk-1")
    with pytest.raises(Forbidden):  # kiosk-2 names kiosk-1's visit: refused (403), not answered with its ticket
        go(lobby, t0, "card_opening", insist_counter=True, decline_reason="cannot_operate",
           replaces_visit=shown["visit_id"], request_id="r9", caller="kiosk-2")
    assert mine["ticket"]["number"] == "B001" and len(lobby.tickets) == 1
