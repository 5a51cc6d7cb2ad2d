"""One bad command never fails anyone else's: each command commits or fails alone (real SQLite, real host)."""
from __future__ import annotations

import threading
from concurrent.futures import Future

import pytest
import requests

from queue_host.engine import Engine
from queue_host.store import Reader, Store
from queue_host.visits import VisitRequest, visit


def test_a_command_that_breaks_fails_alone_and_the_rest_of_its_batch_commits(cfg, t0, tmp_path):
    store = Store(tmp_path / "fenliu.db")
    engine = Engine(cfg, store, lambda: t0)

    def broken(lobby, now):
        visit(lobby, VisitRequest(purpose="card_loss"), now)  # changes the lobby, then meets a bug
        raise RuntimeError("a bug in one request")

    # Queued before the writer starts, so they run as one batch: good, bad, good, bad, good.
    futures: list[Future] = []
    for i in range(5):
        command = broken if i % 2 else (lambda lobby, now: visit(lobby, VisitRequest(purpose="card_loss"), now))
        futures.append(engine.submit(command))
    engine.start()
    try:
        answers = [f.result(timeout=10) for f in futures[::2]]
        for bad in futures[1::2]:
            with pytest.raises(RuntimeError):
                bad.result(timeout=10)
        numbers = [a["ticket"]["number"] for a in answers]
        assert numbers == ["B001", "B002", "B003"]  # the broken ones took no number
        assert len(engine.lobby.tickets) == 3
    finally:
        engine.stop()
        store.close()
    tickets, _visits = Reader(str(tmp_path / "fenliu.db")).day_rows(engine.lobby.day)
    assert sorted(t.number for t in tickets) == ["B001", "B002", "B003"]


def test_a_call_made_just_before_a_broken_command_stays_on_the_display_list_and_after_a_restart(cfg, t0, tmp_path):
    from queue_host.calling import call_next

    store = Store(tmp_path / "fenliu.db")
    engine = Engine(cfg, store, lambda: t0)
    engine.start()
    engine.submit(lambda lobby, now: visit(lobby, VisitRequest(purpose="card_loss"), now)).result(timeout=10)
    engine.stop()

    def broken(lobby, now):
        visit(lobby, VisitRequest(purpose="card_loss"), now)
        raise RuntimeError("a bug in one request")

    # One batch: the call, then a command that breaks (the lobby is rebuilt from the store), then a visit.
    engine = Engine(cfg, store, lambda: t0)
    called = engine.submit(lambda lobby, now: call_next(lobby, "1", now))
    bad = engine.submit(broken)
    after = engine.submit(lambda lobby, now: visit(lobby, VisitRequest(purpose="card_loss"), now))
    engine.start()
    try:
        number = called.result(timeout=10)["ticket"]["number"]
        with pytest.raises(RuntimeError):
            bad.result(timeout=10)
        assert after.result(timeout=10)["ticket"]["number"] == "B002"
        assert [c["number"] for c in engine.lobby.recent_calls] == [number]
    finally:
        engine.stop()
        store.close()
    store = Store(tmp_path / "fenliu.db")
    try:
        again = store.load(cfg, t0)
        assert [c["number"] for c in again.recent_calls] == [number]
        assert again.sequences["noncash"] == 2 and again.next_ticket_id == 3
    finally:
        store.close()


MALFORMED = [
    ("/api/tickets/1/cancel", {"reason": 5}),
    ("/api/tickets/1/park", {"minutes": "soon"}),
    ("/api/tickets/1/move", {"position": 10**40, "reason": "x"}),
    ("/api/tickets/1/transfer", {"service": ["cash"]}),
    ("/api/visits", {"purpose": {"nested": [[[]]]}}),
    ("/api/counters/1/call", {"ticket_id": "one"}),
    ("/api/leads", {"name": None, "consent": "yes"}),
]


def test_malformed_requests_beside_hundreds_of_visits_hurt_none_of_them(host):
    manager = host.headers("manager")
    answers: list[tuple[int, dict]] = []
    bad_statuses: list[int] = []
    lock = threading.Lock()

    def customers(n: int):
        session = requests.Session()
        for i in range(n):
            purpose = "card_loss" if i % 2 else "corporate"
            r = session.post(host.url + "/api/visits", json={"purpose": purpose}, headers=manager, timeout=10)
            with lock:
                answers.append((r.status_code, r.json()))

    def attacker(n: int):
        session = requests.Session()
        for i in range(n):
            path, body = MALFORMED[i % len(MALFORMED)]
            r = session.post(host.url + path, json=body, headers=manager, timeout=10)
            with lock:
                bad_statuses.append(r.status_code)

    threads = [threading.Thread(target=customers, args=(100,)) for _ in range(3)]
    threads += [threading.Thread(target=attacker, args=(140,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(answers) == 300 and [s for s, _ in answers if s != 200] == []
    assert len(bad_statuses) == 280 and all(400 <= s < 500 for s in bad_statuses)
    snap = requests.get(host.url + "/api/queues", headers=manager, timeout=5).json()
    stored = {t["id"] for s in snap["services"] for t in s["tickets"]}
    assert {a["ticket"]["id"] for _, a in answers} <= stored
