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
