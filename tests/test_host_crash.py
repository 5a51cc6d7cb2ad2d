"""kill -9 the host in the middle of a stream of visits: every acknowledged ticket survives, no number repeats."""
from __future__ import annotations

import random
import threading
import time

import requests


def send_visits(host, acked: list, stop: threading.Event, most: int = 200):
    session = requests.Session()
    for _ in range(most):  # bounded by count, so a fast machine cannot fill the queue's 999 numbers
        if stop.is_set():
            return
        try:
            r = session.post(host.url + "/api/visits", json={"purpose": "cash", "amount_cny": 30000},
                             headers=host.headers("manager"), timeout=2)
        except requests.RequestException:
            time.sleep(0.02)  # the host is down or restarting: a kiosk retries
            continue
        if r.status_code == 200:
            acked.append((r.json()["ticket"]["id"], r.json()["ticket"]["number"]))


def wait_for(condition, limit_s: float = 30.0) -> None:
    """Wait until the condition holds (an event, not a measured time); the limit only stops a hang."""
    deadline = time.monotonic() + limit_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)


def test_every_acknowledged_ticket_survives_kill_9_and_no_number_is_given_twice(host):
    acked: list = []
    rng = random.Random(7)
    for _ in range(3):
        stop = threading.Event()
        # Kill after a number of answers, not after a time: the same test on a fast or a slow machine.
        target = len(acked) + rng.randint(20, 60)
        senders = [threading.Thread(target=send_visits, args=(host, acked, stop)) for _ in range(4)]
        for t in senders:
            t.start()
        wait_for(lambda: len(acked) >= target)
        host.kill()  # while requests are in flight
        stop.set()
        for t in senders:
            t.join(10)
        host.start()
    assert len(acked) > 50
    snap = requests.get(host.url + "/api/queues", headers=host.headers("manager"), timeout=5).json()
    stored = {t["id"]: t["number"] for s in snap["services"] for t in s["tickets"]}
    missing = [(i, n) for i, n in acked if stored.get(i) != n]
    assert missing == []
    numbers = list(stored.values())
    assert len(numbers) == len(set(numbers))
    after = requests.post(host.url + "/api/visits", json={"purpose": "cash", "amount_cny": 30000},
                          headers=host.headers("manager"), timeout=5).json()["ticket"]["number"]
    assert after not in numbers


def test_a_retry_after_the_host_died_mid_answer_returns_the_ticket_it_committed(host):
    body = {"purpose": "cash", "amount_cny": 30000, "request_id": "kiosk-1:000042"}
    first = requests.post(host.url + "/api/visits", json=body, headers=host.headers("kiosk"), timeout=5).json()
    host.restart()  # as if the answer had been lost when the host died
    again = requests.post(host.url + "/api/visits", json=body, headers=host.headers("kiosk"), timeout=5).json()
    assert again["existing"] and again["ticket"]["id"] == first["ticket"]["id"]
    stats = requests.get(host.url + "/api/stats", headers=host.headers("manager"), timeout=5).json()
    assert stats["tickets"] == 1 and stats["visits"] == 1
