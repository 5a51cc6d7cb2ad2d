"""The customer's phone routes (/t/{code}) against the real host: its own stream, cancel, limits."""
from __future__ import annotations

import json
import sqlite3

import requests

from queue_host.client import parse_sse


def post(host, path, who, body=None):
    return requests.post(host.url + path, json=body or {}, headers=host.headers(who), timeout=5)


def ticket(host, amount=30000):
    return post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": amount}).json()["ticket"]


def states(host, code, count):
    """The first `count` state frames of a ticket's stream (bounded by count and a read timeout)."""
    out = []
    with requests.get(f"{host.url}/t/{code}/events", stream=True, timeout=10) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for event in parse_sse(r.iter_lines(decode_unicode=True)):
            if event.kind == "state":
                out.append(event.data)
                if len(out) == count:
                    break
    return out


def test_the_page_is_chinese_first_and_follows_its_own_stream_instead_of_reloading(host):
    t = ticket(host)
    page = requests.get(f"{host.url}/t/{t['code']}", timeout=5)
    assert page.status_code == 200 and "A001" in page.text
    assert page.text.index("等候中") < page.text.index("Waiting")
    assert "/events" in page.text and 'http-equiv="refresh"' in page.text.split("<noscript>")[1]
    assert "script-src 'nonce-" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"


def test_the_first_in_line_reads_nobody_ahead_and_you_are_next_never_a_minutes_wait(host):
    first = ticket(host)
    page = requests.get(f"{host.url}/t/{first['code']}", timeout=5).text
    assert "前面没有人等候，马上就到您" in page and "Nobody ahead of you. You are next" in page
    shown = page.split("<script", 1)[0]  # what the page shows before its script updates it
    assert "0</b> 人" not in shown and "预计等候" not in shown and "minute" not in shown
    assert '"nobody": ["前面没有人等候", "Nobody ahead of you"]' in page  # the script says it the same way
    assert '"next": ["马上就到您", "You are next"]' in page


def test_the_page_counts_people_ahead_in_each_languages_own_words(host):
    first, second = ticket(host), ticket(host)
    one = requests.get(f"{host.url}/t/{second['code']}", timeout=5).text
    assert '前面还有 <b id="ahead">1</b> 人，预计等候约' in one and "<b>1</b> person ahead of you. About" in one
    third = ticket(host)
    two = requests.get(f"{host.url}/t/{third['code']}", timeout=5).text
    assert '前面还有 <b id="ahead">2</b> 人' in two and "<b>2</b> people ahead of you" in two
    assert "1 people" not in one + two and "2 person " not in two


def follow(host, code):
    """A ticket's stream as an iterator of its state frames (the caller closes the response)."""
    r = requests.get(f"{host.url}/t/{code}/events", stream=True, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    return r, (e.data for e in parse_sse(r.iter_lines(decode_unicode=True)) if e.kind == "state")


def test_the_stream_carries_only_this_tickets_state_and_its_people_ahead(host):
    first, mine = ticket(host), ticket(host)
    r, views = follow(host, mine["code"])
    with r:
        got = [next(views)]
        assert got[0]["number"] == "A002" and got[0]["people_ahead"] == 1
        post(host, "/api/counters/1/call-next", "counter-1")
        got.append(next(views))
        assert got[-1]["people_ahead"] == 0 and got[-1]["state"] == "waiting"
        post(host, "/api/counters/1/call-next", "counter-1")
        got.append(next(views))
        assert got[-1]["state"] == "called" and got[-1]["counter"] == "1"
    for view in got:
        text = json.dumps(view, ensure_ascii=False)
        assert first["number"] not in text and first["code"] not in text and "tickets" not in view


def test_a_called_ticket_says_which_counter(host):
    t = ticket(host)
    post(host, "/api/counters/2/call-next", "counter-2")
    view = states(host, t["code"], 1)[0]
    assert view["state"] == "called" and view["counter_name_zh"] == "2号窗口"
    page = requests.get(f"{host.url}/t/{t['code']}", timeout=5).text
    assert "请到 2号窗口 办理" in page


def test_im_not_coming_cancels_only_with_confirmation_and_counts_an_empty_call_saved(host):
    t, other = ticket(host), ticket(host)
    r = requests.post(f"{host.url}/t/{t['code']}/cancel", json={}, timeout=5)
    assert r.status_code == 422 and "confirm" in r.json()["message_en"]
    r = requests.post(f"{host.url}/t/{t['code']}/cancel", json={"confirm": True}, timeout=5)
    assert r.status_code == 200 and r.json()["state"] == "cancelled" and r.json()["cancelled_by_me"]
    snap = requests.get(host.url + "/api/queues", headers=host.headers("display"), timeout=5).json()
    cash = next(s for s in snap["services"] if s["code"] == "cash")
    assert [x["number"] for x in cash["tickets"]] == [other["number"]]
    stats = requests.get(host.url + "/api/stats", headers=host.headers("manager"), timeout=5).json()
    assert stats["empty_calls_saved"] == 1 and stats["states"]["cancelled"] == 1
    again = requests.post(f"{host.url}/t/{t['code']}/cancel", json={"confirm": True}, timeout=5)
    assert again.status_code == 409 and again.json()["message_zh"]
    db = sqlite3.connect(host.db_path)
    kinds = [json.loads(d) for (d,) in db.execute("SELECT data FROM events WHERE kind = 'cancelled'")]
    assert len(kinds) == 1 and kinds[0]["by"] == "customer"


def test_the_cancel_reaches_only_the_codes_own_ticket(host):
    t = ticket(host)
    assert requests.post(f"{host.url}/t/NOSUCHCODE/cancel", json={"confirm": True}, timeout=5).status_code == 404
    assert requests.post(f"{host.url}/t/{t['code']}x/cancel", json={"confirm": True}, timeout=5).status_code == 404
    assert requests.get(f"{host.url}/t/{t['code']}", headers={"Accept": "application/json"},
                        timeout=5).json()["state"] == "waiting"


def test_guessing_codes_from_one_address_is_refused_with_429(host):
    t = ticket(host)
    answers = [requests.get(f"{host.url}/t/GUESS{i:04d}", timeout=5).status_code for i in range(25)]
    assert answers[:20] == [404] * 20 and set(answers[20:]) == {429}
    # once refused, even a right code gets nothing from that address for a while
    assert requests.get(f"{host.url}/t/{t['code']}", timeout=5).status_code == 429


def test_one_code_may_hold_only_a_few_streams(host):
    t = ticket(host)
    opened = [follow(host, t["code"]) for _ in range(3)]
    try:
        for _, views in opened:  # each stream is open once its first frame has come
            assert next(views)["number"] == t["number"]
        fourth = requests.get(f"{host.url}/t/{t['code']}/events", stream=True, timeout=10)
        assert fourth.status_code == 429 and fourth.json()["message_zh"]
    finally:
        for r, _ in opened:
            r.close()


def test_one_code_is_limited_in_requests_a_minute(host):
    t = ticket(host)
    answers = [requests.get(f"{host.url}/t/{t['code']}", headers={"Accept": "application/json"}, timeout=5).status_code
               for _ in range(32)]
    assert answers[:30] == [200] * 30 and answers[30:] == [429, 429]


def test_an_unknown_codes_stream_is_404_and_holds_no_stream_open(host):
    t = ticket(host)
    for _ in range(5):
        assert requests.get(f"{host.url}/t/NOSUCH{_}/events", timeout=5).status_code == 404
    r, views = follow(host, t["code"])
    with r:
        assert next(views)["number"] == t["number"]
