"""Three real branch hosts ship their event logs to a real PostgreSQL while their day goes on; head office
goes down and comes back, a host is killed -9 mid-batch, a branch goes back to a backup. At the end head
office holds each branch's events exactly once, nothing personal, and the same league figures."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest
import requests

from operations.backup import backup, restore
from fenliu.cli import main
from headoffice import cli as hq_cli, league, migrate, store
from reports.cli import whole
from queue_host.config import load
from queue_host.outbound import outbound
from queue_host.store import Reader
from tests.hostproc import start_host
from tests.hqday import PERSONAL, Day, branch_file
from tests.pgserver import PASSWORD, wait_for

pytestmark = pytest.mark.slow


def hq_count(dsn: str, branch: str) -> int:
    """Events head office holds for a branch (0 while it is down)."""
    try:
        with psycopg.connect(dsn, password=PASSWORD, connect_timeout=2) as conn:
            return conn.execute("SELECT count(*) FROM events WHERE branch_id = %s", (branch,)).fetchone()[0]
    except psycopg.OperationalError:
        return 0


def branch_events(db: Path) -> tuple[str, list[dict]]:
    """The branch's own log: its log_id and every event, from its SQLite file."""
    reader = Reader(str(db))
    try:
        log_id = reader.conn.execute("SELECT value FROM meta WHERE key = 'log_id'").fetchone()[0]
        events, last = [], 0
        while batch := reader.events_after(last):
            events += batch
            last = batch[-1]["seq"]
        return log_id, events
    finally:
        reader.close()


def caught_up(dsn: str, branch: str, host) -> bool:
    """Head office holds every event the branch has, one row each, and nothing past it."""
    head = requests.get(host.url + "/api/health", timeout=5).json()
    try:
        with psycopg.connect(dsn, password=PASSWORD, connect_timeout=2) as conn:
            n, top = conn.execute("SELECT count(*), COALESCE(max(seq), 0) FROM events WHERE branch_id = %s "
                                  "AND log_id = %s", (branch, head["log_id"])).fetchone()
    except psycopg.OperationalError:
        return False
    return n == top == head["seq"] and head["hq"]["shipped_seq"] == head["seq"]


