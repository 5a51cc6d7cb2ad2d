"""The reliability lab: a short branch morning on network namespaces with one of each fault loses nothing.

Bounded by counts (24 visitors, every fault once), not by wall time. Needs root and `ip netns add`
(CI runs as root); elsewhere it is skipped with the reason.
"""
from __future__ import annotations

import subprocess

import pytest

from lab import net
from lab.morning import Morning, Options

pytestmark = [pytest.mark.lab, pytest.mark.slow]


@pytest.fixture(scope="module")
def morning_figures(tmp_path_factory):
    why = net.permitted()
    if why:
        pytest.skip(f"the reliability lab cannot build network namespaces here: {why}")
    morning = Morning(Options(tmp_path_factory.mktemp("lab"), visitors=24, per_hour=120.0, speed=15.0))
    try:
        figures = morning.run()
    finally:
        morning.close()
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    figures["left_behind"] = [line.split()[0] for line in listed.splitlines() if line.startswith(net.PREFIX)]
    return figures


def test_every_ticket_issued_offline_is_handed_in_and_none_is_lost(morning_figures):
    hand_in = morning_figures["hand_in"]
    assert hand_in["offline_issued"] > 0
    assert hand_in["handed_in"] == hand_in["offline_issued"]
    assert hand_in["lost"] == [] and hand_in["printed_not_at_host"] == []


def test_no_number_is_issued_twice(morning_figures):
    assert morning_figures["hand_in"]["numbers_twice_at_host"] == []
    assert morning_figures["hand_in"]["numbers_printed_twice"] == []


def test_kiosks_keep_issuing_while_the_host_is_unreachable_or_restarting(morning_figures):
    outages = morning_figures["outages"]
    assert outages["host_unreachable"]["offline_tickets"] >= 1
    assert outages["host_power_cut"]["kiosk_visits"] >= 1
    assert morning_figures["host_restart"]["restart_to_serving_s"] > 0


def test_the_display_shows_every_call_once_and_in_order_after_its_cable_is_back(morning_figures):
    shown = morning_figures["display"]
    assert shown["calls_in_host_log"] > 0
    assert shown["missing"] == 0 and shown["shown_twice"] == 0 and shown["in_order"]
    assert shown["outage_calls_reached_display"] == shown["outage_calls"]


def test_the_slow_link_carried_the_panel_and_the_drifted_kiosk_handed_everything_in(morning_figures):
    assert morning_figures["slow_link"]["delayed_chunks"] > 0
    assert morning_figures["clock_offset"]["handed_in"] == morning_figures["clock_offset"]["offline_tickets"]


def test_the_lab_leaves_no_namespace_behind(morning_figures):
    assert morning_figures["left_behind"] == []
