"""The store against a real SQLite file: what was committed is what comes back after a restart."""
from __future__ import annotations

import sqlite3

from queue_host import calling
from queue_host.store import Reader, Store
from queue_host.visits import VisitRequest, issue, visit


def commit(store, lobby):
    with store.transaction():
        store.write(lobby, lobby.take_changes())


def test_the_database_runs_in_wal_mode_with_full_sync(tmp_path):
    store = Store(tmp_path / "f.db")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_reloaded_lobby_has_every_ticket_counter_and_sequence(tmp_path, cfg, t0):
    store = Store(tmp_path / "f.db")
    lobby = store.load(cfg, t0)
    for _ in range(3):
        issue(lobby, "cash", t0)
    calling.call_next(lobby, "1", t0)
    calling.set_paused(lobby, "3", True, t0)
    visit(lobby, VisitRequest(purpose="cash", amount_cny=100), t0)
    commit(store, lobby)
    store.close()

    again = Store(tmp_path / "f.db").load(cfg, t0)
    assert sorted(t.number for t in again.tickets.values()) == ["A001", "A002", "A003"]
    assert again.counters["1"].current == 1 and again.counters["3"].paused
    assert again.sequences["cash"] == 3 and again.seq == lobby.seq
    assert len(again.visits) == 1
    assert issue(again, "cash", t0).number == "A004"


def test_an_uncommitted_change_is_not_there_after_a_restart(tmp_path, cfg, t0):
    store = Store(tmp_path / "f.db")
    lobby = store.load(cfg, t0)
    issue(lobby, "cash", t0)
    commit(store, lobby)
    issue(lobby, "cash", t0)  # never committed: the process dies here
    again = Store(tmp_path / "f.db").load(cfg, t0)
    assert [t.number for t in again.tickets.values()] == ["A001"]
    assert issue(again, "cash", t0).number == "A002"


def test_no_customer_reference_is_stored_in_clear(tmp_path, cfg, t0):
    from queue_host.visits import ref_hash
    store = Store(tmp_path / "f.db")
    lobby = store.load(cfg, t0)
    visit(lobby, VisitRequest(purpose="cash", amount_cny=30000,
                              ref_hash=ref_hash(cfg.branch.ref_hash_key, "6222000099998888")), t0)
    commit(store, lobby)
    raw = (tmp_path / "f.db").read_bytes() + (tmp_path / "f.db-wal").read_bytes()
    assert b"6222000099998888" not in raw


def test_a_reader_replays_events_after_a_sequence_number(tmp_path, cfg, t0):
    store = Store(tmp_path / "f.db")
    lobby = store.load(cfg, t0)
    for _ in range(5):
        issue(lobby, "cash", t0)
    commit(store, lobby)
    reader = Reader(str(tmp_path / "f.db"))
    assert [e["seq"] for e in reader.events_after(2)] == [3, 4, 5]
    assert all(e["kind"] == "issued" for e in reader.events_after(0))


def test_the_event_log_refuses_a_sequence_number_twice(tmp_path, cfg, t0):
    store = Store(tmp_path / "f.db")
    lobby = store.load(cfg, t0)
    issue(lobby, "cash", t0)
    commit(store, lobby)
    lobby.seq -= 1
    issue(lobby, "cash", t0)
    try:
        commit(store, lobby)
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a duplicate event number was accepted")
    assert [t.number for t in Store(tmp_path / "f.db").load(cfg, t0).tickets.values()] == ["A001"]
