"""Shared fixtures: a real queue host on a loopback port, with its own SQLite file."""
from __future__ import annotations

import pytest

from tests.hostproc import start_host


@pytest.fixture
def host(tmp_path):
    """A real host subprocess for one test, stopped afterwards."""
    running = start_host(tmp_path)
    yield running
    running.stop()


# -- domain fixtures: the shipped branch, an empty lobby, a fixed morning ---------------------------
from datetime import datetime, timedelta  # noqa: E402

from queue_host.config import DEFAULT_PATH, load  # noqa: E402
from queue_host.lobby import Lobby, business_day  # noqa: E402


@pytest.fixture(scope="session")
def cfg():
    """The shipped branch file, parsed."""
    return load(DEFAULT_PATH)


@pytest.fixture
def t0(cfg):
    """09:00 on a Monday, branch time."""
    return datetime(2026, 11, 23, 9, 0, tzinfo=cfg.branch.timezone)


@pytest.fixture
def lobby(cfg, t0):
    """An empty lobby on t0's business day."""
    return Lobby(cfg, business_day(cfg, t0))


def minutes(n: float) -> timedelta:
    """A duration in minutes (reads well in tests)."""
    return timedelta(minutes=n)


# -- head office: one throwaway PostgreSQL server per test session, a fresh database per test -------
import itertools  # noqa: E402

_databases = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server (Debian's package) on a loopback port, for the whole session."""
    from tests.pgserver import PgServer
    server = PgServer().start()
    yield server
    server.destroy()


@pytest.fixture
def hq_db(pg_server):
    """A fresh, empty head-office database on the session's server: its DSN (no password in it)."""
    name = f"hq_{next(_databases)}"
    if not pg_server.running():  # a test that failed while the server was stopped leaves it stopped
        pg_server.start()
    with pg_server.connect() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_server.dsn.replace("dbname=postgres", f"dbname={name}")
