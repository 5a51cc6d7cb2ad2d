"""The customer's phone routes (/t/{code}) against the real host: its own stream, cancel, limits."""
from __future__ import annotations

import json
import sqlite3

import httpx
import requests

from queue_host.client import parse_sse
from queue_host.phone import REQUESTS_PER_CODE_ADDRESS


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


def get_from(source: str, url: str) -> int:
    """The status of a JSON GET sent from one loopback address (every 127.x.y.z reaches the host)."""
    with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=5) as client:
        return client.get(url, headers={"Accept": "application/json"}).status_code


def test_guessing_codes_from_one_address_is_refused_but_a_real_code_behind_it_is_still_served(host):
    t = ticket(host)
    answers = [requests.get(f"{host.url}/t/GUESS{i:04d}", timeout=5).status_code for i in range(25)]
    assert answers[:20] == [404] * 20 and set(answers[20:]) == {429}
    # a phone behind the same NAT: its own code is served, its page and its stream
    assert get_from("127.0.0.1", f"{host.url}/t/{t['code']}") == 200
    r, views = follow(host, t["code"])
    with r:
        assert next(views)["number"] == t["number"]
    assert requests.get(f"{host.url}/t/GUESS9999", timeout=5).status_code == 429  # guessing stays refused


def test_a_fourth_page_of_one_code_replaces_the_oldest_instead_of_being_refused(host):
    t = ticket(host)
    opened = [follow(host, t["code"]) for _ in range(3)]
    try:
        for _, views in opened:  # each stream is open once its first frame has come
            assert next(views)["number"] == t["number"]
        r, views = follow(host, t["code"])  # the owner's reloaded page, while others hold three
        with r:
            assert next(views)["number"] == t["number"]
            assert list(opened[0][1]) == []  # the oldest page's stream has ended: it reconnects by itself
    finally:
        for r, _ in opened:
            r.close()


def test_someone_polling_a_code_from_another_address_never_keeps_its_owner_at_429(host):
    t = ticket(host)
    url = f"{host.url}/t/{t['code']}"
    polled = [get_from("127.0.0.9", url) for _ in range(REQUESTS_PER_CODE_ADDRESS + 5)]
    assert polled[:REQUESTS_PER_CODE_ADDRESS] == [200] * REQUESTS_PER_CODE_ADDRESS and set(polled[-5:]) == {429}
    owner = [get_from("127.0.0.1", url) for _ in range(REQUESTS_PER_CODE_ADDRESS)]
    assert owner == [200] * REQUESTS_PER_CODE_ADDRESS  # a page reconnecting every 3 s needs 20 a minute


def test_one_code_is_limited_in_requests_a_minute_from_one_address(host):
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
