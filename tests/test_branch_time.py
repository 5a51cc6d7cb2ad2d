"""Branch time on every screen and paper whatever the machine's zone: each case runs in a child process
whose TZ is set to a zone far from the branch's (UTC, and UTC+14), and reads what a customer would see."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.gui_harness import REPO

BRANCH = ZoneInfo("Asia/Shanghai")  # config/branch.toml
ZONES = ["UTC", "Pacific/Kiritimati"]

CHILD = r"""
import json, re, time
from display.present import clock_fields
from display.settings import settings_from_config
from fenliu.branch_time import branch_now
from kiosk.prefill_flow import PrefillFlow
from kiosk.session import Session
from kiosk.tickets import short_time
from printer.remittance import remittance_bytes

flow = PrefillFlow(None, None, None, None, None)
flow.config = {"branch": {"name_zh": "大安支行", "name_en": "Da'an", "timezone": "Asia/Shanghai"}}
flow.session = Session(visit={"ticket": {"number": "A003"}}, customer_ref="6222000000000002")
paper = remittance_bytes(flow.slip()).decode("gb18030", "replace")
settings = settings_from_config({"branch": {"timezone": "Asia/Shanghai"}})
print(json.dumps({"machine": time.strftime("%z"),
                  "slip": re.findall(r"时间 Time (\d{4}-\d\d-\d\d \d\d:\d\d)", paper),
                  "clock": clock_fields(branch_now(settings.timezone))["clock_time"],
                  "ticket": short_time("2026-12-07T22:40:00+00:00", "Asia/Shanghai")}))
"""


def _branch_minutes(fmt: str) -> set[str]:
    """The branch's time now and a minute on (the child may cross a minute's edge)."""
    now = datetime.now(timezone.utc).astimezone(BRANCH)
    return {now.strftime(fmt), (now + timedelta(minutes=1)).strftime(fmt)}


@pytest.mark.parametrize("zone", ZONES)
def test_the_remittance_slip_the_display_clock_and_the_ticket_show_branch_time_on_a_machine_in_another_zone(zone):
    expected_slip, expected_clock = _branch_minutes("%Y-%m-%d %H:%M"), _branch_minutes("%H:%M")
    out = subprocess.run([sys.executable, "-c", CHILD], env={**os.environ, "TZ": zone}, cwd=str(REPO),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["machine"] in ("+0000", "+1400")  # the child really runs in the other zone
    assert len(seen["slip"]) == 1 and seen["slip"][0] in expected_slip  # with its 时间 Time label
    assert seen["clock"] in expected_clock
    assert seen["ticket"] == "2026-12-08 06:40"
