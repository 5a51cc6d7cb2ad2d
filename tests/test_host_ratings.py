"""Service ratings from the counter screen: the rules (fixed clock) and the routes (real host)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from queue_host import calling, figures, ratings
from queue_host.model import DomainError, Forbidden
from queue_host.visits import issue


def served(lobby, t0, counter="1", teller="counter-1"):
    ticket = issue(lobby, "cash", t0)
    calling.call_next(lobby, counter, t0, teller=teller)
    calling.finish(lobby, ticket.id, t0 + timedelta(minutes=3))
    return ticket


def test_a_finished_visit_is_rated_once_within_the_window(lobby, t0):
    ticket = served(lobby, t0)
    done = t0 + timedelta(minutes=3)
    assert ratings.awaiting(lobby, "1", done + timedelta(seconds=5))["number"] == "A001"
    ratings.rate(lobby, "1", ticket.id, "satisfied", done + timedelta(seconds=5))
    assert ratings.awaiting(lobby, "1", done + timedelta(seconds=6)) is None
    with pytest.raises(DomainError, match="already rated"):
        ratings.rate(lobby, "1", ticket.id, "very_satisfied", done + timedelta(seconds=6))


def test_a_rating_after_the_window_or_before_the_finish_is_refused(lobby, t0):
    late = served(lobby, t0)
    with pytest.raises(DomainError, match="within 60 s"):
        ratings.rate(lobby, "1", late.id, "satisfied", t0 + timedelta(minutes=3, seconds=61))
    waiting = issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    with pytest.raises(DomainError, match="only a finished visit"):
        ratings.rate(lobby, "1", waiting.id, "satisfied", t0)


def test_a_counter_rates_only_its_own_visits(lobby, t0):
    ticket = served(lobby, t0, counter="2", teller="counter-2")
    with pytest.raises(Forbidden):
        ratings.rate(lobby, "1", ticket.id, "satisfied", t0 + timedelta(minutes=3))


def test_dissatisfied_alerts_the_duty_manager(lobby, t0):
    ticket = served(lobby, t0)
    ratings.rate(lobby, "1", ticket.id, "dissatisfied", t0 + timedelta(minutes=3))
    alert = next(a for a in lobby.alerts.values() if a.kind == "rating")
    assert "不满意" in alert.message_zh and "A001" in alert.message_zh and alert.cleared_at is None


def test_ratings_roll_up_per_counter_and_teller_in_the_figures(lobby, t0):
    done = t0 + timedelta(minutes=3)
    for counter, teller, rating in (("1", "counter-1", "very_satisfied"), ("1", "counter-1", "dissatisfied"),
                                    ("2", "counter-2", "satisfied")):
        ratings.rate(lobby, counter, served(lobby, t0, counter, teller).id, rating, done)
    counted = figures.compute(lobby.cfg, lobby.day, lobby.changes.events, done)["ratings"]
    assert counted["count"] == 3 and counted["dissatisfied"] == 1
    assert counted["by_counter"]["1"]["count"] == 2 and counted["by_counter"]["1"]["satisfied_share"] == 0.5
    assert counted["by_teller"]["counter-2"] == {"very_satisfied": 0, "satisfied": 1, "neutral": 0,
                                                 "dissatisfied": 0, "count": 1, "satisfied_share": 1.0}


# -- the routes, against the real host ------------------------------------------------------------
def post(host, path, who, body=None):
    return requests.post(host.url + path, json=body or {}, headers=host.headers(who), timeout=5)


def finished_at_1(host):
    post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": 30000})
    ticket = post(host, "/api/counters/1/call-next", "counter-1").json()["ticket"]
    assert post(host, f"/api/tickets/{ticket['id']}/finish", "counter-1").status_code == 200
    return ticket


def test_the_screen_route_shows_the_window_the_teller_and_the_visit_to_rate(host):
    ticket = finished_at_1(host)
    screen = requests.get(host.url + "/api/counters/1/screen", headers=host.headers("screen-1"), timeout=5).json()
    # The customer reads the teller's display name and staff number from the branch file, never the login id.
    assert screen["name_zh"] == "1号窗口" and screen["teller"]["staff_no"] and "id" not in screen["teller"]
    assert "counter-1" not in str(screen)
    assert screen["to_rate"]["id"] == ticket["id"] and screen["state"] == "open"
    other = requests.get(host.url + "/api/counters/1/screen", headers=host.headers("screen-2"), timeout=5)
    assert other.status_code == 403


def test_only_that_counters_screen_may_rate_and_only_once(host):
    ticket = finished_at_1(host)
    body = {"ticket_id": ticket["id"], "rating": "dissatisfied"}
    for who in ("counter-1", "manager", "kiosk", "screen-2"):
        assert post(host, "/api/counters/1/ratings", who, body).status_code == 403, who
    assert post(host, "/api/counters/2/ratings", "screen-2", body).status_code == 403  # not served at 2
    assert post(host, "/api/counters/1/ratings", "screen-1", {**body, "rating": "great"}).status_code == 422
    assert post(host, "/api/counters/1/ratings", "screen-1", {**body, "extra": 1}).status_code == 422
    assert post(host, "/api/counters/1/ratings", "screen-1", body).json()["rating"] == "dissatisfied"
    again = post(host, "/api/counters/1/ratings", "screen-1", body)
    assert again.status_code == 409 and again.json()["message_zh"] == "该业务已评价过"
    alerts = requests.get(host.url + "/api/alerts", headers=host.headers("manager"), timeout=5).json()["alerts"]
    assert [a["kind"] for a in alerts] == ["rating"]
    figures = requests.get(host.url + "/api/stats", headers=host.headers("manager"), timeout=5).json()["ratings"]
    assert figures["by_counter"]["1"]["dissatisfied"] == 1 and figures["by_teller"]["counter-1"]["count"] == 1


def test_a_counter_screen_token_cannot_call_or_route(host):
    post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": 30000})
    assert post(host, "/api/counters/1/call-next", "screen-1").status_code == 403
    assert post(host, "/api/visits", "screen-1", {"purpose": "cash"}).status_code == 403
