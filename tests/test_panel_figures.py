"""The manager panel's figures tab: today's report from the host as a headline and four Kivy bar charts."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from panel.figures_flow import STALE_S, FiguresFlow
from queue_host.client import HostClient
from tests.gui_harness import run_scenario


def busy_morning(host) -> HostClient:
    """A few visits, calls and a finish on a real host; returns the manager's client."""
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    for purpose, extra in (("cash", {"amount_cny": 100}), ("cash", {"amount_cny": 30000}), ("card_loss", {}),
                           ("card_opening", {"insist_counter": True, "decline_reason": "cannot_operate"}),
                           ("e_banking", {"elderly": True, "insist_counter": True, "decline_reason": "cannot_operate"})):
        kiosk.visit(purpose, **extra)
    boss = HostClient(host.url, host.tokens["manager"])
    boss.call_next("1")
    boss.call_next("1")
    return boss


def test_the_figures_flow_shows_what_api_report_says(host):
    boss = busy_morning(host)
    now = [0.0]
    flow = FiguresFlow(boss, clock=lambda: now[0])
    assert flow.stale() and flow.charts() == []
    out = flow.refresh()
    report = boss.get("/api/report")
    assert out.ok and flow.report["diversion_rate"] == report["diversion_rate"] == 0.5
    titles = [c.title for c in flow.charts()]
    assert titles[0].startswith("每小时分流率") and "Counter utilisation" in titles[3]
    hour = next(iter(report["diversion"]["per_hour"]))
    assert flow.charts()[0].bars[0].label == hour and flow.charts()[0].bars[0].value == 0.5
    assert "来访 5" in flow.headline() and "visits 5" in flow.headline()
    now[0] = STALE_S - 1
    assert not flow.stale()
    now[0] = STALE_S
    assert flow.stale()


def test_a_counter_token_cannot_read_the_report_and_the_flow_says_so(host):
    flow = FiguresFlow(HostClient(host.url, host.tokens["counter-1"]))
    out = flow.refresh()
    assert not out.ok and out.error == "forbidden" and flow.report is None


# ---------------------------------------------------------------- child side (a window exists)
def scenario_figures(driver, url: str, shots: str, tmp: str):
    """The manager opens the figures tab with F5 and reads today's charts."""
    from tests.test_panel_gui import _app, _key, _pin
    app = driver.start(_app(url, tmp))
    _pin(driver, "2468")
    driver.wait_until(lambda: app.root.current == "manager", what="manager mode")
    _key(driver, "f5")
    pane = app.root.current_screen.ids.panes.get_screen("figures")
    driver.wait_until(lambda: app.figures.report is not None and pane.ids.c1.bars, what="figures read")
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-manager-figures.png")
    return {"headline": pane.headline, "titles": [pane.ids[c].title for c in ("c1", "c2", "c3", "c4")],
            "rows": [len(pane.ids[c].ids.rows.children) for c in ("c1", "c2", "c3", "c4")],
            "tab": app.root.current_screen.tab}


@pytest.mark.gui
def test_the_manager_reads_todays_charts_on_the_figures_tab(host, tmp_path):
    busy_morning(host)
    shots = os.environ.get("FENLIU_SCREENSHOTS") or str(tmp_path / "shots")
    out = run_scenario(__file__, "scenario_figures", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots, "tmp": str(tmp_path)})
    assert out["tab"] == "figures"
    assert "分流率 50%" in out["headline"] and "diversion 50%" in out["headline"]
    assert out["titles"][0] == "每小时分流率 Diversion rate per hour"
    assert out["rows"][0] >= 1 and out["rows"][3] == 5  # every counter of the branch
    assert Path(shots, "panel-manager-figures.png").stat().st_size > 10_000
