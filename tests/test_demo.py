"""`fenliu demo --headless`: a scripted branch half-hour whose summary agrees with the host's own figures."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.screens import display_can_screenshot
from queue_host.client import HostClient
from tests.hostproc import ROOT, RunningHost, free_port
from tests.tree import source_tree_state


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Run the real command once: 30 branch minutes at 360× (about 5 s), output in a temporary folder."""
    out = tmp_path_factory.mktemp("demo")
    tree = source_tree_state()
    env = {k: v for k, v in os.environ.items() if k != "KIVY_NO_CONSOLELOG"}
    proc = subprocess.run([sys.executable, "-m", "fenliu", "demo", "--headless", "--minutes", "30", "--speed", "360",
                           "--seed", "11", "--out", str(out)], cwd=str(ROOT), capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    RUN.update(console=proc.stdout + proc.stderr, tree_before=tree, tree_after=source_tree_state())
    return out, proc.stdout.strip().splitlines()


RUN: dict = {}


def test_the_headless_demo_prints_no_traceback_no_debug_line_and_writes_nothing_into_the_source_tree(demo):
    assert "Traceback" not in RUN["console"] and "DEBUG" not in RUN["console"], RUN["console"][-3000:]
    assert RUN["tree_after"] == RUN["tree_before"]


def test_the_last_line_is_one_json_object_with_the_figures_the_issue_asks_for(demo):
    _, lines = demo
    summary = json.loads(lines[-1])
    for key in ("visits", "diverted", "tickets", "avg_wait_min", "longest_wait_min", "no_shows", "reinstated"):
        assert key in summary
    assert summary["visits"] > 20 and sum(summary["diverted"].values()) > 5
    assert {"cash", "noncash"} <= set(summary["tickets"])
    assert 0 < summary["avg_wait_min"] <= summary["longest_wait_min"]
    assert summary["consistent"] and summary["errors"] == 0
    assert any("来访 visits" in line for line in lines[:-1])  # a person reads the lines above


def test_the_branch_saw_overrides_no_shows_and_hand_issued_tickets(demo):
    summary = json.loads(demo[1][-1])
    assert summary["overrides"].get("issue") == 1 and summary["overrides"].get("suspend") == 1
    assert summary["manual_tickets"] == 1 and summary["cancelled"] == 1
    assert summary["no_shows"] >= 1 and summary["called"] > 10 and summary["finished"] > 5


def test_every_ticket_is_printed_as_a_png(demo):
    out, lines = demo
    summary = json.loads(lines[-1])
    pngs = sorted((out / "tickets").glob("*.png"))
    assert len(pngs) == summary["tickets_printed"] >= sum(summary["tickets"].values())


@pytest.mark.gui  # the display opens an offscreen window for its screenshot
def test_the_lobby_display_is_screenshotted_at_the_end(demo):
    if not display_can_screenshot():
        pytest.skip("`fenliu display` has no --screenshot option yet (asked of the display's owner)")
    summary = json.loads(demo[1][-1])
    assert summary["display_png"] and Path(summary["display_png"]).stat().st_size > 20_000


def test_a_host_restarted_on_the_demos_database_reports_the_same_figures(demo):
    out, lines = demo
    summary = json.loads(lines[-1])
    host = RunningHost(out / "fenliu-demo.db", free_port(), out / "branch-demo.toml", out / "recheck.log").start()
    try:
        stats = HostClient(host.url, host.tokens["manager"]).get("/api/stats", day=summary["day"])
    finally:
        host.stop()
    assert stats["visits"] == summary["visits"]
    assert stats["diverted_by_target"] == summary["diverted"]
    assert {k: v for k, v in stats["tickets_by_service"].items() if v} == summary["tickets"]
    assert (stats["no_shows"], stats["reinstated"]) == (summary["no_shows"], summary["reinstated"])
