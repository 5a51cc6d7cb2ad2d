"""The demo's visitors: a seeded, realistic mix (same seed, same story)."""
from __future__ import annotations

from collections import Counter

from demo.script import VIP_CARDS, visitors


def test_the_same_seed_gives_the_same_visitors_and_another_seed_others():
    assert visitors(60, seed=3) == visitors(60, seed=3)
    assert visitors(60, seed=3) != visitors(60, seed=4)


def test_an_hour_brings_about_the_asked_number_of_visitors_in_arrival_order():
    people = visitors(60, seed=7, per_hour=90)
    assert 60 <= len(people) <= 120
    times = [v.arrive_s for v in people]
    assert times == sorted(times) and 0 < times[0] and times[-1] < 3600


def test_the_mix_is_mostly_small_cash_with_some_of_every_kind_of_need():
    people = [v for seed in range(5) for v in visitors(60, seed=seed)]
    purposes = Counter(v.purpose for v in people)
    assert purposes.most_common(1)[0][0] == "cash"
    assert {"forex", "wealth", "credit_card_apply", "card_opening", "corporate", "loan"} <= set(purposes)
    small = [v for v in people if v.purpose == "cash" and v.amount < 20000]
    assert len(small) > len(people) * 0.2
    assert any(v.card in VIP_CARDS for v in people)
    assert any(v.insist and v.decline_reason for v in people)
    assert any(v.returns_after_s for v in people) and any(v.elderly for v in people)


def test_a_visitor_sends_the_kiosk_only_what_a_customer_would_give():
    v = next(v for v in visitors(60, seed=1) if v.purpose == "cash" and v.card)
    fields = v.visit_fields()
    assert fields["amount_cny"] == v.amount and fields["customer_ref"] == v.card
    assert "decline_reason" not in fields or v.insist
