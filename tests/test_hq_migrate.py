"""`fenliu hq migrate`: plain versioned SQL applied once each, recorded in schema_version."""
from __future__ import annotations

import psycopg
import pytest

from fenliu.cli import main
from headoffice import migrate
from tests.pgserver import PASSWORD


@pytest.fixture
def pgpass(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)


def test_migrate_creates_the_schema_once_and_a_second_run_changes_nothing(hq_db, pgpass, capsys):
    assert main(["hq", "--dsn", hq_db, "migrate"]) == 0
    assert "0001_events" in capsys.readouterr().out
    assert main(["hq", "--dsn", hq_db, "migrate"]) == 0
    assert "up to date" in capsys.readouterr().out
    with psycopg.connect(hq_db) as conn:
        assert migrate.applied(conn) == [v for v, _, _ in migrate.migrations()]
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")}
    assert {"events_pkey", "events_day_branch", "events_branch_day"} <= indexes


def test_a_failing_migration_leaves_nothing_half_done(hq_db, pgpass, tmp_path):
    (tmp_path / "0001_good.sql").write_text("CREATE TABLE a (x int);")
    (tmp_path / "0002_bad.sql").write_text("CREATE TABLE b (x int); SELECT no_such_function();")
    with psycopg.connect(hq_db, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.UndefinedFunction):
            migrate.migrate(conn, tmp_path)
        assert migrate.applied(conn) == [1]
        assert conn.execute("SELECT to_regclass('b')").fetchone()[0] is None
        (tmp_path / "0002_bad.sql").write_text("CREATE TABLE b (x int);")
        assert migrate.migrate(conn, tmp_path) == ["0002_bad"]


def test_migration_files_with_a_gap_are_refused(tmp_path):
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0003_c.sql").write_text("SELECT 1;")
    with pytest.raises(ValueError, match="without gaps"):
        migrate.migrations(tmp_path)


def test_hq_without_a_database_says_how_to_name_one(monkeypatch, capsys):
    monkeypatch.delenv("FENLIU_HQ_DSN", raising=False)
    assert main(["hq", "status"]) == 2
    assert "--dsn" in capsys.readouterr().err


def test_status_before_migrate_says_to_migrate(hq_db, pgpass, capsys):
    assert main(["hq", "--dsn", hq_db, "status"]) == 2
    assert "fenliu hq migrate" in capsys.readouterr().err
