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
