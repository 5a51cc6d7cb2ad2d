"""fenliu backup copies the live database while the host writes; fenliu restore refuses while a host holds it."""
from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from datetime import datetime, timedelta, timezone

import pytest
import requests

from operations.backup import DatabaseInUse, backup, backups, restore
from fenliu.cli import main
from demo.host import free_port
from tests.hostproc import RunningHost


def send_visits(host, acked: list, stop: threading.Event, enough: threading.Event):
    session = requests.Session()
    while not stop.is_set():
        r = session.post(host.url + "/api/visits", json={"purpose": "cash", "amount_cny": 30000},
                         headers=host.headers("manager"), timeout=5)
        if r.status_code == 200:
            acked.append((r.json()["ticket"]["id"], r.json()["ticket"]["number"]))
        if len(acked) >= 20:
            enough.set()


@pytest.mark.slow
def test_a_backup_taken_mid_stream_holds_every_ticket_acknowledged_before_it_began(host, tmp_path):
    acked: list = []
    stop, enough = threading.Event(), threading.Event()
    sender = threading.Thread(target=send_visits, args=(host, acked, stop, enough))
    sender.start()
    try:
        assert enough.wait(30)
        before = list(acked)
        taken = backup(host.db_path, tmp_path / "backups")
        assert enough.is_set() and not stop.is_set()
    finally:
        stop.set()
        sender.join(10)
    restored = tmp_path / "restored" / "fenliu.db"
    assert restore(taken, restored) is None
    again = RunningHost(restored, free_port(), host.config_path, tmp_path / "restored.log").start()
    try:
        snap = requests.get(again.url + "/api/queues", headers=again.headers("manager"), timeout=5).json()
    finally:
        again.stop()
    stored = {t["id"]: t["number"] for s in snap["services"] for t in s["tickets"]}
    assert [(i, n) for i, n in before if stored.get(i) != n] == []


def test_restore_refuses_while_a_host_holds_the_database_and_leaves_it_untouched(host, tmp_path, capsys):
    taken = backup(host.db_path, tmp_path / "backups")
    with pytest.raises(DatabaseInUse):
        restore(taken, host.db_path)
    assert main(["restore", str(taken), "--db", str(host.db_path)]) == 3
    assert "stop it first" in capsys.readouterr().err
    assert requests.get(host.url + "/api/health", timeout=5).ok


def test_restore_after_the_host_stopped_keeps_the_old_file_beside_the_new(host, tmp_path):
    taken = backup(host.db_path, tmp_path / "backups")
    requests.post(host.url + "/api/visits", json={"purpose": "cash", "amount_cny": 30000},
                  headers=host.headers("manager"), timeout=5).raise_for_status()
    host.stop()
    kept = restore(taken, host.db_path)
    assert kept is not None and kept.exists()
    with closing(sqlite3.connect(kept)) as old, closing(sqlite3.connect(host.db_path)) as new:
        assert old.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
        assert new.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0
    host.start()
    assert requests.get(host.url + "/api/health", timeout=5).ok


def test_backup_keeps_only_the_newest_n_files_named_by_time(tmp_path):
    db = tmp_path / "fenliu.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    start = datetime(2026, 11, 29, 5, 0, tzinfo=timezone.utc)
    made = [backup(db, tmp_path / "out", keep=3, now=start + timedelta(minutes=i)) for i in range(5)]
    assert backups(tmp_path / "out") == made[-3:]
    assert made[-1].name == "fenliu-20261129T050400000000Z.db"


def test_the_backup_command_prints_where_the_copy_went(tmp_path, capsys):
    db = tmp_path / "fenliu.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    assert main(["backup", "--db", str(db), "--out", str(tmp_path / "out"), "--keep", "2"]) == 0
    assert "backed up to" in capsys.readouterr().out and len(backups(tmp_path / "out")) == 1


def test_a_nightly_backup_keeps_n_days_and_never_touches_other_files(tmp_path):
    db = tmp_path / "fenliu.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("the branch's own file")
    night = datetime(2026, 11, 1, 2, 30, tzinfo=timezone.utc)
    made = [backup(db, out, now=night + timedelta(days=i), keep_days=7) for i in range(10)]
    # Night 9 keeps nights 2..9: the ones within 7 days of it, the 7th day back included.
    assert backups(out) == made[2:]
    assert made[0].name.startswith("fenliu-20261101T0230") and (out / "notes.txt").exists()


