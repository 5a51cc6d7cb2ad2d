"""Many tellers pressing "next" at once never get the same customer (real host, real threads)."""
from __future__ import annotations

import threading
from collections import Counter

import requests


def test_many_threads_calling_next_at_once_never_call_a_ticket_twice(host):
    kiosk = requests.Session()
    for i in range(120):
        purpose = {"purpose": "cash", "amount_cny": 30000} if i % 2 else {"purpose": "card_loss"}
        assert kiosk.post(host.url + "/api/visits", json=purpose, headers=host.headers("manager"), timeout=5).ok
    called: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(16)

    def teller(counter: str):
        session = requests.Session()
        start.wait()
        while True:
            r = session.post(f"{host.url}/api/counters/{counter}/call-next", headers=host.headers("manager"), timeout=10)
            assert r.status_code == 200, r.text
            ticket = r.json()["ticket"]
            if ticket is None:
                return
            with lock:
                called.append(ticket["id"])

    threads = [threading.Thread(target=teller, args=(str(1 + i % 4),)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    twice = [tid for tid, n in Counter(called).items() if n > 1]
    assert twice == []
    assert len(called) == 120
