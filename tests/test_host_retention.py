"""Past days beyond [retention] days move to monthly archive files at the day's reset; the live database stays bounded."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import timedelta

import tomllib

import pytest

from fenliu.cli import main
from queue_host import calling
from queue_host.config import DEFAULT_PATH, ConfigError, parse
from queue_host.engine import Engine
from queue_host.retention import TABLES, archive_path, cutoff_day, prune
from queue_host.store import Store
from queue_host.visits import VisitRequest, visit


def counts(path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def a_busy_day(engine) -> None:
    """Visits, tickets, a call and an audited action, through the one writer."""
    for purpose, amount in (("cash", 30000), ("card_opening", None), ("cash", 50000)):
        engine.submit(lambda lobby, at, p=purpose, a=amount: visit(lobby, VisitRequest(purpose=p, amount_cny=a),
                                                                   at)).result(timeout=10)
    engine.submit(lambda lobby, at: calling.call_next(lobby, "1", at)).result(timeout=10)
    engine.submit(lambda lobby, at: lobby.changes.audit.append(
        {"day": lobby.day, "at": at.isoformat(), "who": "manager", "action": "test", "target": "", "reason": ""}
    )).result(timeout=10)


def test_days_past_the_retention_move_to_their_months_archive_at_the_day_reset(cfg, t0, tmp_path):
    cfg = replace(cfg, retention_days=200)
    db = tmp_path / "fenliu.db"
    now = [t0]
    store = Store(db)
    engine = Engine(cfg, store, lambda: now[0])
    engine.start()
    try:
        a_busy_day(engine)
        old = counts(db)
        last_seq = engine.lobby.seq
        now[0] = t0 + timedelta(days=100)
        a_busy_day(engine)
        assert archive_path(db, t0.strftime("%Y-%m")).exists() is False  # 100 days: all kept
        now[0] = t0 + timedelta(days=201)
        engine.submit(lambda lobby, at: None).result(timeout=10)  # the reset, then the archive
        archived = counts(archive_path(db, t0.strftime("%Y-%m")))
        for table in TABLES:
            assert archived[table] > 0, table
        assert archived["tickets"] == old["tickets"] and archived["visits"] == old["visits"]
        assert archived["audit"] == old["audit"] and archived["events"] == old["events"]
        with closing(sqlite3.connect(db)) as conn:
            cutoff = cutoff_day(engine.lobby.day, 200)
            assert conn.execute("SELECT count(*) FROM tickets WHERE day < ?", (cutoff,)).fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM visits").fetchone()[0] == 3  # day 100's are still live
        before = engine.lobby.seq
        a_busy_day(engine)
        assert engine.lobby.seq > before > last_seq
    finally:
        engine.stop()
        store.close()


def test_the_event_numbers_go_on_after_every_event_was_archived(cfg, t0, tmp_path):
    db = tmp_path / "fenliu.db"
    store = Store(db)
    lobby = store.load(cfg, t0)
    for _ in range(3):
        visit(lobby, VisitRequest(purpose="card_opening"), t0)
    with store.transaction():
        store.write(lobby, lobby.take_changes())
    top = lobby.seq
    later = t0 + timedelta(days=400)
    prune(store.conn, db, cutoff_day(later.date().isoformat(), 200))
    assert counts(db)["events"] == 0
    assert store.load(cfg, later).seq == top


def test_pruning_twice_moves_nothing_twice_and_loses_nothing(cfg, t0, tmp_path):
    db = tmp_path / "fenliu.db"
    store = Store(db)
    lobby = store.load(cfg, t0)
    visit(lobby, VisitRequest(purpose="cash", amount_cny=30000), t0)
    with store.transaction():
        store.write(lobby, lobby.take_changes())
    cutoff = (t0 + timedelta(days=300)).date().isoformat()
    first = prune(store.conn, db, cutoff)
    assert first.total() > 0 and prune(store.conn, db, cutoff).total() == 0
    assert counts(archive_path(db, t0.strftime("%Y-%m")))["tickets"] == 1


@pytest.mark.parametrize("days, problem", [(90, "at least 183"), (182, "six months"), (5000, "at most 3650"),
                                           ("200", "expected int"), (True, "expected int")])
def test_a_retention_shorter_than_six_months_or_not_a_number_is_refused(days, problem):
    data = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["retention"] = {"days": days}
    with pytest.raises(ConfigError, match=problem) as err:
        parse(data)
    assert "retention.days" in str(err.value)
    data["retention"] = {"days": 200, "keep": 1}
    with pytest.raises(ConfigError, match="retention.keep"):
        parse(data)


def test_fenliu_prune_archives_now_and_says_what_it_moved(cfg, t0, tmp_path, capsys):
    db = tmp_path / "fenliu.db"
    store = Store(db)
    lobby = store.load(cfg, t0.replace(year=2020))
    visit(lobby, VisitRequest(purpose="cash", amount_cny=30000), t0.replace(year=2020))
    with store.transaction():
        store.write(lobby, lobby.take_changes())
    store.close()
    assert main(["prune", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "tickets 1" in out and "fenliu-archive-2020-11.db" in out
    assert counts(db)["tickets"] == 0
    assert main(["prune", "--db", str(db)]) == 0 and "nothing before" in capsys.readouterr().out