def test_three_branches_ship_through_an_outage_a_kill_and_a_restore_and_head_office_holds_each_event_once(
        tmp_path, pg_server, hq_db, monkeypatch):
    with psycopg.connect(hq_db, password=PASSWORD, autocommit=True) as conn:
        migrate.migrate(conn)
    secret = tmp_path / "hq-password"
    secret.write_text(PASSWORD + "\n")
    names = ["b1", "b2", "b3"]
    hosts = {b: start_host(tmp_path / b, config_path=branch_file(tmp_path / b / "branch.toml", hq_db, b, secret))
             for b in names}
    days: list[Day] = []

    def phase(steps: int, during=None) -> dict[str, Day]:
        """Each branch's day goes on for `steps` actions (concurrently); `during` runs meanwhile."""
        now = {b: Day(hosts[b], len(days) + i, steps) for i, b in enumerate(names)}
        days.extend(now.values())
        for d in now.values():
            d.start()
        if during:
            during()
        for d in now.values():
            d.join(120)
        assert all(not d.is_alive() and d.done == steps for d in now.values())
        return now

    try:
        phase(60)  # the morning, shipped as it happens
        assert wait_for(lambda: all(hq_count(hq_db, b) >= 15 for b in names))
        saved = backup(hosts["b3"].db_path, tmp_path / "backups")  # b3's morning, with its shipping progress
        backup_head = branch_events(saved)[1][-1]["seq"]

        # Head office goes down mid-day: the branches go on serving, and ship what they missed afterwards.
        pg_server.stop()
        outage = phase(60)
        assert all(d.ok > 30 and d.failed == 0 for d in outage.values())
        pg_server.start()

        def kill_b2_mid_batch():
            held = hq_count(hq_db, "b2")
            assert wait_for(lambda: hq_count(hq_db, "b2") >= held + 10)
            hosts["b2"].kill()  # kill -9 while it ships its backlog in batches of 20 and serves visits
            hosts["b2"].start()
        phase(80, kill_b2_mid_batch)

        # b3 goes back to its morning backup: its log replays what head office has, then lives on anew.
        assert wait_for(lambda: hq_count(hq_db, "b3") > backup_head + 30)
        hosts["b3"].stop()
        forked_at = hq_count(hq_db, "b3")  # head office holds events the backup never had
        restore(saved, hosts["b3"].db_path)
        hosts["b3"].start()
        phase(60)  # the afternoon: b3's new events take numbers head office already holds
        assert wait_for(lambda: all(caught_up(hq_db, b, hosts[b]) for b in names), limit_s=120)
        today = {requests.get(hosts[b].url + "/api/health", timeout=5).json()["day"] for b in names}
        stats = {b: requests.get(hosts[b].url + "/api/stats", headers=hosts[b].headers("manager"), timeout=5).json()
                 for b in names}
    finally:
        for h in hosts.values():
            h.stop()

    with psycopg.connect(hq_db, password=PASSWORD) as conn:
        for b in names:
            log_id, own = branch_events(hosts[b].db_path)
            rows = conn.execute("SELECT log_id, seq, data FROM events WHERE branch_id = %s ORDER BY seq",
                                (b,)).fetchall()
            # Exactly the branch's log, once each, as it may leave the branch; nothing of a lost future.
            assert {r[0] for r in rows} == {log_id}
            assert [r[1] for r in rows] == [e["seq"] for e in own] == list(range(1, len(own) + 1))
            assert [r[2] for r in rows] == [outbound(e) for e in own]
            text = json.dumps([r[2] for r in rows], ensure_ascii=False)
            assert not [p for p in PERSONAL if p in text]
            tickets = [r[2]["ticket"] for r in rows if "ticket" in r[2]]
            assert tickets and not [t for t in tickets if {"code", "note", "status_url"} & set(t)]
            assert [r[2] for r in rows if r[2]["kind"] == "alert_raised" and set(r[2]["alert"]) - {
                "id", "kind", "raised_at", "cleared_at"}] == []
        # `fenliu hq status`'s counts, kept by triggers through replays, a kill and a restore's deletions,
        # equal what head office holds.
        held = dict(conn.execute("SELECT branch_id, count(*) FROM events GROUP BY branch_id").fetchall())
        assert {s.branch_id: s.events for s in store.status(conn)} == held
        day = conn.execute("SELECT min(day), max(day) FROM events").fetchone()
        assert {str(d) for d in day} == today  # head office files each event under the branch's business day
        table = {r["branch"]: r for r in hq_cli.league_rows(conn, day[0], day[1], None)}

    assert sorted(table) == names
    for b in names:
        # The branch's own figures of the day, as `fenliu report` at the branch counts them from its SQLite.
        cfg, reader = load(tmp_path / b / "branch.toml"), Reader(str(hosts[b].db_path))
        try:
            own_days = {d: reader.day_events(cfg, d) for d in sorted(today)}
        finally:
            reader.close()
        own = league.of_report(whole(cfg, own_days, datetime.now(timezone.utc)))
        assert {k: table[b][k] for k in own.row()} == own.row()
        assert own.visits > 40 and own.called > 10 and own.divertible > 0 and own.no_shows > 0
        # ... and they agree with the branch's own figures of the day (/api/stats, from its tickets and visits).
        assert (own.visits, own.tickets, own.diversion_rate, own.no_shows) == (
            stats[b]["visits"], stats[b]["tickets"], stats[b]["diversion_rate"], stats[b]["no_shows"])
    assert forked_at > backup_head  # the restore did fork b3's log from what head office had
    assert "went back to a backup" in (tmp_path / "b3" / "host.log").read_text()

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    out = tmp_path / "report"
    assert main(["hq", "--dsn", hq_db, "report", "--from", str(day[0]), "--to", str(day[1]), "--out", str(out)]) == 0
    csv_text = (out / f"hq-league-{day[0]}-{day[1]}.csv").read_text(encoding="utf-8-sig")
    assert csv_text.count("\n") == 4 and "分流率 / Diversion rate" in csv_text
    page = (out / f"hq-league-{day[0]}-{day[1]}.html").read_text(encoding="utf-8")
    assert all(f"Branch {b}" in page for b in names)
