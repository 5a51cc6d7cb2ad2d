"""Head office's view: which branches report and how far behind, the league for some branches, retention."""
from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest
import requests

from fenliu.cli import main
from headoffice import migrate, store
from tests.hostproc import start_host
from tests.hqday import Day, branch_file
from tests.pgserver import PASSWORD, wait_for

pytestmark = pytest.mark.slow


def health(host) -> dict:
    return requests.get(host.url + "/api/health", timeout=5).json()


def test_a_branch_serves_while_its_hq_password_is_missing_and_ships_once_it_is_there(tmp_path, hq_db, monkeypatch,
                                                                                     capsys):
    with psycopg.connect(hq_db, password=PASSWORD, autocommit=True) as conn:
        migrate.migrate(conn)
    secret = tmp_path / "hq-password"  # not there yet
    hosts = {b: start_host(tmp_path / b, config_path=branch_file(tmp_path / b / "branch.toml", hq_db, b, secret))
             for b in ("b1", "b2")}
    try:
        for seed, host in enumerate(hosts.values()):
            day = Day(host, seed, 40)
            day.run()
            assert day.ok > 20 and day.failed == 0
        assert wait_for(lambda: all(health(h)["hq"]["state"] == "retrying" for h in hosts.values()))
        assert "hq-password" in (tmp_path / "b1" / "host.log").read_text()  # the log says what is missing

        secret.write_text(PASSWORD)
        assert wait_for(lambda: all(health(h)["hq"]["shipped_seq"] == health(h)["seq"] for h in hosts.values()))
        heads = {b: health(h)["seq"] for b, h in hosts.items()}
    finally:
        for h in hosts.values():
            h.stop()

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["hq", "--dsn", hq_db, "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows["b1"][1:3] == [str(heads["b1"]), "0"] and rows["b2"][1:3] == [str(heads["b2"]), "0"]
    assert "Branch b1" in lines[1]

    # A branch that reported more events than head office holds shows them as its lag.
    with psycopg.connect(hq_db, password=PASSWORD, autocommit=True) as conn:
        conn.execute("UPDATE branches SET head_seq = shipped_seq + 25 WHERE branch_id = 'b2'")
        day = conn.execute("SELECT min(day) FROM events").fetchone()[0]
    assert main(["hq", "--dsn", hq_db, "status"]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[:3] == ["b2", str(heads["b2"]), "25"]

    out = tmp_path / "report"
    assert main(["hq", "--dsn", hq_db, "report", "--from", str(day), "--to", str(day), "--branch", "b2",
                 "--out", str(out)]) == 0
    csv_rows = (out / f"hq-league-{day}-{day}.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(csv_rows) == 2 and csv_rows[1].startswith("1,b2,")


def test_prune_deletes_whole_months_before_the_kept_ones_branch_by_branch(tmp_path, hq_db, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["hq", "--dsn", hq_db, "migrate"]) == 0
    first_kept = store.cutoff(date.today(), 2)
    # Each branch: the 1st of this month and of the 3 before, the last day before the cut and the day of it.
    with psycopg.connect(hq_db, autocommit=True) as conn:
        for branch in ("b1", "b2"):
            conn.execute("""INSERT INTO events (branch_id, log_id, seq, at, day, kind, data, digest)
                SELECT %s, 'l', n, now(), (date_trunc('month', now()) - make_interval(months => n))::date, 'visit',
                       '{}'::jsonb, '' FROM generate_series(0, 3) AS n""", (branch,))
            conn.execute("""INSERT INTO events (branch_id, log_id, seq, at, day, kind, data, digest)
                VALUES (%s, 'l', 10, now(), %s, 'visit', '{}', ''), (%s, 'l', 11, now(), %s, 'visit', '{}', '')""",
                         (branch, first_kept - timedelta(days=1), branch, first_kept))
    assert main(["hq", "--dsn", hq_db, "prune", "--keep-months", "2"]) == 0
    out = capsys.readouterr().out
    assert f"deleted 4 events of days before {first_kept}" in out and "b1: 2" in out and "b2: 2" in out
    with psycopg.connect(hq_db) as conn:
        kept = conn.execute("SELECT branch_id, min(day) FROM events GROUP BY branch_id ORDER BY 1").fetchall()
        assert kept == [("b1", first_kept), ("b2", first_kept)]
        assert {s.branch_id: s.events for s in store.status(conn)} == {}  # no branches row: status lists none
        counts = dict(conn.execute("SELECT branch_id, sum(events) FROM event_counts GROUP BY 1").fetchall())
        assert counts == {"b1": 4, "b2": 4}  # status's counts followed the deletion


def test_the_first_month_kept_is_a_whole_month_across_new_year():
    assert store.cutoff(date(2026, 1, 31), 0) == date(2026, 1, 1)
    assert store.cutoff(date(2026, 1, 1), 1) == date(2025, 12, 1)
    assert store.cutoff(date(2026, 3, 15), 14) == date(2025, 1, 1)


def test_prune_refuses_a_negative_number_of_months(hq_db, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["hq", "--dsn", hq_db, "prune", "--keep-months", "-1"]) == 2
    assert "--keep-months must be 0 or more" in capsys.readouterr().err


def test_a_report_with_the_dates_the_wrong_way_round_is_refused(hq_db, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["hq", "--dsn", hq_db, "report", "--from", "2026-11-30", "--to", "2026-11-01"]) == 1
    assert "is before --from" in capsys.readouterr().err


def test_a_branch_login_ships_its_own_branch_and_cannot_touch_another(tmp_path, pg_server, hq_db, monkeypatch,
                                                                      capsys):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["hq", "--dsn", hq_db, "migrate"]) == 0
    with psycopg.connect(hq_db, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS branch_b1")
        conn.execute("CREATE ROLE branch_b1 LOGIN PASSWORD 'b1-secret'")
    assert main(["hq", "--dsn", hq_db, "add-branch", "b1", "--login", "branch_b1"]) == 0
    secret = tmp_path / "b1-password"
    secret.write_text("b1-secret")
    login = hq_db.replace("user=fenliu", "user=branch_b1")
    own = start_host(tmp_path / "b1", config_path=branch_file(tmp_path / "b1" / "branch.toml", login, "b1", secret))
    # The same login configured as another branch (a copied branch file, a stolen password) ships nothing.
    other = start_host(tmp_path / "b2", config_path=branch_file(tmp_path / "b2" / "branch.toml", login, "b2", secret))
    try:
        for seed, host in enumerate((own, other)):
            Day(host, seed, 20).run()
        assert wait_for(lambda: health(own)["hq"]["shipped_seq"] == health(own)["seq"])
        assert wait_for(lambda: health(other)["hq"]["state"] == "retrying")
    finally:
        own.stop()
        other.stop()
    assert "row-level security" in (tmp_path / "b2" / "host.log").read_text()
    with psycopg.connect(hq_db) as conn:
        held = dict(conn.execute("SELECT branch_id, count(*) FROM events GROUP BY branch_id").fetchall())
    assert set(held) == {"b1"} and held["b1"] > 0
    with psycopg.connect(hq_db) as conn:  # the branch login's inserts were counted for `status`
        assert {s.branch_id: s.events for s in store.status(conn)} == held