def test_the_backup_command_takes_keep_days_and_dir_and_refuses_zero(tmp_path, capsys):
    db = tmp_path / "fenliu.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    old = backup(db, tmp_path / "out", now=datetime(2020, 1, 1, tzinfo=timezone.utc))
    assert main(["backup", "--db", str(db), "--dir", str(tmp_path / "out"), "--keep-days", "30"]) == 0
    assert not old.exists() and len(backups(tmp_path / "out")) == 1
    capsys.readouterr()
    assert main(["backup", "--db", str(db), "--dir", str(tmp_path / "out"), "--keep-days", "0"]) == 2
    assert "--keep-days must be at least 1" in capsys.readouterr().err and len(backups(tmp_path / "out")) == 1


def mode(path) -> int:
    import os
    return os.stat(path).st_mode & 0o777


@pytest.fixture
def umask_022():
    """The usual umask, under which a plain open() makes files everyone may read."""
    import os
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_database_its_wal_backups_archives_and_restores_are_only_for_the_hosts_user(umask_022, tmp_path, cfg, t0):
    from queue_host import retention
    from queue_host.store import Store
    from queue_host.visits import issue
    store = Store(tmp_path / "var" / "fenliu.db")
    lobby = store.load(cfg, t0)
    issue(lobby, "cash", t0)
    with store.transaction():
        store.write(lobby, lobby.take_changes())
    db = tmp_path / "var" / "fenliu.db"
    assert {mode(db), mode(f"{db}-wal"), mode(f"{db}-shm"), mode(f"{db}.lock")} == {0o600}
    assert mode(tmp_path / "var") == 0o700
    taken = backup(db, tmp_path / "backups" / "nightly")
    assert mode(taken) == 0o600 and mode(tmp_path / "backups") == mode(tmp_path / "backups" / "nightly") == 0o700
    done = retention.prune(store.conn, str(db), "2099-01-01")  # today's rows go to this month's archive
    assert done.archives and all(mode(p) == 0o600 and mode(p.parent) == 0o700 for p in done.archives)
    store.close()
    restored = tmp_path / "restored" / "fenliu.db"
    restore(taken, restored, cfg=cfg)
    assert mode(restored) == 0o600 and mode(restored.parent) == 0o700


def test_restore_refuses_an_unrelated_sqlite_file_and_keeps_the_old_database(host, tmp_path, capsys):
    host.stop()
    other = tmp_path / "photos.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
    before = host.db_path.read_bytes()
    assert main(["restore", str(other), "--db", str(host.db_path)]) != 0
    err = capsys.readouterr().err
    assert "not a fenliu database" in err and "refused" in err and "拒绝" in err
    assert host.db_path.read_bytes() == before and not list(host.db_path.parent.glob("*.before-restore-*"))
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("just some text, not a database\n" * 50)
    assert main(["restore", str(not_sqlite), "--db", str(host.db_path)]) != 0
    assert "not a SQLite database" in capsys.readouterr().err
    host.start()
    assert requests.get(host.url + "/api/health", timeout=5).ok


def test_restore_refuses_a_backup_with_a_tampered_ticket_row_that_would_stop_the_host(host, tmp_path, capsys):
    requests.post(host.url + "/api/visits", json={"purpose": "cash", "amount_cny": 30000},
                  headers=host.headers("manager"), timeout=5).raise_for_status()
    taken = backup(host.db_path, tmp_path / "backups")
    with closing(sqlite3.connect(taken)) as conn:  # a field the host does not know, as a careless edit leaves
        conn.execute("UPDATE tickets SET data = json_set(data, '$.hacked', 1)")
        conn.commit()
    host.stop()
    with closing(sqlite3.connect(host.db_path)) as conn:
        tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    assert main(["restore", str(taken), "--db", str(host.db_path)]) != 0
    err = capsys.readouterr().err
    assert "a host cannot start from" in err and "TypeError" in err
    with closing(sqlite3.connect(host.db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == tickets == 1
    host.start()
    assert requests.get(host.url + "/api/health", timeout=5).ok


def test_the_units_fenliu_writes_set_a_umask_only_the_user_reads_through():
    from operations.service import backup_units, unit_text
    assert "UMask=0077" in unit_text("host", "fenliu", "/var/lib/fenliu", "/usr/local/bin/fenliu").splitlines()
    assert all("UMask=0077" in text.splitlines() for name, text in backup_units(
        "fenliu", "/var/lib/fenliu", "/usr/local/bin/fenliu", "/var/lib/fenliu/fenliu.db", "/var/backups/fenliu",
        14).items() if name.endswith(".service"))
